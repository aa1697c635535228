"""The results framework of an activity: result → indicator → period → disaggregation.

An indicator may report against one of the plan's standard indicators; its figures then add up
with every other activity's across the plan (``progress.metrics.indicator_total``). To make the
sum meaningful the indicator takes the standard indicator's unit.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from activities import models as m
from activities.services import _rows, _save_rows, editing
from lib.problems import Problems

LEVELS = [
    ("results", m.Result, "activity"),
    ("indicators", m.ResultIndicator, "result"),
    ("periods", m.IndicatorPeriod, "indicator"),
    ("disaggregations", m.Disaggregation, "period"),
]

Tree = tuple[dict, list]


def _resolve_standard(plan, rows: list[dict], path: str, errors: Problems) -> list[dict]:
    out = []
    standards = {s.code: s for s in plan.standard_indicators.all()}
    for i, row in enumerate(rows):
        row = dict(row)
        if "standard_indicator" in row:
            code = row.pop("standard_indicator")
            standard = standards.get(code) if code else None
            if code and standard is None:
                errors.add(
                    f"{path}[{i}].standard_indicator",
                    _("%(code)r is not a standard indicator of this plan.") % {"code": code},
                )
            row["standard_indicator"] = standard.pk if standard else None
            if standard and row.get("unit") and row["unit"] != standard.unit:
                errors.add(
                    f"{path}[{i}].unit",
                    _("Reporting against %(code)r means counting in %(unit)r.")
                    % {"code": standard.code, "unit": standard.unit},
                )
            elif standard:
                row["unit"] = standard.unit
        out.append(row)
    return out


def _check_cells(rows: list[dict], path: str, errors: Problems) -> None:
    seen = set()
    for row in rows:
        cell = (row.get("dimension"), row.get("category"))
        if cell in seen:
            errors.add(
                path,
                _("The cell %(dimension)s=%(category)s is given twice.")
                % {"dimension": cell[0], "category": cell[1]},
            )
        seen.add(cell)


def _validate(level: int, owner, rows: list[dict], path: str, errors: Problems, plan) -> Tree:
    name, model, parent = LEVELS[level]
    if name == "indicators":
        rows = _resolve_standard(plan, rows, path, errors)
    if name == "disaggregations":
        _check_cells(rows, path, errors)
    existing = {o.pk: o for o in model.objects.filter(**{parent: owner})} if owner.pk else {}
    built = _rows(model, parent, owner, existing, rows, path, errors)
    nodes = []
    for i, (obj, nested) in enumerate(built):
        children = None
        if level + 1 < len(LEVELS):
            child = LEVELS[level + 1][0]
            children = _validate(
                level + 1, obj, nested.get(child) or [], f"{path}[{i}].{child}", errors, plan
            )
        nodes.append((obj, children))
    return existing, nodes


def _save(level: int, owner, tree: Tree) -> None:
    existing, nodes = tree
    _save_rows(LEVELS[level][2], owner, existing, nodes)
    for obj, children in nodes:
        if children is not None:
            _save(level + 1, obj, children)


def set_results(activity: m.Activity, results: list[dict], *, version: int, by) -> m.Activity:
    """Replace the activity's results framework with ``results`` (rows with ``id`` are kept)."""
    with editing(activity, version=version, by=by, action="results") as fresh:
        errors = Problems()
        tree = _validate(0, fresh, results, "results", errors, fresh.plan)
        errors.raise_if_any()
        _save(0, fresh, tree)
    return fresh


def results_as_data(activity: m.Activity) -> list[dict]:
    """The current framework in the input shape of ``set_results`` (ids included)."""
    out = []
    for result in activity.results.prefetch_related(
        "indicators__standard_indicator", "indicators__periods__disaggregations"
    ):
        indicators = []
        for ind in result.indicators.all():
            periods = [
                {
                    "id": p.pk,
                    "period_start": p.period_start,
                    "period_end": p.period_end,
                    "target_value": p.target_value,
                    "actual_value": p.actual_value,
                    "disaggregations": [
                        {
                            "id": d.pk,
                            "dimension": d.dimension,
                            "category": d.category,
                            "target_value": d.target_value,
                            "actual_value": d.actual_value,
                        }
                        for d in p.disaggregations.all()
                    ],
                }
                for p in ind.periods.all()
            ]
            indicators.append(
                {
                    "id": ind.pk,
                    "title": ind.title,
                    "description": ind.description,
                    "measure": ind.measure,
                    "ascending": ind.ascending,
                    "standard_indicator": (
                        ind.standard_indicator.code if ind.standard_indicator_id else None
                    ),
                    "unit": ind.unit,
                    "baseline_year": ind.baseline_year,
                    "baseline_value": ind.baseline_value,
                    "periods": periods,
                }
            )
        out.append(
            {
                "id": result.pk,
                "type": result.type,
                "title": result.title,
                "description": result.description,
                "indicators": indicators,
            }
        )
    return out


def add_result(activity: m.Activity, result: dict, *, version: int, by) -> m.Activity:
    """Append one result (with its indicators and periods) to the framework."""
    return set_results(activity, [*results_as_data(activity), result], version=version, by=by)


def remove_result(activity: m.Activity, result_id: int, *, version: int, by) -> m.Activity:
    kept = [r for r in results_as_data(activity) if r["id"] != result_id]
    return set_results(activity, kept, version=version, by=by)
