from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiToken
from accounts.tokens import user_for_token

pytestmark = pytest.mark.django_db


def test_the_tokens_page_shows_a_new_token_once_and_revokes_it(client, personas):
    client.force_login(personas.chinese_focal_point)
    page = client.post("/accounts/tokens/", {"name": "ERP sync"}).content.decode()
    token = ApiToken.objects.get()
    clear = page.split('id="new-token">')[1].split("<")[0]
    assert user_for_token(clear) == personas.chinese_focal_point
    assert clear not in client.get("/accounts/tokens/").content.decode()
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert user_for_token(clear) is None


def test_someone_elses_token_cannot_be_revoked(client, personas):
    client.force_login(personas.chinese_focal_point)
    client.post("/accounts/tokens/", {"name": "mine"})
    client.force_login(personas.kenyan_focal_point)
    client.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/")
    assert ApiToken.objects.get().is_active


def test_the_tokens_page_needs_a_signed_in_user(client):
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")


def test_the_command_creates_lists_and_revokes_tokens(personas):
    out = StringIO()
    call_command("api_token", "create", "kenyan_focal_point", "nightly", stdout=out)
    clear = out.getvalue().strip().splitlines()[-1]
    assert user_for_token(clear) == personas.kenyan_focal_point
    token = ApiToken.objects.get()
    out = StringIO()
    call_command("api_token", "list", "kenyan_focal_point", stdout=out)
    assert "nightly" in out.getvalue() and "1 token(s)" in out.getvalue()
    call_command("api_token", "revoke", "kenyan_focal_point", str(token.pk), stdout=StringIO())
    assert user_for_token(clear) is None
    with pytest.raises(CommandError, match="no active token"):
        call_command("api_token", "revoke", "kenyan_focal_point", str(token.pk))
    with pytest.raises(CommandError, match="no user"):
        call_command("api_token", "list", "nobody")
