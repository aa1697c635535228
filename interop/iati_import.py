"""Importing IATI activity files into the activity model.

Each activity is checked completely in Python first (``iati_activity.parse_activity``); only
activities that pass are written, in batches, with bulk inserts. A batch is one database
transaction; should the database still reject it (a constraint we did not foresee), the batch
is retried one activity per transaction so that only the offending activity is refused. So
every activity is written whole or not at all, and with ``all_or_nothing`` the whole file is.

Re-importing updates in place, keyed by ``iati-identifier``: the activity row is updated and
its child rows (countries, sectors, budgets, transactions, results…) are replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from activities import models as am
from activities.codes import WorkflowState
from frameworks.alignment import replace_imported_alignments
from interop.bulk import delete_where_in, insert_tuples, update_rows
from interop.iati_codes import organisation_type
from interop.iati_parse import Refusal, Refused, check_root
from interop.iati_read import read_activities, read_activities_in_child
from interop.iati_rows import CHILD_TABLES, ActivityRows, columns, filled, stored_datetime
from interop.models import IatiExtra
from participants.models import Country, Organisation
from plans.models import Plan

BATCH_SIZE = 500
# The tables an import writes under an activity, and all it writes, parents before children.
ACTIVITY_CHILDREN = (*CHILD_TABLES.values(), am.ParticipatingOrg, IatiExtra, am.Result)
IMPORTED_MODELS = (am.Activity, *ACTIVITY_CHILDREN, am.ResultIndicator, am.IndicatorPeriod)
ProgressCallback = Callable[[int, int], None]  # (bytes read, file size)


class _AllOrNothingRollback(Exception):
    """Raised inside the file's transaction to undo it when anything was refused."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    read: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

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
        raise LookupError("No plan is loaded: run `manage.py migrate` first.")
    return plan


def import_iati_files(
    paths: Iterable[Path],
    *,
    plan: Plan | None = None,
    state: str = WorkflowState.DRAFT,
    user=None,
    all_or_nothing: bool = False,
    progress: ProgressCallback | None = None,
    names: dict[Path, str] | None = None,
) -> ImportSummary:
    """Import IATI 2.x activity files; see the module docstring for the guarantees.

    ``names`` gives the name to record and report for a path (an uploaded file's own name
    rather than its temporary path).
    """
    if state not in (WorkflowState.DRAFT, WorkflowState.APPROVED):
        raise ValueError(f"state must be draft or approved, not {state!r}")
    summary = ImportSummary()
    writer = _Writer(plan or default_plan(), state, user)
    for path in paths:
        name = (names or {}).get(path, str(path))
        summary.files.append(name)
        _import_file(Path(path), name, writer, summary, all_or_nothing, progress)
    return summary


def _import_file(path, name, writer, summary, all_or_nothing, progress) -> None:
    try:
        check_root(path)
    except Refused as exc:
        summary.refusals.append(Refusal(name, "", exc.line, exc.message))
        return
    except OSError as exc:
        summary.refusals.append(Refusal(name, "", None, f"cannot read the file ({exc.strerror})."))
        return
    before = (summary.created, summary.updated, len(summary.refusals))
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
        summary.refusals.append(
            Refusal(name, "", None, "nothing from this file was written (--all-or-nothing).")
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
        if isinstance(item, Refusal):
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

    def __init__(self, plan: Plan, state: str, user) -> None:
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
                    message = (
                        f"this iati-identifier is an activity of plan {foreign[a.identifier]}; "
                        f"an import into plan {self.plan.slug} may not take it over."
                    )
                    summary.refusals.append(Refusal(name, a.identifier, a.line, message))
            batch = [a for a in batch if a.identifier not in foreign]
        if not batch:
            return
        try:
            with transaction.atomic():
                created, updated = self._write(batch, name)
        except DatabaseError:
            self.rolled_back()
            created = updated = 0
            for rows in batch:
                try:
                    with transaction.atomic():
                        c, u = self._write([rows], name)
                    created, updated = created + c, updated + u
                except DatabaseError as exc:
                    self.rolled_back()
                    summary.refusals.append(
                        Refusal(name, rows.identifier, rows.line, f"the database refused it: {exc}")
                    )
        summary.created += created
        summary.updated += updated

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

    def _write(self, batch: list[ActivityRows], source: str) -> tuple[int, int]:
        self._resolve_orgs(batch)
        existing = dict(
            am.Activity.objects.filter(
                iati_identifier__in=[a.identifier for a in batch]
            ).values_list("iati_identifier", "pk")
        )
        vendor = connection.vendor
        now = stored_datetime(timezone.now(), vendor)
        if existing:
            _delete_children(list(existing.values()))
        common = {
            "plan_id": self.plan.pk,
            "workflow_state": self.state,
            "source_file": source[-500:],
            "updated_at": now,
        }
        inserts: list[tuple] = []
        updates: list[tuple] = []
        update_names: list[str] = []
        for a in batch:
            values = {**a.activity, **common, "reporting_org_id": self.orgs[a.reporting_org["ref"]]}
            pk = existing.get(a.identifier)
            if pk is not None:
                update_names = update_names or list(values)
                updates.append((*(values[n] for n in update_names), pk))
            else:
                values["created_by_id"] = self.user.pk if self.user else None
                values["created_at"] = now
                inserts.append(filled(am.Activity, values, vendor))
        if updates:
            update_rows(am.Activity, update_names, updates)
        new_ids = insert_tuples(am.Activity, columns(am.Activity), inserts, returning=True)
        fresh = iter(new_ids)
        ids = [existing.get(a.identifier) or next(fresh) for a in batch]
        self._children(batch, ids)
        replace_imported_alignments(
            {pk: (a.sdg_codes, a.agenda2063_goals) for pk, a in zip(ids, batch, strict=True)}
        )
        return len(inserts), len(existing)

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
