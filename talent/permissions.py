"""Who may do what in the talent registry. Every page and API endpoint asks here.

Personal fields belong to the provider organisation that recorded them: its trainers and focal
points see them, and so does the plan secretariat (which answers subject-access and erasure
requests). Reviewers decide on possible duplicates from pseudonymous facts only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role
from accounts.permissions import has_plan_role, organisations
from participants.models import Organisation
from talent.models import Enrolment, Person, PossibleDuplicate, Programme

ENROLLING_ROLES = (Role.TRAINER, Role.FOCAL_POINT)
# Role look-ups go through accounts.permissions, which reads a user's roles once per request.
# Unlike activities, a superuser gets no secretariat rights here: personal data stays behind
# explicit roles.


def _plan_id(plan) -> int | None:
    return plan.pk if plan is not None else None


def is_secretariat(user, plan=None) -> bool:
    return has_plan_role(user, _plan_id(plan), Role.SECRETARIAT)


def can_review(user, plan=None) -> bool:
    """Reviewers and the secretariat see possible duplicates and merge or unmerge them."""
    return has_plan_role(user, _plan_id(plan), Role.REVIEWER, Role.SECRETARIAT)


def enrolling_organisations(user, programme: Programme) -> QuerySet[Organisation]:
    """The programme's providers for which ``user`` may enrol trainees."""
    providers = programme.providers.all()
    plan_id = programme.activity.plan_id
    if has_plan_role(user, plan_id, Role.SECRETARIAT):
        return providers
    return providers.filter(pk__in=organisations(user, plan_id, *ENROLLING_ROLES))


def can_enrol(user, programme: Programme, provider: Organisation | None = None) -> bool:
    orgs = enrolling_organisations(user, programme)
    return orgs.filter(pk=provider.pk).exists() if provider else orgs.exists()


def can_see_programme_enrolments(user, programme: Programme) -> bool:
    return can_enrol(user, programme) or can_review(user, programme.activity.plan)


def personal_organisations(user) -> set[int] | None:
    """Organisations whose recorded persons ``user`` may see in clear; None means all."""
    if is_secretariat(user):
        return None
    return organisations(user, None, *ENROLLING_ROLES)


def can_see_personal(user, person: Person) -> bool:
    """Secretariat, or a trainer/focal point of the organisation that recorded the person."""
    orgs = personal_organisations(user)
    return orgs is None or person.recorded_by_id in orgs


def can_exercise_rights(user) -> bool:
    """Subject access export and erasure are the secretariat's duty."""
    return is_secretariat(user)


def reviews(user, *people: Person) -> bool:
    """Whether ``user`` reviews a plan in which every one of ``people`` is enrolled."""
    plans = None
    for person in people:
        mine = set(
            Enrolment.objects.filter(person=person).values_list(
                "programme__activity__plan_id", flat=True
            )
        )
        plans = mine if plans is None else plans & mine
    return any(has_plan_role(user, plan, Role.REVIEWER, Role.SECRETARIAT) for plan in plans or ())


def reviewable_person(user, ref) -> Person:
    """The record, if ``user`` reviews a plan it is enrolled in; else not found (404), so a
    reviewer of plan B learns nothing of plan A's trainees."""
    person = Person.objects.filter(ref=ref).first() if ref else None
    if person is None or not reviews(user, person):
        raise Http404("No such trainee record among the plans you review.")
    return person


def reviewable_pair(user, pk: int) -> PossibleDuplicate:
    """The possible duplicate, if ``user`` reviews a plan in which both records are enrolled."""
    pair = PossibleDuplicate.objects.select_related("first", "second").filter(pk=pk).first()
    if pair is None or not reviews(user, pair.first, pair.second):
        raise Http404("No such possible duplicate among the plans you review.")
    return pair
