"""The activity list as a spreadsheet a person reads: labels, not codes; the columns expected.

Amounts stay in the currencies they were reported in (one "1,000 KES; 200 USD" cell per
activity), so nothing is converted behind the reader's back.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from activities.codes import TransactionType
from activities.models import Activity, Budget, Transaction
from lib.formatting import format_money

CHUNK = 2000


def _amounts(model, ids: list[int], **filters) -> dict[int, str]:
    """Per activity, its amounts summed per currency, in one grouped query per chunk."""
    sums: dict[int, list[str]] = defaultdict(list)
    rows = (
        model.objects.filter(activity_id__in=ids, **filters)
        .order_by()
        .values("activity_id", "currency")
        .annotate(total=Sum("value"))
        .order_by("activity_id", "currency")
    )
    for row in rows:
        currency = row["currency"] or ""
        sums[row["activity_id"]].append(format_money(row["total"], currency))
    return {k: "; ".join(v) for k, v in sums.items()}


def activity_rows(activities: QuerySet[Activity], site_url: str) -> list[list[str]]:
    header = [
        _("Identifier"),
        _("Title"),
        _("Reporting organisation"),
        _("Kind"),
        _("Pillars"),
        _("Recipient countries"),
        _("Sectors"),
        _("Status"),
        _("Review state"),
        _("Planned start"),
        _("Actual start"),
        _("Budget"),
        _("Disbursed"),
        _("Page"),
    ]
    rows = [header]
    activities = activities.prefetch_related("pillars", "sectors", "recipient_countries__country")
    batch: list[Activity] = []

    def flush() -> None:
        ids = [a.pk for a in batch]
        budgets = _amounts(Budget, ids)
        paid = _amounts(Transaction, ids, type=TransactionType.DISBURSEMENT)
        for a in batch:
            rows.append(
                [
                    a.iati_identifier,
                    a.title_text(),
                    str(a.reporting_org),
                    a.kind.name if a.kind else "",
                    "; ".join(p.name for p in a.pillars.all()),
                    "; ".join(r.country.name for r in a.recipient_countries.all()),
                    "; ".join(s.name for s in a.sectors.all()),
                    a.get_status_display(),
                    a.get_workflow_state_display(),
                    a.planned_start.isoformat() if a.planned_start else "",
                    a.actual_start.isoformat() if a.actual_start else "",
                    budgets.get(a.pk, ""),
                    paid.get(a.pk, ""),
                    f"{site_url}/activities/{a.pk}/",
                ]
            )
        batch.clear()

    for activity in activities.iterator(chunk_size=CHUNK):
        batch.append(activity)
        if len(batch) >= CHUNK:
            flush()
    if batch:
        flush()
    return rows
