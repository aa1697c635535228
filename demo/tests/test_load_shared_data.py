"""`make run` loads the shared frameworks and indicators when the folder is there."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from frameworks.models import SdgGoal
from indicators.models import Observation

pytestmark = pytest.mark.django_db


def test_it_loads_frameworks_and_each_indicator_series_in_place(tmp_path, shared_data):
    # A folder shaped like the shared one, holding one series, read through links (no copy).
    (tmp_path / "indicators" / "wdi-datasets-org").mkdir(parents=True)
    (tmp_path / "frameworks").symlink_to(shared_data / "frameworks")
    series = shared_data / "indicators/wdi-datasets-org/it.net.secr.p6"
    (tmp_path / "indicators/wdi-datasets-org/it.net.secr.p6").symlink_to(series)
    out = StringIO()
    call_command("load_shared_data", str(tmp_path), stdout=out)
    assert SdgGoal.objects.count() == 17
    assert Observation.objects.filter(indicator__code="IT.NET.SECR.P6", country="KE").exists()
    assert "IT.NET.SECR.P6" in out.getvalue()


def test_without_the_folder_it_says_so_and_loads_nothing(tmp_path):
    out = StringIO()
    call_command("load_shared_data", str(tmp_path / "absent"), stdout=out)
    assert "No shared data" in out.getvalue()
    assert not SdgGoal.objects.exists()
