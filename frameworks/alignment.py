"""Tagging activities with SDG targets/goals and Agenda 2063 goals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from activities import services
from frameworks.models import (
    Agenda2063Alignment,
    Agenda2063Goal,
    AlignmentSource,
    SdgAlignment,
    SdgGoal,
    SdgTarget,
)


def _known() -> tuple[set[str], dict[str, str], set[str]]:
    goals = set(SdgGoal.objects.values_list("code", flat=True))
    targets = dict(SdgTarget.objects.values_list("code", "goal_id"))
    a2063 = {str(n) for n in Agenda2063Goal.objects.values_list("number", flat=True)}
    return goals, targets, a2063


def replace_imported_alignments(
    activities: Mapping[int, tuple[Iterable[str], Iterable[str]]],
) -> int:
    """Replace the IATI-derived tags of these activities; tags made by users stay.

    ``activities`` maps an activity id to (SDG codes such as "9" or "9.c", Agenda 2063 goal
    numbers). Codes that are not loaded (frameworks missing, or not a real target) are
    skipped: the IATI data itself keeps them, so nothing is lost. Returns tags created.
    """
    ids = list(activities)
    SdgAlignment.objects.filter(activity_id__in=ids, source=AlignmentSource.IATI).delete()
    Agenda2063Alignment.objects.filter(activity_id__in=ids, source=AlignmentSource.IATI).delete()
    if not any(sdg or a2063 for sdg, a2063 in activities.values()):
        return 0
    goals, targets, a2063_goals = _known()
    manual_sdg = set(
        SdgAlignment.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "goal_id", "target_id"
        )
    )
    manual_a2063 = set(
        Agenda2063Alignment.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "goal_id"
        )
    )
    sdg_rows, a2063_rows = [], []
    for activity_id, (sdg_codes, a2063_codes) in activities.items():
        for code in sorted(set(sdg_codes)):
            if code in targets:
                key = (activity_id, targets[code], code)
            elif code in goals:
                key = (activity_id, code, None)
            else:
                continue
            if key not in manual_sdg:
                manual_sdg.add(key)
                sdg_rows.append(
                    SdgAlignment(
                        activity_id=activity_id,
                        goal_id=key[1],
                        target_id=key[2],
                        source=AlignmentSource.IATI,
                    )
                )
        for code in sorted(set(a2063_codes)):
            if code in a2063_goals and (activity_id, int(code)) not in manual_a2063:
                manual_a2063.add((activity_id, int(code)))
                a2063_rows.append(
                    Agenda2063Alignment(
                        activity_id=activity_id, goal_id=int(code), source=AlignmentSource.IATI
                    )
                )
    SdgAlignment.objects.bulk_create(sdg_rows)
    Agenda2063Alignment.objects.bulk_create(a2063_rows)
    return len(sdg_rows) + len(a2063_rows)


def _tags(activity) -> dict[str, list]:
    return {
        "sdg": sorted(
            target or goal
            for goal, target in activity.sdg_alignments.values_list("goal_id", "target_id")
        ),
        "agenda2063": sorted(activity.agenda2063_alignments.values_list("goal_id", flat=True)),
    }


@transaction.atomic
def set_alignments(
    activity, sdg_targets: Iterable[str], agenda2063_goals: Iterable[int], *, by=None
) -> None:
    """Make the user-chosen tags of an activity exactly these (IATI-derived tags are kept).

    A change goes through the activities' door (``record_tag_change``): new version, history
    entry and audit line, in this transaction."""
    before = _tags(activity)
    targets = {t.code: t for t in SdgTarget.objects.filter(code__in=list(sdg_targets))}
    SdgAlignment.objects.filter(activity=activity, source=AlignmentSource.MANUAL).exclude(
        target_id__in=list(targets)
    ).delete()
    have = set(activity.sdg_alignments.values_list("target_id", flat=True))
    SdgAlignment.objects.bulk_create(
        SdgAlignment(activity=activity, goal_id=t.goal_id, target=t)
        for code, t in targets.items()
        if code not in have
    )
    numbers = {int(n) for n in agenda2063_goals}
    Agenda2063Alignment.objects.filter(activity=activity, source=AlignmentSource.MANUAL).exclude(
        goal_id__in=numbers
    ).delete()
    have_goals = set(activity.agenda2063_alignments.values_list("goal_id", flat=True))
    Agenda2063Alignment.objects.bulk_create(
        Agenda2063Alignment(activity=activity, goal_id=n)
        for n in Agenda2063Goal.objects.filter(number__in=numbers).values_list("number", flat=True)
        if n not in have_goals
    )
    services.record_tag_change(activity, by, before, _tags(activity))
