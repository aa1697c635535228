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

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from activities import models as am
from activities.codes import WorkflowState
from frameworks.alignment import replace_imported_alignments
from interop.bulk import insert_returning_ids, insert_rows
from interop.iati_activity import parse_activity
from interop.iati_codes import organisation_type
from interop.iati_parse import ParsedActivity, Refusal, Refused, check_root
from interop.models import IatiExtra
from participants.models import Country, Organisation
from plans.models import Plan

BATCH_SIZE = 500
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


def default_plan() -> Plan:
    plan = Plan.objects.filter(is_builtin=True).first()
    if plan is None:
        raise LookupError("The built-in plan is missing: run `manage.py migrate` first.")
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
        summary.created, summary.updated = before[0], before[1]
        summary.refusals.append(
            Refusal(name, "", None, "nothing from this file was written (--all-or-nothing).")
        )


def _stream(path: Path, name: str, writer: _Writer, summary: ImportSummary, progress) -> None:
    from lxml import etree

    from interop.iati_parse import SAFE_PARSER_OPTIONS

    countries = writer.country_codes
    size = path.stat().st_size or 1
    batch: list[ParsedActivity] = []
    seen: set[str] = set()
    last_identifier = ""
    with path.open("rb") as handle:
        events = etree.iterparse(
            handle, events=("end",), tag="iati-activity", **SAFE_PARSER_OPTIONS
        )
        try:
            for _, element in events:
                summary.read += 1
                try:
                    parsed = parse_activity(element, countries)
                except Refused as exc:
                    identifier = (element.findtext("iati-identifier") or "").strip()
                    summary.refusals.append(
                        Refusal(name, identifier, exc.line or element.sourceline, exc.message)
                    )
                else:
                    last_identifier = parsed.identifier
                    if parsed.identifier in seen:
                        writer.write(batch, name, summary)
                        batch, seen = [], set()
                    batch.append(parsed)
                    seen.add(parsed.identifier)
                    if len(batch) >= BATCH_SIZE:
                        writer.write(batch, name, summary)
                        batch, seen = [], set()
                _free(element)
                if progress is not None and summary.read % 200 == 0:
                    progress(handle.tell(), size)
        except etree.XMLSyntaxError as exc:
            after = f" (after activity {last_identifier})" if last_identifier else ""
            summary.refusals.append(
                Refusal(
                    name,
                    "",
                    exc.lineno,
                    f"the XML is not well-formed or is truncated{after}: {exc.msg}. "
                    "Activities after this point were not read.",
                )
            )
        writer.write(batch, name, summary)
        if progress is not None:
            progress(size, size)


def _free(element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _Writer:
    """Writes checked activities in bulk; caches organisation look-ups across batches."""

    def __init__(self, plan: Plan, state: str, user) -> None:
        self.plan = plan
        self.state = state
        self.user = user
        self.orgs: dict[str, int | None] = {}
        self.country_codes = frozenset(Country.objects.values_list("code", flat=True))

    def write(self, batch: list[ParsedActivity], name: str, summary: ImportSummary) -> None:
        if not batch:
            return
        try:
            with transaction.atomic():
                created, updated = self._write(batch, name)
        except DatabaseError:
            created = updated = 0
            for parsed in batch:
                try:
                    with transaction.atomic():
                        c, u = self._write([parsed], name)
                    created, updated = created + c, updated + u
                except DatabaseError as exc:
                    summary.refusals.append(
                        Refusal(
                            name, parsed.identifier, parsed.line, f"the database refused it: {exc}"
                        )
                    )
        summary.created += created
        summary.updated += updated

    # --- organisations ------------------------------------------------------------------------

    def _resolve_orgs(self, batch: list[ParsedActivity]) -> None:
        refs = {p.reporting_org["ref"] for p in batch}
        refs |= {o["ref"] for p in batch for o in p.participating if o["ref"]}
        missing = [r for r in refs if r not in self.orgs]
        if missing:
            for ref, pk in Organisation.objects.filter(iati_ref__in=missing).values_list(
                "iati_ref", "pk"
            ):
                self.orgs[ref] = pk
            for ref in missing:
                self.orgs.setdefault(ref, None)
        new = {}
        for p in batch:
            ref = p.reporting_org["ref"]
            if self.orgs.get(ref) is None and ref not in new:
                new[ref] = _new_organisation(p)
        if new:
            Organisation.objects.bulk_create(new.values())
            for ref, org in new.items():
                self.orgs[ref] = org.pk

    # --- activities ---------------------------------------------------------------------------

    def _write(self, batch: list[ParsedActivity], source: str) -> tuple[int, int]:
        self._resolve_orgs(batch)
        existing = dict(
            am.Activity.objects.filter(
                iati_identifier__in=[p.identifier for p in batch]
            ).values_list("iati_identifier", "pk")
        )
        now = timezone.now()
        if existing:
            _delete_children(list(existing.values()))
        new_rows: list[dict] = []
        for p in batch:
            values = {
                **p.fields,
                "plan_id": self.plan.pk,
                "reporting_org_id": self.orgs[p.reporting_org["ref"]],
                "workflow_state": self.state,
                "source_file": source[-500:],
            }
            if p.identifier in existing:
                am.Activity.objects.filter(pk=existing[p.identifier]).update(
                    updated_at=now, version=F("version") + 1, **values
                )
            else:
                new_rows.append(
                    {
                        **values,
                        "created_by_id": self.user.pk if self.user else None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        new_ids = insert_returning_ids(am.Activity, new_rows)
        ids = {
            **existing,
            **{r["iati_identifier"]: pk for r, pk in zip(new_rows, new_ids, strict=True)},
        }
        self._children(batch, ids)
        replace_imported_alignments(
            {ids[p.identifier]: (p.sdg_codes, p.agenda2063_goals) for p in batch}
        )
        return len(new_rows), len(existing)

    def _children(self, batch: list[ParsedActivity], ids: dict[str, int]) -> None:
        rows: dict[type, list[dict]] = {
            am.RecipientCountry: [],
            am.RecipientRegion: [],
            am.ActivitySector: [],
            am.ParticipatingOrg: [],
            am.Budget: [],
            am.Transaction: [],
            am.Location: [],
            am.DocumentLink: [],
        }
        extras = []
        results: list[tuple[dict, list]] = []
        for p in batch:
            aid = ids[p.identifier]
            for model, items in (
                (am.RecipientCountry, p.countries),
                (am.RecipientRegion, p.regions),
                (am.ActivitySector, p.sectors),
                (am.Budget, p.budgets),
                (am.Transaction, p.transactions),
                (am.Location, p.locations),
            ):
                rows[model] += [{"activity_id": aid, **item} for item in items]
            rows[am.ParticipatingOrg] += [
                {
                    "activity_id": aid,
                    "organisation_id": self.orgs.get(o["ref"]) if o["ref"] else None,
                    **o,
                }
                for o in p.participating
            ]
            rows[am.DocumentLink] += [{"activity_id": aid, "file": "", **d} for d in p.documents]
            results += [({"activity_id": aid, **fields}, inds) for fields, inds in p.results]
            if p.extra:
                extras.append({"activity_id": aid, "data": p.extra})
        for model, items in rows.items():
            insert_rows(model, items)
        insert_rows(IatiExtra, extras)
        _write_results(results)


def _write_results(results: list[tuple[dict, list]]) -> None:
    result_ids = insert_returning_ids(am.Result, [r for r, _ in results])
    indicators = [
        ({"result_id": rid, **fields}, periods)
        for rid, (_, inds) in zip(result_ids, results, strict=True)
        for fields, periods in inds
    ]
    indicator_ids = insert_returning_ids(am.ResultIndicator, [i for i, _ in indicators])
    insert_rows(
        am.IndicatorPeriod,
        [
            {"indicator_id": iid, **f}
            for iid, (_, periods) in zip(indicator_ids, indicators, strict=True)
            for f in periods
        ],
    )


def _delete_children(activity_ids: list[int]) -> None:
    """Remove what a re-import replaces (the activity row itself is updated in place)."""
    am.IndicatorPeriod.objects.filter(indicator__result__activity_id__in=activity_ids).delete()
    am.ResultIndicator.objects.filter(result__activity_id__in=activity_ids).delete()
    for model in (
        am.Result,
        am.RecipientCountry,
        am.RecipientRegion,
        am.ActivitySector,
        am.ParticipatingOrg,
        am.Budget,
        am.Transaction,
        am.Location,
        am.DocumentLink,
        IatiExtra,
    ):
        model.objects.filter(activity_id__in=activity_ids).delete()


def _new_organisation(p: ParsedActivity) -> Organisation:
    """A reporting organisation we have not met: created from what the file says about it."""
    names = dict(p.reporting_org["name"])
    language = p.fields["default_language"]
    main = names.pop(language, None) or names.pop("en", None)
    if main is None and names:
        main = names.pop(next(iter(names)))
    return Organisation(
        name=(main or p.reporting_org["ref"])[:300],
        names=names,
        type=organisation_type(p.reporting_org["type"]),
        iati_ref=p.reporting_org["ref"],
    )
