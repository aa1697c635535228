"""Who may do what in the talent registry. Every page and API endpoint asks here.

Personal fields belong to the provider organisation that recorded them: its trainers and focal
points see them, and so does the plan secretariat (which answers subject-access and erasure
requests). Reviewers decide on possible duplicates from pseudonymous facts only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role, RoleAssignment
from participants.models import Organisation
from talent.models import Person, Programme

ENROLLING_ROLES = (Role.TRAINER, Role.FOCAL_POINT)


def _roles(user, plan=None) -> QuerySet[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return RoleAssignment.objects.none()
    roles = RoleAssignment.objects.filter(user=user)
    return roles.filter(plan=plan) if plan is not None else roles


def is_secretariat(user, plan=None) -> bool:
    return _roles(user, plan).filter(role=Role.SECRETARIAT).exists()


def can_review(user, plan=None) -> bool:
    """Reviewers and the secretariat see possible duplicates and merge or unmerge them."""
    return _roles(user, plan).filter(role__in=(Role.REVIEWER, Role.SECRETARIAT)).exists()


def enrolling_organisations(user, programme: Programme) -> QuerySet[Organisation]:
    """The programme's providers for which ``user`` may enrol trainees."""
    providers = programme.providers.all()
    plan = programme.activity.plan
    if is_secretariat(user, plan):
        return providers
    orgs = _roles(user, plan).filter(role__in=ENROLLING_ROLES).values("organisation")
    return providers.filter(pk__in=orgs)


def can_enrol(user, programme: Programme, provider: Organisation | None = None) -> bool:
    orgs = enrolling_organisations(user, programme)
    return orgs.filter(pk=provider.pk).exists() if provider else orgs.exists()


def can_see_programme_enrolments(user, programme: Programme) -> bool:
    return can_enrol(user, programme) or can_review(user, programme.activity.plan)


def organisations_with_personal_access(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=_roles(user).filter(role__in=ENROLLING_ROLES).values("organisation")
    )


def can_see_personal(user, person: Person) -> bool:
    """Secretariat, or a trainer/focal point of the organisation that recorded the person."""
    roles = _roles(user)
    return roles.filter(
        Q(role=Role.SECRETARIAT) | Q(role__in=ENROLLING_ROLES, organisation=person.recorded_by_id)
    ).exists()


def personal_access_filter(user) -> Q:
    """A filter on Person for the records whose personal fields ``user`` may see."""
    if is_secretariat(user):
        return Q()
    return Q(recorded_by__in=organisations_with_personal_access(user))


def can_exercise_rights(user) -> bool:
    """Subject access export and erasure are the secretariat's duty."""
    return is_secretariat(user)
