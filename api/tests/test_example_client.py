"""The README's example client works against a running server, as a partner would run it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from accounts.tokens import create_token
from activities.models import Activity

CLIENT = Path(__file__).resolve().parents[2] / "docs" / "api_client.py"


def _client_module():
    spec = importlib.util.spec_from_file_location("api_client", CLIENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_lists_creates_and_submits_an_activity(live_server, personas):
    _token, clear = create_token(personas.kenyan_focal_point, "example")
    client = _client_module()

    submitted = client.main(live_server.url, clear, personas.kenyan_ministry.pk)

    assert submitted["workflow_state"] == "submitted"
    stored = Activity.objects.get(iati_identifier="XM-EXAMPLE-1")
    assert stored.workflow_state == "submitted"
    assert stored.reporting_org == personas.kenyan_ministry


def test_the_example_client_reports_a_refusal_with_its_fields(live_server, personas):
    client = _client_module().Client(live_server.url)  # anonymous: writes are refused

    with pytest.raises(Exception, match="401") as refused:
        client.create_activity("china-africa-digital-2024", 1, "XM-EXAMPLE-2", "Refused")

    assert refused.value.status == 401
    assert not Activity.objects.filter(iati_identifier="XM-EXAMPLE-2").exists()
