"""Joining the plan: an organisation applies, the secretariat decides.

An application creates nothing but itself: the organisation, its membership of the plan
(``participants.services``) and the invitation of its contact as focal point
(``accounts.invitations``) are made together when the secretariat approves it, in one
transaction. The applicant is told by e-mail either way, from a job.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, invitations
from accounts.models import AuditKind, Role
from accounts.permissions import is_secretariat
from participants import services as memberships
from participants.models import Organisation
from workspace import notify
from workspace.models import Application, ApplicationStatus, MutedKind

RATE_WINDOW = 3600  # seconds: the limit is per hour


class TooMany(Exception):
    """Too many applications from one address or for one e-mail within the hour."""


def normalised(name: str) -> str:
    """A name as duplicates are compared: case, accents, punctuation and spacing aside, so
    "Université de Dakar" and "universite de dakar." are the same organisation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def match_key(name: str, country_code: str) -> str:
    return f"{country_code.upper()}:{normalised(name)}"[:320]


def _count(key: str) -> int:
    cache.add(key, 0, RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        return 1


def check_rate(address: str, email: str) -> None:
    """Count one application from ``address`` for ``email``; TooMany past the hourly limit.

    Both are counted, so neither a bot changing e-mails nor one changing addresses gets
    through. Counted in Django's cache: a short-lived tally, not a record.
    """
    limit = settings.DIGICOOP_JOIN_LIMIT_PER_HOUR
    # Hashed: keys stay short and safe for any cache backend, and hold no address in clear.
    by_address = _count("join:address:" + hashlib.sha256(address.encode()).hexdigest())
    by_email = _count("join:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest())
    if by_address > limit or by_email > limit:
        raise TooMany(
            _("Too many applications from here in the last hour. Please try again later.")
        )


def apply(plan, data: dict, *, language: str = "") -> Application:
    """Record an application (only that: nothing else is created until it is approved)."""
    names: dict[str, str] = {code: text for code, text in data["names"].items() if text}
    primary = names.get(settings.LANGUAGE_CODE) or next(iter(names.values()))
    with transaction.atomic():
        application = Application.objects.create(
            plan=plan,
            name=primary,
            names=names,
            type=data["type"],
            country=data["country"],
            website=data.get("website", ""),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            statement=data["statement"],
            language=language,
            match_key=match_key(primary, data["country"].code),
        )
        application.pillars.set(data.get("pillars", []))
        notify.application_received(application)
    return application


def pending(plan) -> QuerySet[Application]:
    return Application.objects.filter(plan=plan, status=ApplicationStatus.PENDING)


def queue(user, plan) -> QuerySet[Application]:
    """The plan's applications for its secretariat (403 for anyone else), waiting ones first."""
    if not is_secretariat(user, plan.pk):
        raise PermissionDenied(_("Only the plan's secretariat decides applications."))
    return (
        Application.objects.filter(plan=plan)
        .select_related("country", "decided_by", "organisation")
        .prefetch_related("pillars")
        .annotate(
            decided=Case(
                When(status=ApplicationStatus.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("decided", "-submitted_at", "-pk")
    )


def possible_duplicates(applications: Iterable[Application]) -> dict[int, list[str]]:
    """For each application, what else carries the same normalised name in the same country:
    other applications, and organisations already on record. Two queries whatever the number
    of applications."""
    applications = list(applications)
    keys = {a.match_key for a in applications}
    by_key: dict[str, list[Application]] = defaultdict(list)
    for other in Application.objects.filter(match_key__in=keys).only("pk", "match_key", "name"):
        by_key[other.match_key].append(other)
    countries = {a.country_id for a in applications}
    known: dict[str, list[Organisation]] = defaultdict(list)
    for org in Organisation.objects.filter(country_id__in=countries).only(
        "pk", "name", "names", "country_id"
    ):
        for text in {org.name, *(v for v in org.names.values() if isinstance(v, str))}:
            known[match_key(text, org.country_id or "")].append(org)
    found: dict[int, list[str]] = {}
    for a in applications:
        same = [_("application #%(n)s") % {"n": o.pk} for o in by_key[a.match_key] if o.pk != a.pk]
        same += [
            _("member %(name)s") % {"name": o.name}
            for o in known[a.match_key]
            if o.pk != a.organisation_id
        ]
        if same:
            found[a.pk] = same
    return found


def _organisation_from(application: Application) -> Organisation:
    others = {code: text for code, text in application.names.items() if text != application.name}
    return Organisation.objects.create(
        name=application.name,
        names=others,
        type=application.type,
        country=application.country,
        website=application.website,
    )


def decide(application: Application, by, *, approve: bool, reason: str = "") -> Application:
    """Approve or reject ``application``; the applicant is told by e-mail (from a job).

    Approval creates the organisation, its approved membership of the plan and the invitation
    of the contact as its focal point, all or nothing. A rejection needs its reason.
    """
    if not is_secretariat(by, application.plan_id):
        raise PermissionDenied(_("Only the plan's secretariat decides applications."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": [_("Say why the application is rejected.")]})
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != ApplicationStatus.PENDING:
            raise ValidationError(_("This application has already been decided."))
        current.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
        current.decided_at, current.decided_by, current.reason = timezone.now(), by, reason.strip()
        if approve:
            current.organisation = _organisation_from(current)
            membership = memberships.apply(current.plan, current.organisation)
            memberships.approve(membership, by)
            invitations.invite(
                by,
                email=current.contact_email,
                plan=current.plan,
                role=Role.FOCAL_POINT,
                organisation=current.organisation,
                language=current.language,
            )
        current.save()
        audit.record(
            AuditKind.CREATE if approve else AuditKind.UPDATE,
            actor=by,
            plan=current.plan,
            target=f"application {current.pk}",
            decision=current.status,
            organisation=current.organisation_id,
        )
        notify.application_decided(current)
    return current


def set_muted(user, kinds: set[str]) -> None:
    """``user`` receives every kind of notification but ``kinds`` (neither e-mail nor notice)."""
    with transaction.atomic():
        MutedKind.objects.filter(user=user).exclude(kind__in=kinds).delete()
        for kind in kinds:
            MutedKind.objects.get_or_create(user=user, kind=kind)
