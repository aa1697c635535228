"""Two-step sign-in: an enrolled user needs a code after the password; wrong codes are
throttled with the passwords' lock-out; the policy makes staff, secretariat and reviewers
enrol before anything else; backup codes work once."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import AuditEvent, AuditKind
from digicoop.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
PRIVATE = "/accounts/tokens/"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.pending_device(user)
    codes = twofactor.confirm(user, device, now(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def now(device: TOTPDevice, steps_ahead: int = 0) -> str:
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


def password(client, username="reviewer", address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_enrolment_page_shows_a_server_drawn_qr_code_and_the_key(client, personas):
    client.force_login(personas.reviewer)
    page = client.get("/accounts/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=personas.reviewer, confirmed=False)
    assert '<svg width="' in page and "<path" in page
    assert twofactor.secret_text(device) in page
    assert "otpauth://" in device.config_url and "digicoop" in device.config_url
    # A reload shows the same key (the app may already hold it).
    client.get("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=personas.reviewer).count() == 1


def test_enrolment_is_confirmed_only_by_a_right_code(client, personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the device's own pause after a wrong code
    client.force_login(personas.reviewer)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=personas.reviewer)
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "not right" in wrong.content.decode() and not twofactor.enrolled(personas.reviewer)
    right = client.post("/accounts/two-factor/", {"code": now(device)})
    assert twofactor.enrolled(personas.reviewer)
    assert right.content.decode().count("<li><code>") == twofactor.BACKUP_CODES
    assert AuditEvent.objects.filter(kind=AuditKind.SECOND_FACTOR).get().detail == {
        "change": "enrolled"
    }


def test_the_password_alone_does_not_sign_an_enrolled_user_in(client, personas):
    device, _codes = enrol(personas.reviewer)
    response = password(client)
    assert response.status_code == 302 and response["Location"] == CODE
    assert not signed_in(client)
    assert client.get(PRIVATE)["Location"].startswith(LOGIN)
    response = client.post(CODE, {"code": now(device, 1)})
    assert response.status_code == 302 and signed_in(client)
    assert client.get(PRIVATE).status_code == 200
    assert AuditEvent.objects.filter(kind=AuditKind.SIGN_IN).count() == 1


def test_the_code_page_needs_the_password_first(client, personas):
    enrol(personas.reviewer)
    response = client.post(CODE, {"code": "123456"})
    assert response["Location"] == LOGIN and not signed_in(client)


def test_the_code_must_follow_the_password_within_minutes(client, personas):
    device, _codes = enrol(personas.reviewer)
    password(client)
    session = client.session
    session["second_factor_pending"]["at"] -= 301
    session.save()
    response = client.post(CODE, {"code": now(device, 1)})
    assert response["Location"] == LOGIN and not signed_in(client)


def test_a_backup_code_works_once(client, personas):
    _device, codes = enrol(personas.reviewer)
    password(client)
    client.post(CODE, {"code": codes[0]})
    assert signed_in(client)
    client.logout()
    password(client)
    response = client.post(CODE, {"code": codes[0]})
    assert "not right" in response.content.decode() and not signed_in(client)
    assert StaticToken.objects.filter(token=codes[0]).count() == 0


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, personas, settings):
    device, _codes = enrol(personas.reviewer)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only django-axes' count here
    password(client)
    statuses = [
        client.post(CODE, {"code": "000000"}, REMOTE_ADDR="198.51.100.7").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # Even the right code is refused now, and a new password attempt too.
    refused = client.post(CODE, {"code": now(device, 1)}, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and "Sign-in paused" in refused.content.decode()
    assert not signed_in(client)
    assert password(client).status_code == 429
    failures = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED)
    wrong_codes = [f for f in failures if f.detail.get("factor") == "code"]
    assert len(wrong_codes) == settings.AXES_FAILURE_LIMIT


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(client, personas, settings):
    _device, _codes = enrol(personas.reviewer)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password(client)
        client.post(CODE, {"code": "000000"})
    password(client)
    assert client.post(CODE, {"code": "000000"}).status_code == 429


def test_the_policy_sends_an_unenrolled_reviewer_to_enrolment_first(client, personas, settings):
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = True
    password(client)
    assert signed_in(client)
    assert client.get(PRIVATE)["Location"] == "/accounts/two-factor/"
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and "Your role requires" in page.content.decode()
    # The API sees such a session as anonymous.
    assert client.get("/api/v1/tokens/").status_code == 401
    device = TOTPDevice.objects.get(user=personas.reviewer)
    client.post("/accounts/two-factor/", {"code": now(device)})
    assert client.get(PRIVATE).status_code == 200  # the enrolment verified this session


def test_the_policy_covers_staff_secretariat_and_reviewers_only(personas, settings):
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = True
    assert twofactor.required(personas.secretariat) and twofactor.required(personas.reviewer)
    assert not twofactor.required(personas.kenyan_focal_point)
    personas.kenyan_focal_point.is_staff = True
    assert twofactor.required(personas.kenyan_focal_point)
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = False
    assert not twofactor.required(personas.secretariat)


def test_a_required_second_factor_cannot_be_turned_off(client, personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    device, _codes = enrol(personas.reviewer)
    password(client)
    client.post(CODE, {"code": now(device, 1)})
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = True
    client.post("/accounts/two-factor/", {"code": "unused", "action": "turn-off"})
    assert twofactor.enrolled(personas.reviewer)
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = False
    codes = twofactor.new_backup_codes(personas.reviewer)
    client.post("/accounts/two-factor/", {"code": codes[0], "action": "turn-off"})
    assert not twofactor.enrolled(personas.reviewer)


def test_a_session_no_code_verified_ends_when_the_user_has_enrolled(client, personas):
    """Signed in on another browser before enrolling: that session ends at its next request."""
    client.force_login(personas.reviewer)
    enrol(personas.reviewer)
    response = client.get(PRIVATE)
    assert response["Location"].startswith(LOGIN) and not signed_in(client)


def test_users_without_a_second_factor_sign_in_as_before(client, personas):
    assert password(client, "kenyan_focal_point").status_code == 302
    assert signed_in(client) and client.get(PRIVATE).status_code == 200


def test_the_secret_is_the_devices_key(personas):
    device = twofactor.pending_device(personas.reviewer)
    secret = twofactor.secret_text(device)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
