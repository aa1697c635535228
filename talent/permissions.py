"""Who may do what in the talent registry. Every page and API endpoint asks here.

Every role is scoped to a plan: a trainee belongs to the plans of the programmes it is enrolled
in, and being secretariat or reviewer of plan B gives nothing over a trainee of plan A only.
Subject access and erasure reach every plan the trainee is in, so they need the secretariat
role in each of those plans. One loader per object (``load_person``, ``load_programme``, …)
fetches and authorises together.

Personal fields belong to the provider organisation that recorded them: its trainers and focal
points see them, and so does the plan secretariat (which answers subject-access and erasure
requests). Reviewers decide on possible duplicates from pseudonymous facts only.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_plan_role, organisations, plans_with_role
from activities.permissions import can
from activities.states import Action
from participants.models import Organisation
from talent.models import Certificate, Enrolment, Person, PossibleDuplicate, Programme

ENROLLING_ROLES = (Role.TRAINER, Role.FOCAL_POINT)
REVIEWING_ROLES = (Role.REVIEWER, Role.SECRETARIAT)


class PersonAction(StrEnum):
    VIEW = "view"  # the pseudonymous record (and personal fields where allowed)
    RIGHTS = "rights"  # subject-access export and erasure


# Role look-ups go through accounts.permissions, which reads a user's roles once per request.
# Unlike activities, a superuser gets no secretariat rights here: personal data stays behind
# explicit roles.


def _plan_id(plan) -> int | None:
    return plan.pk if plan is not None else None


def is_secretariat(user, plan=None) -> bool:
    return has_plan_role(user, _plan_id(plan), Role.SECRETARIAT)


def can_review(user, plan=None) -> bool:
    """Reviewers and the secretariat see possible duplicates and merge or unmerge them."""
    return has_plan_role(user, _plan_id(plan), *REVIEWING_ROLES)


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


def person_plans(person: Person) -> set[int]:
    """The plans a trainee belongs to: those of the programmes it (or a record merged into it)
    is enrolled in."""
    return set(
        Enrolment.objects.filter(Q(person=person) | Q(talent=person))
        .values_list("programme__activity__plan_id", flat=True)
        .distinct()
    )


def _holds_in_all(user, plans: set[int], *roles: str) -> bool:
    return bool(plans) and plans <= plans_with_role(user, *roles)


def personal_organisations(user, plan_id: int) -> set[int] | None:
    """Organisations whose recorded persons ``user`` may see in clear among the trainees of
    plan ``plan_id``; None means all of them (the plan's secretariat)."""
    if has_plan_role(user, plan_id, Role.SECRETARIAT):
        return None
    return organisations(user, plan_id, *ENROLLING_ROLES)


def can_see_personal(user, person: Person, plans: set[int] | None = None) -> bool:
    """Secretariat of a plan the person is in, or a trainer/focal point (in such a plan) of the
    organisation that recorded the person."""
    plans = person_plans(person) if plans is None else plans
    for plan_id in plans:
        orgs = personal_organisations(user, plan_id)
        if orgs is None or person.recorded_by_id in orgs:
            return True
    return False


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
        raise Http404(_("No such trainee record among the plans you review."))
    return person


def reviewable_pair(user, pk: int) -> PossibleDuplicate:
    """The possible duplicate, if ``user`` reviews a plan in which both records are enrolled."""
    pair = PossibleDuplicate.objects.select_related("first", "second").filter(pk=pk).first()
    if pair is None or not reviews(user, pair.first, pair.second):
        raise Http404(_("No such possible duplicate among the plans you review."))
    return pair


def person_allows(user, action: PersonAction, person: Person, plans: set[int]) -> bool:
    if action == PersonAction.VIEW:
        return can_see_personal(user, person, plans) or reviews(user, person)
    return _holds_in_all(user, plans, Role.SECRETARIAT)


def load_person(user, ref, action: PersonAction | str) -> Person:
    """The person ``ref`` if ``user`` may do ``action`` to it: fetch and authorise at once."""
    try:
        uuid.UUID(str(ref))
    except ValueError:
        raise Http404(_("No such trainee.")) from None
    person = get_object_or_404(Person.objects.select_related("recorded_by", "merged_into"), ref=ref)
    if not person_allows(user, PersonAction(action), person, person_plans(person)):
        raise PermissionDenied(_refusal(PersonAction(action)))
    return person


def _refusal(action: PersonAction) -> str:
    if action == PersonAction.RIGHTS:
        return _(
            "Only the secretariat of every plan this trainee is enrolled in answers subject "
            "access and erasure requests."
        )
    return _("This trainee is not enrolled in a plan where you hold a role.")


def person_view(action: PersonAction) -> Callable:
    """View decorator: the view receives the person named by ``ref`` in the URL, authorised."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, ref, *args, **kwargs):
            return view(request, load_person(request.user, ref, action), *args, **kwargs)

        return wrapper

    return decorate


def load_programme(user, pk: int) -> Programme:
    """A programme is seen by whoever may see its activity (a draft's programme is not found)."""
    programme = get_object_or_404(
        Programme.objects.select_related("activity__plan", "activity__kind"), pk=pk
    )
    if not can(user, Action.VIEW, programme.activity):
        raise Http404(_("No such programme."))
    return programme


def load_enrolling(user, pk: int) -> tuple[Programme, QuerySet[Organisation]]:
    """The programme ``pk`` and the providers ``user`` enrols for (refused when none)."""
    programme = load_programme(user, pk)
    orgs = enrolling_organisations(user, programme)
    if not orgs.exists():
        raise PermissionDenied(_("You do not enrol trainees for this programme's providers."))
    return programme, orgs


def load_enrolment_to_certify(user, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("programme__activity", "provider"), pk=pk
    )
    if not can_enrol(user, enrolment.programme, enrolment.provider):
        raise PermissionDenied(_("Only the provider's trainers issue its certificates."))
    return enrolment


def load_certificate(user, code: str) -> Certificate:
    """A certificate's PDF carries the trainee's name: only for who may see it in clear, in
    the plan of the programme it certifies."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__person", "enrolment__programme__activity"),
        code=code,
    )
    enrolment = certificate.enrolment
    if not can_see_personal(user, enrolment.person, {enrolment.programme.activity.plan_id}):
        raise PermissionDenied(_("This certificate names a trainee you may not see."))
    return certificate
