"""Who may record and update pledges and keep the reporting calendar: the one place these
rules live. Pages ask the loaders below, which fetch and authorise at once.

Roles are scoped to the plan (``accounts.permissions``): a role in plan B gives nothing over
plan A's pledges or due dates. In the words of the plan's secretariat:
- the secretariat records and updates every pledge of the plan, may correct a pledge's status
  (move it back, reopen a dropped pledge), and keeps the plan's reporting calendar;
- a focal point records and updates its own organisation's pledges (moving them forward or
  dropping them), and nothing of another organisation's;
- everyone else reads: pledges and due dates are public.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import is_secretariat, organisations
from finance.models import Pledge, ReportingDeadline
from plans.models import Plan


def pledging_organisations(user, plan_id: int) -> set[int] | None:
    """Organisations ``user`` records pledges for in the plan; None means every partner (the
    plan's secretariat)."""
    if is_secretariat(user, plan_id):
        return None
    return organisations(user, plan_id, Role.FOCAL_POINT)


def may_pledge(user, plan_id: int) -> bool:
    """May ``user`` record a pledge in the plan at all (for some organisation)?"""
    orgs = pledging_organisations(user, plan_id)
    return orgs is None or bool(orgs)


def may_update(user, pledge: Pledge) -> bool:
    """May ``user`` edit the pledge and move its status?"""
    orgs = pledging_organisations(user, pledge.plan_id)
    return orgs is None or pledge.organisation_id in orgs


def may_correct(user, pledge: Pledge) -> bool:
    """A status moved back, or a dropped pledge reopened, corrects the record of what a partner
    said: the plan's secretariat only (a partner moves its own pledges forward, or drops them)."""
    return is_secretariat(user, pledge.plan_id)


def may_keep_calendar(user, plan_id: int) -> bool:
    """The reporting calendar is the plan's: its secretariat sets the due dates."""
    return is_secretariat(user, plan_id)


def _plan(slug: str) -> Plan:
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404(_("No such plan."))
    return plan


def load_plan_to_pledge(user, slug: str) -> Plan:
    """The plan ``slug`` if ``user`` records pledges in it (for some organisation)."""
    plan = _plan(slug)
    if not may_pledge(user, plan.pk):
        raise PermissionDenied(
            _("Only the plan's secretariat and its partners' focal points record pledges.")
        )
    return plan


def load_pledge(user, pk: int) -> Pledge:
    """The pledge ``pk`` if ``user`` may update it. Pledges are public, so one that exists is
    refused (403), not hidden."""
    pledge = (
        Pledge.objects.select_related("plan", "organisation", "target", "pillar")
        .filter(pk=pk)
        .first()
    )
    if pledge is None:
        raise Http404(_("No such pledge."))
    if not may_update(user, pledge):
        raise PermissionDenied(
            _("Only the plan's secretariat and the partner's focal points update this pledge.")
        )
    return pledge


def load_calendar(user, slug: str) -> Plan:
    """The plan ``slug`` if ``user`` keeps its reporting calendar."""
    plan = _plan(slug)
    if not may_keep_calendar(user, plan.pk):
        raise PermissionDenied(_("Only the plan's secretariat sets its reporting due dates."))
    return plan


def load_deadline(user, pk: int) -> ReportingDeadline:
    """The due date ``pk`` if ``user`` keeps its plan's reporting calendar."""
    deadline = ReportingDeadline.objects.select_related("plan").filter(pk=pk).first()
    if deadline is None:
        raise Http404(_("No such due date."))
    if not may_keep_calendar(user, deadline.plan_id):
        raise PermissionDenied(_("Only the plan's secretariat sets its reporting due dates."))
    return deadline
