"""The second factor: a TOTP authenticator app (django-otp) with single-use backup codes.

Who needs it: everyone who enrolled (signing in then takes the password *and* a code), and,
when DIGICOOP_REQUIRE_2FA_FOR_STAFF is on, every staff user and every secretariat officer or
reviewer of any plan, who must enrol before they can do anything else.

A wrong code counts as a failed sign-in (django-axes): the password alone does not reset the
count, so guessing codes after a stolen password is locked out like guessing passwords.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role

BACKUP_CODES = 10
# Roles whose holders decide what a plan publishes: their accounts are worth stealing.
GUARDED_ROLES = (Role.SECRETARIAT, Role.REVIEWER)


def enrolled(user) -> bool:
    """The user has a confirmed authenticator: signing in asks for a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required(user) -> bool:
    """The configured policy asks this user for a second factor (enrolled or not yet)."""
    if not settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF:
        return False
    return bool(
        user.is_staff or user.is_superuser or user.roles.filter(role__in=GUARDED_ROLES).exists()
    )


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled (one per user, kept until confirmed, so reloading the
    page shows the same secret the app already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 (what an app asks for when the QR code cannot be scanned)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// address as an SVG QR code drawn on the server (no image service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title=title, border=2)


@transaction.atomic
def confirm(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the enrolment with a code from the app; return the new backup codes (shown
    once), or None when the code is wrong. Any earlier authenticator is replaced."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with fresh ones; each works once."""
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def verify(user, code: str):
    """The device a code (from the app, or a backup code, used up) belongs to, or None."""
    code = "".join(code.split())
    if not code or len(code) > 16:
        return None
    return match_token(user, code)


@transaction.atomic
def turn_off(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
