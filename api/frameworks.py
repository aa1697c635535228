"""/api/v1/frameworks/: the SDG and Agenda 2063 code lists and the tags of an activity."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from activities.models import Activity
from activities.states import Action
from api.auth import load_activity, user_required
from api.schemas import ERRORS, In, RowId
from frameworks.alignment import set_alignments
from frameworks.models import Agenda2063Goal, SdgGoal, SdgTarget
from frameworks.permissions import can_tag
from lib.problems import Problems

router = Router(tags=["frameworks"])
SDG_TARGET = r"^[0-9]{1,2}\.[0-9a-z]{1,2}$"


class GoalOut(Schema):
    code: str
    title: dict[str, str]
    targets: list[str]


class Agenda2063GoalOut(Schema):
    number: int
    aspiration: int
    title: dict[str, str]


class AlignmentIn(In):
    """The whole set of tags; both lists are required (empty to clear)."""

    # The schema states the codes' shape and range; the loaded frameworks decide, so that an
    # unknown code is refused by name together with every other one (422 per field).
    sdg_targets: list[Annotated[str, Field(json_schema_extra={"pattern": SDG_TARGET})]]
    agenda2063_goals: list[Annotated[int, Field(json_schema_extra={"minimum": 1, "maximum": 20})]]


class AlignmentOut(Schema):
    activity: str
    sdg_goals: list[str]
    sdg_targets: list[str]
    agenda2063_goals: list[int]


@router.get("/sdg", response={200: list[GoalOut], **ERRORS})
def sdg_goals(request):
    targets: dict[str, list[str]] = {}
    for code, goal in SdgTarget.objects.values_list("code", "goal_id"):
        targets.setdefault(goal, []).append(code)
    return [
        GoalOut(code=g.code, title=g.title, targets=targets.get(g.code, []))
        for g in SdgGoal.objects.all()
    ]


@router.get("/agenda2063", response={200: list[Agenda2063GoalOut], **ERRORS})
def agenda2063_goals(request):
    return [
        Agenda2063GoalOut(number=g.number, aspiration=g.aspiration_id, title=g.title)
        for g in Agenda2063Goal.objects.all()
    ]


def _out(activity: Activity) -> AlignmentOut:
    sdg = list(activity.sdg_alignments.values_list("goal_id", "target_id"))
    return AlignmentOut(
        activity=activity.iati_identifier,
        sdg_goals=sorted({g for g, _ in sdg}, key=int),
        sdg_targets=sorted(t for _, t in sdg if t),
        agenda2063_goals=sorted(activity.agenda2063_alignments.values_list("goal_id", flat=True)),
    )


@router.get("/activities/{pk}", response={200: AlignmentOut, **ERRORS})
def activity_alignment(request, pk: RowId):
    return _out(load_activity(request, pk, Action.VIEW))


@router.put(
    "/activities/{pk}",
    response={200: AlignmentOut, **ERRORS},
    auth=user_required,
)
def set_activity_alignment(request, pk: RowId, payload: AlignmentIn):
    activity = load_activity(request, pk, Action.VIEW)
    if not can_tag(request.user, activity):
        raise PermissionDenied(
            _("Only the secretariat or the reporting organisation's focal point may tag.")
        )
    problems = Problems()
    known = set(
        SdgTarget.objects.filter(code__in=payload.sdg_targets).values_list("code", flat=True)
    )
    for code in sorted(set(payload.sdg_targets) - known):
        problems.add(
            "sdg_targets",
            _("%(code)s is not an SDG target (expected e.g. 9.c)") % {"code": code},
        )
    goals = set(
        Agenda2063Goal.objects.filter(number__in=payload.agenda2063_goals).values_list(
            "number", flat=True
        )
    )
    for number in sorted(set(payload.agenda2063_goals) - goals):
        problems.add(
            "agenda2063_goals",
            _("%(number)s is not an Agenda 2063 goal (1–20)") % {"number": number},
        )
    problems.raise_if_any()
    set_alignments(activity, payload.sdg_targets, payload.agenda2063_goals, by=request.user)
    return _out(activity)
