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
    assert "nightly" in out.getvalue() and "1 token for" in out.getvalue()
    call_command("api_token", "revoke", "kenyan_focal_point", str(token.pk), stdout=StringIO())
    assert user_for_token(clear) is None
    with pytest.raises(CommandError, match="no active token"):
        call_command("api_token", "revoke", "kenyan_focal_point", str(token.pk))
    with pytest.raises(CommandError, match="no user"):
        call_command("api_token", "list", "nobody")


# --- expiry, revocation and last use ------------------------------------------------------------


def _bearer(clear: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


ME = "/api/v1/activities/"  # any API read: a refused token is refused before it runs


def test_a_token_expires_after_the_configured_days(personas, settings):
    import datetime as dt

    from django.utils import timezone

    from accounts.tokens import create_token

    settings.DIGICOOP_API_TOKEN_DAYS = 30
    before = timezone.now()
    token, _clear = create_token(personas.secretariat, "sync")
    assert dt.timedelta(days=30) <= token.expires_at - before < dt.timedelta(days=30, minutes=1)
    # A shorter life may be asked, a longer one is cut to the configured days.
    assert (create_token(personas.secretariat, "x", days=2)[0].expires_at - before).days == 2
    assert (create_token(personas.secretariat, "y", days=900)[0].expires_at - before).days == 30


def test_an_expired_token_is_refused_with_401_saying_it_expired(client, personas):
    import datetime as dt

    from django.utils import timezone

    from accounts.tokens import create_token

    token, clear = create_token(personas.secretariat, "sync")
    assert client.get(ME, **_bearer(clear)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(ME, **_bearer(clear))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert user_for_token(clear) is None


def test_a_revoked_token_is_refused_with_401_saying_so(client, personas):
    from accounts.tokens import create_token, revoke_token

    token, clear = create_token(personas.secretariat, "sync")
    revoke_token(personas.secretariat, token.pk)
    response = client.get(ME, **_bearer(clear))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    unknown = client.get(ME, **_bearer("dc_" + "x" * 43))
    assert unknown.status_code == 401 and "not valid" in unknown.json()["detail"]


def test_a_use_is_recorded_as_last_used(client, personas):
    from accounts.tokens import create_token

    token, clear = create_token(personas.secretariat, "sync")
    assert token.last_used_at is None
    client.get(ME, **_bearer(clear))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_a_digest_of_the_token_is_stored(personas):
    import hashlib

    from accounts.tokens import create_token

    token, clear = create_token(personas.secretariat, "sync")
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert clear not in str(stored)
    assert stored["digest"] == hashlib.sha256(clear.encode()).hexdigest()


def test_the_tokens_page_shows_the_expiry_and_refuses_a_longer_life(client, personas, settings):
    settings.DIGICOOP_API_TOKEN_DAYS = 90
    client.force_login(personas.chinese_focal_point)
    refused = client.post("/accounts/tokens/", {"name": "ERP", "days": "365"})
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    client.post("/accounts/tokens/", {"name": "ERP", "days": "7"})
    token = ApiToken.objects.get()
    page = client.get("/accounts/tokens/").content.decode()
    assert f"{token.expires_at:%-d %b %Y}" in page
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 7
