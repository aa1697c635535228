"""Reading activity spreadsheets: every cell checked, every error reported, all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditKind
from activities import models as am
from activities import services
from activities.codes import ActivityStatus, SectorVocabulary, is_currency
from activities.services import split_errors
from interop import sheet_labels
from interop.iati_import import held_by_other_plans
from interop.sheets import HEADERS, REQUIRED_HEADERS, SheetResult
from lib.problems import Problem, Problems
from lib.sheet_reading import SheetRefused, csv_rows, xlsx_rows
from lib.spreadsheets import FORMULA_START
from participants.models import Country, Organisation

# Rows of activities one sheet may hold; past it the file is refused before it is read whole.
MAX_ROWS = 50_000


class SheetFormatError(ValueError):
    """The file is not a spreadsheet we can read at all."""


def read_rows(data: bytes, name: str) -> tuple[list[list[str]], list[Problem]]:
    """The rows as text (header first), plus a problem for each formula cell."""
    try:
        if name.lower().endswith(".xlsx"):
            return _read_xlsx(data)
        rows = [[_unneutralise(c) for c in row] for row in csv_rows(data, max_rows=MAX_ROWS)]
    except SheetRefused as exc:
        raise SheetFormatError(str(exc)) from None
    return rows, []


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _read_xlsx(data: bytes) -> tuple[list[list[str]], list[Problem]]:
    rows: list[list[str]] = []
    errors: list[Problem] = []
    header: list[str] = []
    for r, row in enumerate(xlsx_rows(data, max_rows=MAX_ROWS), start=1):
        values = []
        for c, (value, formula) in enumerate(row):
            column = header[c] if c < len(header) else f"#{c + 1}"
            if formula:
                errors.append(
                    Problem(
                        _("expected a value, not a formula (formulas are never evaluated)"),
                        column,
                        str(value),
                        row=r,
                    )
                )
                value = ""
            elif isinstance(value, dt.datetime):
                value = value.date().isoformat()
            elif isinstance(value, dt.date):
                value = value.isoformat()
            values.append("" if value is None else str(value))
        if r == 1:
            header = [v.strip() for v in values]
        rows.append(values)
    return rows, errors


def _date(value: str, row: int, column: str, errors: list[Problem]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(Problem(_("expected a real date written YYYY-MM-DD"), column, value, row=row))
        return None


def _percent(text: str, row: int, column: str, errors: list[Problem]) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        errors.append(Problem(_("expected a percentage from 0 to 100"), column, text, row=row))
        return None
    return value


def _split(cell: str) -> list[list[str]]:
    return [part.strip().split(":") for part in cell.split(";") if part.strip()]


@dataclass
class Labels:
    """The codes and labels a row's coded cells may hold (see interop.sheet_labels)."""

    status: sheet_labels.Lookup
    kinds: sheet_labels.Lookup
    pillars: sheet_labels.Lookup

    @classmethod
    def of(cls, plan) -> Labels:
        return cls(
            status=sheet_labels.choices(ActivityStatus.choices),
            kinds=sheet_labels.records(plan.activity_kinds.all()),
            pillars=sheet_labels.records(plan.pillars.all()),
        )


def _check_plan_columns(
    n: int, cells: dict, labels: Labels, out: dict, errors: list[Problem]
) -> None:
    """Kind, pillars and budgets: what makes an imported activity count toward the targets.
    A column the file does not have (an older template) leaves the record's value alone."""
    if cells["kind"] is not None and cells["kind"].strip():
        kind = labels.kinds.get(cells["kind"])
        if kind is None:
            expected = _(
                "expected a kind of this plan: a code or a name as the site shows it (%(examples)s)"
            ) % {"examples": labels.kinds.examples_text()}
            errors.append(Problem(expected, "kind", cells["kind"], row=n))
        out["kind"] = kind.code if kind else None
    if cells["pillars"] is not None:
        out["pillars"] = []
        for part in (p.strip() for p in cells["pillars"].split(";") if p.strip()):
            pillar = labels.pillars.get(part)
            if pillar is None:
                expected = _(
                    "expected a pillar of this plan: a code or a name as the site shows it "
                    "(%(examples)s)"
                ) % {"examples": labels.pillars.examples_text()}
                errors.append(Problem(expected, "pillars", part, row=n))
            else:
                out["pillars"].append(pillar.code)
    if cells["budgets"] is not None:
        out["budgets"] = [
            budget
            for part in _split(cells["budgets"])
            if (budget := _budget(part, n, errors)) is not None
        ]


def _budget_form() -> str:
    return _("expected start:end:value[:currency], e.g. 2025-01-01:2025-12-31:250000")


def _budget(part: list[str], n: int, errors: list[Problem]) -> dict | None:
    text = ":".join(part)
    if len(part) not in (3, 4):
        errors.append(Problem(_budget_form(), "budgets", text, row=n))
        return None
    found: list[Problem] = []
    start = _date(part[0].strip(), n, "budgets", found)
    end = _date(part[1].strip(), n, "budgets", found)
    try:
        value = Decimal(part[2].strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        found.append(
            Problem(_("expected a budget value: a number, 0 or more"), "budgets", text, row=n)
        )
    # No currency of its own: the budget is in the activity's (a blank currency, as in IATI).
    own = part[3].strip().upper() if len(part) == 4 else ""
    if own and not is_currency(own):
        found.append(Problem(_currency_expected(), "budgets", text, row=n))
    if start is None or end is None:
        found.append(Problem(_budget_form(), "budgets", text, row=n))
    elif end < start:
        found.append(
            Problem(_("expected a period that ends on or after its start"), "budgets", text, row=n)
        )
    if found:
        errors.extend(found)
        return None
    return {"period_start": start, "period_end": end, "value": value, "currency": own}


def _currency_expected() -> str:
    return _("expected an ISO 4217 currency code such as USD")


def _check_row(n: int, cells: dict, orgs, countries, labels: Labels, errors: list[Problem]) -> dict:
    out = {"row": n, "identifier": cells["iati_identifier"].strip()}
    if not out["identifier"]:
        errors.append(Problem(_("expected a unique IATI identifier"), "iati_identifier", row=n))
    org_key = cells["reporting_org"].strip()
    out["org"] = orgs.get(org_key)
    if out["org"] is None:
        errors.append(
            Problem(
                _("expected the IATI identifier or exact name of a known organisation"),
                "reporting_org",
                org_key,
                row=n,
            )
        )
    if not cells["title"].strip():
        errors.append(Problem(_("expected a title"), "title", row=n))
    status = cells["status"].strip() or "1"
    out["status"] = labels.status.get(status)
    if out["status"] is None:
        expected = _(
            "expected an activity status: a code or a name as the site shows it (%(examples)s)"
        ) % {"examples": labels.status.examples_text()}
        errors.append(Problem(expected, "status", status, row=n))
    for column in HEADERS[6:10]:
        out[column] = _date(cells[column].strip(), n, column, errors)
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if out[start] and out[end] and out[end] < out[start]:
            expected = _("expected a date on or after %(column)s (%(date)s)") % {
                "column": start,
                "date": out[start],
            }
            errors.append(Problem(expected, end, cells[end], row=n))
    currency = cells["currency"].strip().upper() or "USD"
    if not is_currency(currency):
        errors.append(Problem(_currency_expected(), "currency", currency, row=n))
    out["currency"] = currency
    out["countries"] = []
    for part in _split(cells["recipient_countries"]):
        code = part[0].upper()
        if code not in countries or len(part) > 2:
            errors.append(
                Problem(
                    _("expected CODE or CODE:percentage with an ISO 3166 alpha-2 code"),
                    "recipient_countries",
                    ":".join(part),
                    row=n,
                )
            )
            continue
        out["countries"].append(
            (code, _percent(part[1] if len(part) > 1 else "", n, "recipient_countries", errors))
        )
    out["sectors"] = []
    for part in _split(cells["sectors"]):
        if len(part) < 2 or part[0] not in SectorVocabulary.values or not part[1]:
            errors.append(
                Problem(
                    _("expected vocabulary:code[:percentage], e.g. 1:22040:100"),
                    "sectors",
                    ":".join(part),
                    row=n,
                )
            )
            continue
        if part[0] == "1" and not (part[1].isdigit() and len(part[1]) == 5):
            errors.append(
                Problem(
                    _("expected a 5-digit DAC purpose code in vocabulary 1"),
                    "sectors",
                    ":".join(part),
                    row=n,
                )
            )
            continue
        out["sectors"].append(
            (part[0], part[1], _percent(part[2] if len(part) > 2 else "", n, "sectors", errors))
        )
    # The shared rules of every way in (pages, API): one country once, splits adding to 100.
    shared = Problems()
    split_errors(
        {
            "recipient_countries": [{"country": c, "percentage": p} for c, p in out["countries"]],
            "iati_sectors": [{"vocabulary": v, "percentage": p} for v, _c, p in out["sectors"]],
        },
        shared,
    )
    column_of = {"recipient_countries": "recipient_countries", "iati_sectors": "sectors"}
    for problem in shared:
        column = column_of[problem.field]
        errors.append(Problem(problem.message, column, cells[column], row=n))
    _check_plan_columns(n, cells, labels, out, errors)
    out["language"] = cells["language"].strip() or "en"
    out["title"] = cells["title"].strip()
    out["description"] = cells["description"].strip()
    return out


def import_sheet(upload, name: str, *, plan, user=None) -> SheetResult:
    """Check every row of the uploaded CSV/XLSX, then write all of them or none."""
    result = SheetResult()
    try:
        rows, result.errors = read_rows(upload.read(), name)
    except SheetFormatError as exc:
        result.errors.append(Problem(str(exc), file=name))
        return result
    given = [h.strip() for h in rows[0][: len(HEADERS)]] if rows else []
    if len(given) < len(REQUIRED_HEADERS) or given != HEADERS[: len(given)]:
        expected = _("expected the header row of the template: %(columns)s") % {
            "columns": ", ".join(HEADERS)
        }
        result.errors.append(Problem(expected, value=", ".join(rows[0]) if rows else "", row=1))
        return result
    labels = Labels.of(plan)
    keys = {c.strip() for r in rows[1:] for c in r[1:2]}
    orgs: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(Q(iati_ref__in=keys) | Q(name__in=keys)):
        orgs.setdefault(org.iati_ref, org)
        orgs.setdefault(org.name, org)
    orgs.pop("", None)
    countries = set(Country.objects.values_list("code", flat=True))
    checked: list[dict] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells: dict[str, str | None] = {name: None for name in HEADERS[len(given) :]}
        cells.update(zip(given, [*row, *[""] * len(given)], strict=False))
        item = _check_row(n, cells, orgs, countries, labels, result.errors)
        if item["identifier"] in seen:
            expected = _("expected an identifier not already used on row %(row)s") % {
                "row": seen[item["identifier"]]
            }
            result.errors.append(Problem(expected, "iati_identifier", item["identifier"], row=n))
        seen[item["identifier"]] = n
        checked.append(item)
    for identifier, slug in held_by_other_plans(seen, plan).items():
        expected = _("expected an identifier not used by another plan (it is plan %(plan)s's)") % {
            "plan": slug
        }
        result.errors.append(Problem(expected, "iati_identifier", identifier, row=seen[identifier]))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for item in checked:
                _write(item, plan, user, name, result)
    except ValidationError as exc:
        # A rule of the activities' own validation the sheet checks did not foresee: nothing
        # was written (one transaction), and the user is told which row and why.
        result.created = result.updated = result.unchanged = 0
        result.created_ids = []
        result.errors.extend(p.at(row=item["row"]) for p in Problems.from_validation_error(exc))
        return result
    audit.record(
        AuditKind.IMPORT,
        actor=user,
        plan=plan,
        target=name[:300],
        format="sheet",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return result


def _write(item: dict, plan, user, source: str, result: SheetResult) -> None:
    """One checked row through the activities' own door (validation, version, history)."""
    lang = item["language"]
    existing = am.Activity.objects.filter(iati_identifier=item["identifier"]).first()
    title = dict(existing.title) if existing else {}
    description = dict(existing.description) if existing else {}
    title[lang] = item["title"]
    if item["description"]:
        description[lang] = item["description"]
    # Rows already held keep their ids, so an unchanged row is no change in the history.
    country_ids = (
        dict(existing.recipient_countries.values_list("country_id", "pk")) if existing else {}
    )
    sector_ids = (
        {(v, c): pk for v, c, pk in existing.iati_sectors.values_list("vocabulary", "code", "pk")}
        if existing
        else {}
    )
    data = {
        "reporting_org": item["org"].pk,
        "default_language": lang,
        "default_currency": item["currency"],
        "status": item["status"],
        "title": title,
        "description": description,
        **{f: item[f] for f in HEADERS[6:10]},
        "recipient_countries": [
            _with_id({"country": c, "percentage": p}, country_ids.get(c))
            for c, p in item["countries"]
        ],
        "iati_sectors": [
            _with_id({"vocabulary": v, "code": c, "percentage": p}, sector_ids.get((v, c)))
            for v, c, p in item["sectors"]
        ],
        **{k: item[k] for k in ("kind", "pillars") if item.get(k) is not None},
    }
    if "budgets" in item:
        budget_ids = (
            {(b.period_start, b.period_end): b.pk for b in existing.budgets.all()}
            if existing
            else {}
        )
        # A budget already held keeps its id and value date; a new one is valued at its start.
        data["budgets"] = [
            {**b, "id": pk}
            if (pk := budget_ids.get((b["period_start"], b["period_end"])))
            else {**b, "value_date": b["period_start"]}
            for b in item["budgets"]
        ]
    activity, outcome = services.import_activity(
        plan, item["identifier"], data, by=user, source=source
    )
    if outcome == "created":
        result.created += 1
        result.created_ids.append(activity.pk)
    elif outcome == "updated":
        result.updated += 1
    else:
        result.unchanged += 1


def _with_id(row: dict, pk: int | None) -> dict:
    return {**row, "id": pk} if pk else row
