"""The second factor: a TOTP authenticator app (django-otp) with single-use backup codes.

Who needs it: everyone who enrolled (signing in then takes the password *and* a code); the
secretariat officers and reviewers of a plan that requires it (``Plan.require_two_factor``);
and, when DIGICOOP_REQUIRE_2FA_FOR_STAFF is on, every staff user and every secretariat officer
or reviewer of any plan. Those it requires must enrol before they can do anything else.

A wrong code counts as a failed sign-in (django-axes): the password alone does not reset the
count, so guessing codes after a stolen password is locked out like guessing passwords.
"""

from __future__ import annotations

import base64
from functools import cache

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, RoleAssignment, User

BACKUP_CODES = 10
# Roles whose holders decide what a plan publishes: their accounts are worth stealing.
GUARDED_ROLES = (Role.SECRETARIAT, Role.REVIEWER)
# What accounts.signin.Backend loads with the session's user, in the same query.
ENROLLED = "second_factor_enrolled"
GUARDED = "second_factor_guarded"


def enrolled(user) -> bool:
    """The user has a confirmed authenticator: signing in asks for a code."""
    return _devices(user).exists()


def required(user) -> bool:
    """The policy asks this user for a second factor (enrolled or not yet): the site-wide
    setting for staff and for every plan's secretariat and reviewers, or a plan that requires
    it for its own secretariat and reviewers (their role elsewhere does not count)."""
    any_plan = settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF
    return _staff_required(user) or _guarded_roles(user, any_plan).exists()


def users_with_answers() -> QuerySet:
    """Users loaded with ``enrolled`` and the roles part of ``required`` (two EXISTS in the
    same query): the check every request of an unverified session makes then costs nothing.

    The query is built once per policy (building it takes longer than running it); what it
    answers is read from the database each time it runs."""
    return _users_with_answers(bool(settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF))


@cache
def _users_with_answers(any_plan: bool) -> QuerySet:
    return User.objects.annotate(
        **{
            ENROLLED: Exists(_devices(OuterRef("pk"))),
            GUARDED: Exists(_guarded_roles(OuterRef("pk"), any_plan)),
        }
    )


def answers(user) -> tuple[bool, bool]:
    """``(enrolled, required)`` for the request's user, as loaded with it by
    ``users_with_answers`` when it was (no query), else asked of the database now.

    Read as the request began, from the database (never kept in the session): enrolling on
    another browser, a role granted or a plan's setting turned on counts at the next request.
    """
    if hasattr(user, ENROLLED):
        return getattr(user, ENROLLED), _staff_required(user) or getattr(user, GUARDED)
    return enrolled(user), required(user)


def _devices(user) -> QuerySet:
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def _staff_required(user) -> bool:
    return settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF and (user.is_staff or user.is_superuser)


def _guarded_roles(user, any_plan: bool) -> QuerySet:
    """The user's secretariat and reviewer roles: in any plan (the site-wide setting), or in
    the plans that require a second factor."""
    roles = RoleAssignment.objects.filter(user=user, role__in=GUARDED_ROLES)
    return roles if any_plan else roles.filter(plan__require_two_factor=True)


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
