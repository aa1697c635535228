"""Importing IATI activity files into the activity model.

Each activity is checked completely in Python first (``iati_activity.parse_activity``); only
activities that pass are written, in batches, with bulk inserts. A batch is one database
transaction; should the database still reject it (a constraint we did not foresee), the batch
is retried one activity per transaction so that only the offending activity is refused. So
every activity is written whole or not at all, and with ``all_or_nothing`` the whole file is.

Re-importing updates in place, keyed by ``iati-identifier``: what the file says is compared
with what is stored (every column of the activity the file fills, every child row), and only
an activity that differs is written: its row updated, its child rows (countries, sectors,
budgets, transactions, results…) replaced, its version raised. An unchanged activity is not
touched at all. The activities app's import door (``activities.services``) decides the workflow
state (kept, unless the user asked for one) and gets one history entry per created or changed
activity ("imported from FILE", with the field-level changes), written in bulk.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditKind
from activities import models as am
from activities import services
from activities.codes import WorkflowState
from frameworks.alignment import replace_imported_alignments
from interop.bulk import delete_where_in, insert_tuples, update_rows
from interop.iati_codes import organisation_type
from interop.iati_parse import Refused, check_root
from interop.iati_read import read_activities, read_activities_in_child
from interop.iati_rows import CHILD_TABLES, ActivityRows, columns, filled, stored_datetime
from interop.models import IatiExtra
from lib.problems import Problem
from participants.models import Country, Organisation
from plans.models import Plan

BATCH_SIZE = 500
# The tables an import writes under an activity, and all it writes, parents before children.
ACTIVITY_CHILDREN = (*CHILD_TABLES.values(), am.ParticipatingOrg, IatiExtra, am.Result)
IMPORTED_MODELS = (
    am.Activity,
    *ACTIVITY_CHILDREN,
    am.ResultIndicator,
    am.IndicatorPeriod,
    am.ActivityChange,  # one history entry per activity written
)
ProgressCallback = Callable[[int, int], None]  # (bytes read, file size)


class _AllOrNothingRollback(Exception):
    """Raised inside the file's transaction to undo it when anything was refused."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0  # existing activities the file changed
    unchanged: int = 0  # existing activities the file says nothing new about (not touched)
    read: int = 0
    refusals: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals


def held_by_other_plans(identifiers: Iterable[str], plan: Plan) -> dict[str, str]:
    """{identifier: plan slug} for those already held by another plan.

    Re-importing updates in place, keyed by iati-identifier; permission to import is checked
    for the target plan only, so an import must never move or overwrite another plan's
    activity.
    """
    return dict(
        am.Activity.objects.filter(iati_identifier__in=list(identifiers))
        .exclude(plan=plan)
        .values_list("iati_identifier", "plan__slug")
    )


def default_plan() -> Plan:
    plan = Plan.objects.default()
    if plan is None:
        raise LookupError(_("No plan is loaded: run `manage.py migrate` first."))
    return plan


def import_iati_files(
    paths: Iterable[Path],
    *,
    plan: Plan | None = None,
    state: str | None = None,
    user=None,
    all_or_nothing: bool = False,
    progress: ProgressCallback | None = None,
    names: dict[Path, str] | None = None,
    summary: ImportSummary | None = None,
) -> ImportSummary:
    """Import IATI 2.x activity files; see the module docstring for the guarantees.

    ``names`` gives the name to record and report for a path (an uploaded file's own name
    rather than its temporary path); ``summary``, one to fill as the import goes (a job's
    progress reads it). ``state`` None: new activities are drafts and existing
    ones keep their workflow state; a state given is set on every activity of the file.
    """
    if state not in (None, WorkflowState.DRAFT, WorkflowState.APPROVED):
        raise ValueError(f"state must be draft or approved, not {state!r}")
    summary = ImportSummary() if summary is None else summary
    writer = _Writer(plan or default_plan(), state, user)
    for path in paths:
        name = (names or {}).get(path, str(path))
        summary.files.append(name)
        _import_file(Path(path), name, writer, summary, all_or_nothing, progress)
    audit.record(
        AuditKind.IMPORT,
        actor=user,
        plan=writer.plan,
        target=", ".join(summary.files)[:300],
        format="iati",
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        refused=len(summary.refusals),
    )
    return summary


def _import_file(path, name, writer, summary, all_or_nothing, progress) -> None:
    try:
        check_root(path)
    except Refused as exc:
        summary.refusals.append(Problem(exc.message, file=name, line=exc.line))
        return
    except OSError as exc:
        message = _("cannot read the file (%(reason)s).") % {"reason": exc.strerror}
        summary.refusals.append(Problem(message, file=name))
        return
    before = (
        summary.created,
        summary.updated,
        len(summary.refusals),
        summary.unchanged,
        len(summary.created_ids),
    )
    if not all_or_nothing:
        # Each batch commits on its own: no transaction spans the whole file.
        _stream(path, name, writer, summary, progress)
        return
    try:
        with transaction.atomic():
            _stream(path, name, writer, summary, progress)
            if len(summary.refusals) > before[2]:
                raise _AllOrNothingRollback
    except _AllOrNothingRollback:
        writer.rolled_back()
        summary.created, summary.updated = before[0], before[1]
        summary.unchanged = before[3]
        del summary.created_ids[before[4] :]
        summary.refusals.append(
            Problem(_("nothing from this file was written (--all-or-nothing)."), file=name)
        )


def _stream(path: Path, name: str, writer: _Writer, summary: ImportSummary, progress) -> None:
    """Read the file's activities and write them in batches as they come."""
    size = path.stat().st_size or 1
    vendor = connection.vendor
    if size >= settings.IATI_PARALLEL_MIN_BYTES:
        items = read_activities_in_child(
            path, name, writer.country_codes, vendor, readers=settings.IATI_READER_PROCESSES
        )
    else:
        items = read_activities(path, name, writer.country_codes, vendor)
    batch: list[ActivityRows] = []
    seen: set[str] = set()
    for position, item, is_activity in items:
        summary.read += is_activity
        if isinstance(item, Problem):
            summary.refusals.append(item)
        else:
            if item.identifier in seen:
                # The same activity twice in one file: write the first before the second.
                writer.write(batch, name, summary)
                batch, seen = [], set()
            batch.append(item)
            seen.add(item.identifier)
            if len(batch) >= BATCH_SIZE:
                writer.write(batch, name, summary)
                batch, seen = [], set()
        if progress is not None and summary.read % 200 == 0:
            progress(position, size)
    writer.write(batch, name, summary)
    if progress is not None:
        progress(size, size)


class _Writer:
    """Writes checked activities in bulk; caches organisation look-ups across batches."""

    def __init__(self, plan: Plan, state: str | None, user) -> None:
        self.plan = plan
        self.state = state
        self.user = user
        self.orgs: dict[str, int | None] = {}
        self.country_codes = frozenset(Country.objects.values_list("code", flat=True))

    def write(self, batch: list[ActivityRows], name: str, summary: ImportSummary) -> None:
        foreign = held_by_other_plans([a.identifier for a in batch], self.plan)
        if foreign:
            for a in batch:
                if a.identifier in foreign:
                    message = _(
                        "this iati-identifier is an activity of plan %(other)s; an import into "
                        "plan %(plan)s may not take it over."
                    ) % {"other": foreign[a.identifier], "plan": self.plan.slug}
                    summary.refusals.append(
                        Problem(message, file=name, line=a.line, activity=a.identifier)
                    )
            batch = [a for a in batch if a.identifier not in foreign]
        if not batch:
            return
        try:
            with transaction.atomic():
                outcome = self._write(batch, name)
        except DatabaseError:
            self.rolled_back()
            outcome = _Outcome()
            for rows in batch:
                try:
                    with transaction.atomic():
                        outcome.add(self._write([rows], name))
                except DatabaseError as exc:
                    self.rolled_back()
                    message = _("the database refused it: %(reason)s") % {"reason": exc}
                    summary.refusals.append(
                        Problem(message, file=name, line=rows.line, activity=rows.identifier)
                    )
        summary.created += len(outcome.created_ids)
        summary.updated += outcome.updated
        summary.unchanged += outcome.unchanged
        summary.created_ids += outcome.created_ids

    def rolled_back(self) -> None:
        """Forget cached organisations: those created in what was rolled back are gone."""
        self.orgs = {}

    # --- organisations ------------------------------------------------------------------------

    def _resolve_orgs(self, batch: list[ActivityRows]) -> None:
        refs = {a.reporting_org["ref"] for a in batch}
        refs |= {ref for a in batch for ref, _ in a.participating if ref}
        missing = [r for r in refs if r not in self.orgs]
        if missing:
            for ref, pk in Organisation.objects.filter(iati_ref__in=missing).values_list(
                "iati_ref", "pk"
            ):
                self.orgs[ref] = pk
            for ref in missing:
                self.orgs.setdefault(ref, None)
        new = {}
        for a in batch:
            ref = a.reporting_org["ref"]
            if self.orgs.get(ref) is None and ref not in new:
                new[ref] = _new_organisation(a)
        if new:
            Organisation.objects.bulk_create(new.values())
            for ref, org in new.items():
                self.orgs[ref] = org.pk

    # --- activities ---------------------------------------------------------------------------

    def _write(self, batch: list[ActivityRows], source: str) -> _Outcome:
        self._resolve_orgs(batch)
        existing = {
            identifier: (pk, version)
            for identifier, pk, version in am.Activity.objects.filter(
                iati_identifier__in=[a.identifier for a in batch]
            ).values_list("iati_identifier", "pk", "version")
        }
        vendor = connection.vendor
        outcome = _Outcome()
        # The activity columns the file fills (the same for every activity of a file; the
        # union, with the model's default where one activity leaves a column out).
        names = list(dict.fromkeys(n for a in batch for n in a.activity))
        names.append("reporting_org_id")
        if self.state:
            names.append("workflow_state")
        changed: dict[str, list] = {}
        if existing:
            stored = _stored([pk for pk, _v in existing.values()], names, vendor)
            for a in batch:
                if a.identifier not in existing:
                    continue
                pk, version = existing[a.identifier]
                incoming = self._incoming(a, names, vendor)
                if incoming == stored[pk]:
                    outcome.unchanged += 1
                    continue
                changes = _changes(stored[pk], incoming)
                changed[a.identifier] = [pk, version + 1, changes]
            batch = [a for a in batch if a.identifier not in existing or a.identifier in changed]
        if not batch:
            return outcome
        now = stored_datetime(timezone.now(), vendor)
        if changed:
            _delete_children([pk for pk, _v, _c in changed.values()])
        common = {"plan_id": self.plan.pk, "source_file": source[-500:], "updated_at": now}
        inserts: list[tuple] = []
        updates: list[tuple] = []
        update_names = [n for n in names if n != "workflow_state"]
        update_names += [*common, *(["workflow_state"] if self.state else [])]
        for a in batch:
            values = {**a.activity, **common, "reporting_org_id": self.orgs[a.reporting_org["ref"]]}
            if a.identifier in changed:
                full = dict(
                    zip(columns(am.Activity), filled(am.Activity, values, vendor), strict=True)
                )
                full["workflow_state"] = self.state
                updates.append((*(full[n] for n in update_names), changed[a.identifier][0]))
            else:
                values["workflow_state"] = services.imported_state(None, self.state)
                values["created_by_id"] = self.user.pk if self.user else None
                values["created_at"] = now
                inserts.append(filled(am.Activity, values, vendor))
        if updates:
            update_rows(am.Activity, update_names, updates)
        new_ids = insert_tuples(am.Activity, columns(am.Activity), inserts, returning=True) or []
        fresh = iter(new_ids)
        ids = [changed[a.identifier][0] if a.identifier in changed else next(fresh) for a in batch]
        self._children(batch, ids)
        replace_imported_alignments(
            {pk: (a.sdg_codes, a.agenda2063_goals) for pk, a in zip(ids, batch, strict=True)}
        )
        written = [
            services.ImportedActivity(
                pk,
                a.identifier,
                changed[a.identifier][1],
                changed[a.identifier][2],
                created=False,
            )
            if a.identifier in changed
            else services.ImportedActivity(pk, a.identifier, 1, [], created=True)
            for pk, a in zip(ids, batch, strict=True)
        ]
        services.record_imports(written, by=self.user, source=source)
        outcome.created_ids = list(new_ids)
        outcome.updated = len(changed)
        return outcome

    def _incoming(self, a: ActivityRows, names: list[str], vendor: str) -> _State:
        """What the file says about an activity, in the comparable form of ``_stored``."""
        values = {**a.activity, "reporting_org_id": self.orgs[a.reporting_org["ref"]]}
        if self.state:
            values["workflow_state"] = self.state
        row = dict(zip(columns(am.Activity), filled(am.Activity, values, vendor), strict=True))
        orgs = self.orgs
        return _State(
            fields={n: _canon(am.Activity, n, row[n]) for n in names},
            tables=tuple(
                [_canon_row(model, r) for r in rows]
                for model, rows in zip(CHILD_TABLES.values(), a.tables, strict=True)
            ),
            participating=[
                (orgs.get(ref) if ref else None, *_canon_row(am.ParticipatingOrg, row))
                for ref, row in a.participating
            ],
            extra=_canon_json(a.extra),
            results=[
                (
                    _canon_row(am.Result, result),
                    [
                        (
                            _canon_row(am.ResultIndicator, indicator),
                            [_canon_row(am.IndicatorPeriod, p) for p in periods],
                        )
                        for indicator, periods in indicators
                    ],
                )
                for result, indicators in a.results
            ],
        )

    def _children(self, batch: list[ActivityRows], ids: list[int]) -> None:
        """Every child row of the batch, one bulk write per table."""
        tables: list[list[tuple]] = [[] for _ in CHILD_TABLES]
        participating, extras, results = [], [], []
        orgs = self.orgs
        for aid, a in zip(ids, batch, strict=True):
            for table, rows in zip(tables, a.tables, strict=True):
                table += [(aid, *row) for row in rows]
            participating += [
                (aid, orgs.get(ref) if ref else None, *row) for ref, row in a.participating
            ]
            results += [((aid, *result), indicators) for result, indicators in a.results]
            if a.extra is not None:
                extras.append((aid, a.extra))
        for model, rows in zip(CHILD_TABLES.values(), tables, strict=True):
            insert_tuples(model, ("activity_id", *columns(model)), rows)
        insert_tuples(
            am.ParticipatingOrg,
            ("activity_id", "organisation_id", *columns(am.ParticipatingOrg)),
            participating,
        )
        insert_tuples(IatiExtra, ("activity_id", *columns(IatiExtra)), extras)
        _write_results(results)


def _write_results(results: list[tuple[tuple, list]]) -> None:
    result_ids = insert_tuples(
        am.Result, ("activity_id", *columns(am.Result)), [r for r, _ in results], returning=True
    )
    indicators = [
        ((rid, *indicator), periods)
        for rid, (_, inds) in zip(result_ids, results, strict=True)
        for indicator, periods in inds
    ]
    indicator_ids = insert_tuples(
        am.ResultIndicator,
        ("result_id", *columns(am.ResultIndicator)),
        [i for i, _ in indicators],
        returning=True,
    )
    insert_tuples(
        am.IndicatorPeriod,
        ("indicator_id", *columns(am.IndicatorPeriod)),
        [
            (iid, *period)
            for iid, (_, periods) in zip(indicator_ids, indicators, strict=True)
            for period in periods
        ],
    )


def _delete_children(activity_ids: list[int]) -> None:
    """Remove what a re-import replaces (the activity row itself is updated in place).

    Plain DELETEs, deepest rows first: the ORM's cascade would first read every row it
    deletes. Every table holding rows under an activity's results is listed here, so the
    deferred foreign-key checks at commit find nothing left dangling.
    """
    result = (am.Result._meta.db_table, "activity_id")
    indicator = (am.ResultIndicator._meta.db_table, "result_id")
    period = (am.IndicatorPeriod._meta.db_table, "indicator_id")
    for model, column, via in (
        (am.Disaggregation, "period_id", (period, indicator, result)),
        (am.IndicatorPeriod, "indicator_id", (indicator, result)),
        (am.ResultIndicator, "result_id", (result,)),
    ):
        delete_where_in(model._meta.db_table, column, activity_ids, via=via)
    for child in ACTIVITY_CHILDREN:
        delete_where_in(child._meta.db_table, "activity_id", activity_ids)


def _new_organisation(a: ActivityRows) -> Organisation:
    """A reporting organisation we have not met: created from what the file says about it."""
    names = dict(a.reporting_org["name"])
    main = names.pop(a.language, None) or names.pop("en", None)
    if main is None and names:
        main = names.pop(next(iter(names)))
    return Organisation(
        name=(main or a.reporting_org["ref"])[:300],
        names=names,
        type=organisation_type(a.reporting_org["type"]),
        iati_ref=a.reporting_org["ref"],
    )


# --- comparing what a file says with what is stored -----------------------------------------


@dataclass
class _Outcome:
    created_ids: list[int] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0

    def add(self, other: _Outcome) -> None:
        self.created_ids += other.created_ids
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass
class _State:
    """An activity as comparable values: the same whether read from the file or the database."""

    fields: dict
    tables: tuple[list[tuple], ...]
    participating: list[tuple]
    extra: object
    results: list

    def flat(self) -> dict:
        """Flat keys as the history shows them (``budgets[2].value``), rows by position."""
        out = {name: _shown(value) for name, value in self.fields.items()}
        for model, rows in zip(CHILD_TABLES.values(), self.tables, strict=True):
            _flat_rows(out, _relation(model), model, rows)
        _flat_rows(
            out,
            "participating_orgs",
            am.ParticipatingOrg,
            self.participating,
            ("organisation_id", *columns(am.ParticipatingOrg)),
        )
        if self.extra is not None:
            out["iati_extra"] = self.extra
        for i, (result, indicators) in enumerate(self.results, start=1):
            path = f"results[{i}]"
            _flat_rows(out, "", am.Result, [result], prefix=path)
            for j, (indicator, periods) in enumerate(indicators, start=1):
                ipath = f"{path}.indicators[{j}]"
                _flat_rows(out, "", am.ResultIndicator, [indicator], prefix=ipath)
                for k, period in enumerate(periods, start=1):
                    _flat_rows(
                        out, "", am.IndicatorPeriod, [period], prefix=f"{ipath}.periods[{k}]"
                    )
        return out


def _flat_rows(out, relation, model, rows, names=None, *, prefix=None) -> None:
    names = names or columns(model)
    for i, row in enumerate(rows, start=1):
        path = prefix or f"{relation}[{i}]"
        for name, value in zip(names, row, strict=True):
            out[f"{path}.{name.removesuffix('_id')}"] = _shown(value)


def _relation(model) -> str:
    return model._meta.get_field("activity").remote_field.related_name or model._meta.model_name


def _shown(value):
    """A JSON-safe form for the history page."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _changes(before: _State, after: _State) -> list[dict]:
    from activities.history import diff

    return diff(before.flat(), after.flat())


@cache
def _kinds(model) -> dict[str, str]:
    return {f.attname: f.get_internal_type() for f in model._meta.concrete_fields}


def _canon_json(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _canon(model, name: str, value):
    """One stored value in a form that compares equal however the database hands it back
    (SQLite gives numbers for decimals and text for dates and JSON; PostgreSQL objects)."""
    if value is None:
        return None
    kind = _kinds(model).get(name)
    if kind == "JSONField":
        return _canon_json(value)
    if kind == "DecimalField":
        return Decimal(str(value))
    if kind == "DateTimeField":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if kind == "DateField":
        return value.isoformat() if isinstance(value, dt.date) else value
    if kind == "BooleanField":
        return bool(value)
    return value


def _canon_row(model, row: tuple) -> tuple:
    return tuple(_canon(model, n, v) for n, v in zip(columns(model), row, strict=True))


def _select(model, key: str, names, ids: list) -> list[tuple]:
    """(key, *names) of the rows of ``model`` whose ``key`` is in ``ids``, in key order, raw."""
    quote = connection.ops.quote_name
    opts = model._meta
    cols = ", ".join(quote(opts.get_field(n).column) for n in (key, *names))
    out: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            cursor.execute(
                f"SELECT {cols} FROM {quote(opts.db_table)} "  # noqa: S608
                f"WHERE {quote(opts.get_field(key).column)} IN ({', '.join(['%s'] * len(part))}) "
                f"ORDER BY {quote(opts.pk.column)}",
                part,
            )
            out += cursor.fetchall()
    return out


def _stored(ids: list[int], names: list[str], vendor: str) -> dict[int, _State]:
    """The stored state of these activities, comparable with ``_Writer._incoming``."""
    states = {
        row[0]: _State(
            fields={n: _canon(am.Activity, n, v) for n, v in zip(names, row[1:], strict=True)},
            tables=tuple([] for _ in CHILD_TABLES),
            participating=[],
            extra=None,
            results=[],
        )
        for row in _select(am.Activity, "id", names, ids)
    }
    for t, model in enumerate(CHILD_TABLES.values()):
        for aid, *row in _select(model, "activity_id", columns(model), ids):
            states[aid].tables[t].append(_canon_row(model, tuple(row)))
    for aid, org, *row in _select(
        am.ParticipatingOrg, "activity_id", ("organisation_id", *columns(am.ParticipatingOrg)), ids
    ):
        states[aid].participating.append((org, *_canon_row(am.ParticipatingOrg, tuple(row))))
    for aid, data in _select(IatiExtra, "activity_id", ("data",), ids):
        states[aid].extra = _canon_json(data)
    results: dict[int, list] = {}
    for aid, rid, *row in _select(am.Result, "activity_id", ("id", *columns(am.Result)), ids):
        results[rid] = []
        states[aid].results.append((_canon_row(am.Result, tuple(row)), results[rid]))
    indicators: dict[int, list] = {}
    for rid, iid, *row in _select(
        am.ResultIndicator, "result_id", ("id", *columns(am.ResultIndicator)), list(results)
    ):
        indicators[iid] = []
        results[rid].append((_canon_row(am.ResultIndicator, tuple(row)), indicators[iid]))
    for iid, *row in _select(
        am.IndicatorPeriod, "indicator_id", columns(am.IndicatorPeriod), list(indicators)
    ):
        indicators[iid].append(_canon_row(am.IndicatorPeriod, tuple(row)))
    return states
