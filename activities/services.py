"""Creating, editing and deleting activities: the functions the pages and the API both call.

Input is a plain dictionary (what a form's cleaned data or an API schema's ``model_dump`` gives):
scalar fields by name, code-list references by code (``kind``, ``pillars``, ``sectors``,
``technologies``, countries by ISO code) and child rows as lists of dictionaries. A child row
with an ``id`` updates that row; one without creates a row; rows left out are deleted. On update
only the keys present change.

Everything is validated before anything is written, and every error is reported at once keyed
by its path (``budgets[1].value``): the problems found (``lib.problems.Problems``) are raised
together as one ``ValidationError``. Each write is one transaction that also records the change
in the activity's history, and raises the activity's version under optimistic concurrency.

This module is the one door for activity writes: pages, API, admin (``start_write`` /
``finish_write``), spreadsheet imports (``import_activity``) and IATI imports (the bulk entry
point: ``imported_state``, ``import_version_bump`` and ``record_imports``) all come through it,
and it owns the version, the workflow state and the history. A write that changes nothing
changes nothing: no new version, no history entry.

Imports and the workflow: an import never moves an existing record's workflow state unless the
user asks for a state explicitly; an approved record changed by an import stays approved, and
the change is in its history (an "imported" entry naming the file, with every changed field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext

from accounts import audit
from accounts.models import AuditKind
from activities import history
from activities import models as m
from activities.codes import WorkflowState
from activities.documents import check_upload
from activities.permissions import authorise, can_create
from activities.states import Action
from activities.validation import percentage_total_error, sector_total_errors
from lib.problems import Problems
from plans.models import ActivityKind

SCALARS = [
    "iati_identifier",
    "title",
    "description",
    "default_language",
    "default_currency",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
]
CHILD_MODELS: dict[str, type[Model]] = {
    "recipient_countries": m.RecipientCountry,
    "recipient_regions": m.RecipientRegion,
    "iati_sectors": m.ActivitySector,
    "participating_orgs": m.ParticipatingOrg,
    "budgets": m.Budget,
    "transactions": m.Transaction,
    "locations": m.Location,
    "documents": m.DocumentLink,
}
CODE_LISTS = {"pillars": "pillars", "sectors": "sectors", "technologies": "technologies"}


class StaleVersion(Exception):
    """The record changed since the caller read it; nothing was written.

    Its text is worded when it is shown (``str(exc)``), not when it is raised, so a page, a
    message or a log line reads it in the language active there: the write that raises it may
    run in another language (a background import) or before the page's language is known."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(current)

    def __str__(self) -> str:
        return gettext(
            "This activity was changed by someone else since you opened it (now version "
            "%(version)s); nothing was saved. Reload the page and make your change again."
        ) % {"version": self.current}


def _set(obj: Model, name: str, value: Any) -> None:
    field: Any = obj._meta.get_field(name)  # a concrete field: reverse relations have no attname
    setattr(obj, field.attname, value)


def _rows(
    model: type[Model],
    parent: str,
    owner,
    existing: dict,
    rows: list[dict],
    path: str,
    errors: Problems,
) -> list[tuple[Model, dict]]:
    """Validate ``rows`` into unsaved model objects; return them with their nested input."""
    built = []
    for i, row in enumerate(rows):
        row = dict(row)
        pk = row.pop("id", None)
        nested = {k: row.pop(k) for k in ("indicators", "periods", "disaggregations") if k in row}
        upload = row.pop("file", None)
        obj: Any = existing.get(pk) if pk else model(**{parent: owner} if owner.pk else {})
        if obj is None:
            errors.add(
                f"{path}[{i}].id", gettext("There is no row %(id)s here to update.") % {"id": pk}
            )
            continue
        for name, value in row.items():
            try:
                _set(obj, name, value)
            except FieldDoesNotExist:
                errors.add(f"{path}[{i}].{name}", gettext("Unknown field."))
        if upload:
            try:
                obj.format = check_upload(upload)
                obj.file = upload
            except ValidationError as exc:
                errors.add(f"{path}[{i}].file", exc.messages)
        try:
            obj.full_clean(exclude=[parent], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.absorb(exc, f"{path}[{i}]")
        built.append((obj, nested))
    return built


def _save_rows(parent: str, owner, existing: dict, built: list[tuple[Model, Any]]) -> None:
    """Delete the existing rows not kept, then save the built ones under ``owner``."""
    kept = {obj.pk for obj, _n in built if obj.pk}
    for pk, obj in existing.items():
        if pk not in kept:
            obj.delete()
    for obj, _nested in built:
        setattr(obj, parent, owner)
        obj.save()


def split_errors(data: dict, errors: Problems) -> None:
    """Countries listed twice, and split percentages not adding up to 100 (pages, API, sheets)."""
    if "recipient_countries" in data:
        codes = [r.get("country") for r in data["recipient_countries"]]
        if len(codes) != len(set(codes)):
            errors.add("recipient_countries", gettext("A recipient country is listed twice."))
        error = percentage_total_error(
            [r.get("percentage") for r in data["recipient_countries"]], "recipient country"
        )
        if error:
            errors.add("recipient_countries", error)
    if "recipient_regions" in data:
        error = percentage_total_error(
            [r.get("percentage") for r in data["recipient_regions"]], "recipient region"
        )
        if error:
            errors.add("recipient_regions", error)
    if "iati_sectors" in data:
        items = [
            (str(r.get("vocabulary") or "1"), r.get("percentage")) for r in data["iati_sectors"]
        ]
        for error in sector_total_errors(items):
            errors.add("iati_sectors", error)


def _apply(activity: m.Activity, data: dict, by, *, record_rules: bool = True) -> None:
    """Validate ``data`` onto ``activity`` and write it; raise ValidationError before writing.

    ``record_rules=False`` (imports) checks each field but not the rules across fields that a
    form asks of a person (an activity under way needs its start date): published data that
    lacks them is still recorded, as the IATI import records it."""
    errors = Problems()
    plan = activity.plan
    for name in SCALARS:
        if name in data:
            setattr(activity, name, data[name])
    if "kind" in data:
        code = data["kind"]
        activity.kind = plan.activity_kinds.filter(code=code).first() if code else None
        if code and activity.kind is None:
            errors.add(
                "kind",
                gettext("%(code)r is not a kind of activity of this plan.") % {"code": code},
            )
    if "reporting_org" in data and data["reporting_org"] != activity.reporting_org_id:
        if not can_create(by, plan.pk, data["reporting_org"]):
            errors.add("reporting_org", gettext("You may not report for this organisation."))
        activity.reporting_org_id = data["reporting_org"]
    codes = {}
    for name, related in CODE_LISTS.items():
        if name in data:
            wanted = set(data[name] or [])
            found = list(getattr(plan, related).filter(code__in=wanted))
            missing = wanted - {o.code for o in found}
            if missing:
                errors.add(
                    name,
                    gettext("Unknown code(s) for this plan: %(codes)s.")
                    % {"codes": ", ".join(sorted(missing))},
                )
            codes[name] = found
    try:
        if record_rules:
            activity.full_clean(exclude=["plan", "created_by"])
        else:
            activity.clean_fields(exclude=["plan", "created_by"])
    except ValidationError as exc:
        errors.absorb(exc)
    children = {}
    for name, model in CHILD_MODELS.items():
        if name in data:
            existing = {o.pk: o for o in getattr(activity, name).all()} if activity.pk else {}
            built = _rows(model, "activity", activity, existing, data[name], name, errors)
            children[name] = (existing, built)
    split_errors(data, errors)
    errors.raise_if_any()

    activity.save()
    if activity.kind_id and "pillars" not in codes and not activity.pillars.exists():
        # An activity's kind belongs to a pillar; recording it saves the focal point a step.
        activity.pillars.add(cast(ActivityKind, activity.kind).pillar)
    for name, objects in codes.items():
        chosen: Iterable[Any] = objects
        if name == "pillars" and activity.kind_id:
            chosen = {*objects, cast(ActivityKind, activity.kind).pillar}
        getattr(activity, name).set(chosen)
    for existing, built in children.values():
        _save_rows("activity", activity, existing, built)


def create_activity(plan, data: dict, by) -> m.Activity:
    """Create a draft activity for an organisation the user reports for."""
    org = data.get("reporting_org")
    if not can_create(by, plan.pk, org):
        raise PermissionDenied(gettext("You may not create activities for this organisation."))
    activity = m.Activity(plan=plan, reporting_org_id=cast(int, org), created_by=by)
    with transaction.atomic():
        _apply(activity, {k: v for k, v in data.items() if k != "reporting_org"}, by)
        history.record(activity, by, "created", {})
        _audit(AuditKind.CREATE, activity, by)
    return activity


def _audit(kind: AuditKind, activity: m.Activity, by, **detail: Any) -> None:
    """The audit trail's line for a write of an activity (its history holds the values)."""
    audit.record(
        kind,
        actor=by,
        plan=activity.plan,
        target=f"activity {activity.iati_identifier}",
        version=activity.version,
        **detail,
    )


def _claim_version(activity: m.Activity, version: int | None) -> m.Activity:
    """Raise the stored version if it is still ``version``; one conditional UPDATE, so two
    concurrent saves of the same version cannot both win. Returns the locked, fresh row."""
    rows = m.Activity.objects.filter(pk=activity.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
        current = m.Activity.objects.filter(pk=activity.pk).values_list("version", flat=True)
        raise StaleVersion(current.first() or 0)
    return m.Activity.objects.select_related("plan", "kind").get(pk=activity.pk)


def require_version(version: int | None) -> None:
    """An edit without the version it was based on could silently overwrite someone's work."""
    if version is None:
        raise ValidationError(
            {"version": [gettext("Say which version of the activity you changed.")]}
        )


class NothingChanged(Exception):
    """Raised inside a write's transaction to undo the version claim of a no-op write."""


def _reloaded(activity: m.Activity) -> m.Activity:
    return m.Activity.objects.select_related("plan", "kind").get(pk=activity.pk)


def record_if_changed(
    activity: m.Activity, by, action: str, before: dict, *, comment: str = ""
) -> None:
    """Record the write in the history, or raise NothingChanged when it changed nothing (the
    caller's transaction then rolls back, version claim included)."""
    after = history.snapshot(activity)
    if after == before:
        raise NothingChanged
    history.record(activity, by, action, before, comment=comment, after=after)


@contextmanager
def editing(activity: m.Activity, *, version: int, by, action: str) -> Iterator[m.Activity]:
    """The one way into a change of a recorded activity: authorised, at the version the editor
    read (StaleVersion if it moved on), in one transaction, and kept in the history as
    ``action``. Yields the fresh, claimed record to change. A change that changes nothing
    writes nothing: the version claim is rolled back and no history entry is made."""
    authorise(by, Action.EDIT, activity)
    require_version(version)
    fresh = activity
    try:
        with transaction.atomic():
            fresh = _claim_version(activity, version)
            authorise(by, Action.EDIT, fresh)
            before = history.snapshot(fresh)
            yield fresh
            record_if_changed(fresh, by, action, before)
            _audit(AuditKind.UPDATE, fresh, by, action=action)
    except NothingChanged:
        fresh.refresh_from_db()  # as stored: the claimed version was rolled back


def update_activity(activity: m.Activity, data: dict, *, version: int, by) -> m.Activity:
    """Apply ``data`` to the activity as it was at ``version``; StaleVersion if it moved on.

    Data that changes nothing writes nothing: same version, no history entry."""
    with editing(activity, version=version, by=by, action="updated") as fresh:
        _apply(fresh, data, by)
    return fresh


# --- writes made by code that saves model forms itself (the admin) -----------------------------


@dataclass
class PendingWrite:
    activity_id: int | None
    before: dict
    updated_at: Any
    version: int


def start_write(activity_id: int | None) -> PendingWrite:
    """Before the admin saves an activity (or one of its rows): what it was (row locked)."""
    if activity_id is None:
        return PendingWrite(None, {}, None, 1)
    current = m.Activity.objects.select_for_update().get(pk=activity_id)
    return PendingWrite(activity_id, history.snapshot(current), current.updated_at, current.version)


def finish_write(pending: PendingWrite, activity: m.Activity, by, action: str) -> None:
    """After the admin saved: a new version and a history entry if anything changed; if nothing
    did, the record is left exactly as it was (its last-updated time put back)."""
    fresh = _reloaded(activity)
    after = history.snapshot(fresh)
    if pending.activity_id is None:
        history.record(fresh, by, action, {}, after=after)
        _audit(AuditKind.CREATE, fresh, by, action=action)
        return
    rows = m.Activity.objects.filter(pk=fresh.pk)
    if after == pending.before:
        rows.update(updated_at=pending.updated_at)
        return
    rows.update(version=F("version") + 1, updated_at=timezone.now())
    fresh.refresh_from_db(fields=["version", "updated_at"])
    history.record(fresh, by, action, pending.before, after=after)
    _audit(AuditKind.UPDATE, fresh, by, action=action)


# --- imports -----------------------------------------------------------------------------------


def imported_state(current: str | None, asked: str | None) -> str:
    """The workflow state an import gives an activity: the state the user asked for if they
    asked; otherwise a new activity is a draft and an existing one keeps its state."""
    if asked:
        return asked
    return current or WorkflowState.DRAFT


# An import's history note is stored in this one fixed form, whatever the importer's language
# (the file name is the data in it); ``import_note_shown`` words it for the reader.
IMPORT_NOTE = re.compile(r"Imported from (?P<source>.+)", re.DOTALL)


def import_comment(source: str) -> str:
    return f"Imported from {source}"


def import_note_shown(comment: str) -> str:
    """A history comment as a page shows it: an import's note in the reader's language, any
    other comment (a person's words) as written."""
    found = IMPORT_NOTE.fullmatch(comment)
    if found is None:
        return comment
    return gettext("Imported from %(source)s") % {"source": found["source"]}


@dataclass
class ImportedActivity:
    """One activity an import created or changed, for its history entry."""

    activity_id: int
    identifier: str
    version: int  # after the import
    changes: list[dict]  # field-level changes (empty for a created activity)
    created: bool


def record_imports(written: Iterable[ImportedActivity], *, by, source: str) -> None:
    """One history entry per created or changed activity of an import, in one bulk INSERT:
    "imported from FILE" by the importing user, with the field-level changes on update.
    Unchanged activities get none (the import did not touch them)."""
    user = by if getattr(by, "is_authenticated", False) else None
    comment = import_comment(source)[:2000]
    m.ActivityChange.objects.bulk_create(
        [
            m.ActivityChange(
                activity_id=w.activity_id,
                iati_identifier=w.identifier,
                user=user,
                action="imported" if not w.created else "created",
                version=w.version,
                comment=comment,
                changes=w.changes,
            )
            for w in written
        ],
        batch_size=500,
    )


def import_activity(
    plan, identifier: str, data: dict, *, by, source: str, state: str | None = None
) -> tuple[m.Activity, str]:
    """Create or update one activity of a (small) import, through the same validation as the
    pages; returns it and "created", "updated" or "unchanged".

    Child rows in ``data`` without an ``id`` are matched to the existing rows by the caller (so
    an unchanged row keeps its id and an unchanged record stays untouched).
    """
    data = dict(data)
    # Permission to import is checked for the whole plan by the caller; the organisation a
    # record reports for is then whatever the file says.
    org = data.pop("reporting_org")
    activity = m.Activity.objects.filter(iati_identifier=identifier).first()
    if activity is None:
        activity = m.Activity(
            plan=plan,
            iati_identifier=identifier,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            workflow_state=imported_state(None, state),
            source_file=source[-500:],
            reporting_org_id=org,
        )
        _apply(activity, data, by, record_rules=False)
        history.record(activity, by, "created", {}, comment=import_comment(source))
        return activity, "created"
    try:
        with transaction.atomic():
            fresh = _claim_version(activity, None)
            before = history.snapshot(fresh)
            fresh.workflow_state = imported_state(fresh.workflow_state, state)
            fresh.reporting_org_id = org
            _apply(fresh, data, by, record_rules=False)
            record_if_changed(fresh, by, "imported", before, comment=import_comment(source))
            m.Activity.objects.filter(pk=fresh.pk).update(source_file=source[-500:])
    except NothingChanged:
        return _reloaded(activity), "unchanged"
    return fresh, "updated"


def delete_activity(
    activity: m.Activity, by, *, version: int | None = None, action: str = "deleted"
) -> None:
    """Delete the record; its history stays, detached, so the deletion remains on record.

    The admin calls it too, having checked its own delete permission (``by`` a superuser or
    staff member the role rules may not know): ``action`` then says where it came from."""
    if action == "deleted":
        authorise(by, Action.DELETE, activity)
    with transaction.atomic():
        fresh = _claim_version(activity, version)
        before = history.snapshot(fresh)
        history.record(fresh, by, action, before, after={})
        _audit(AuditKind.DELETE, fresh, by, action=action)
        fresh.delete()


def record_tag_change(activity: m.Activity, by, before: dict, after: dict) -> None:
    """Tags (SDG targets, Agenda 2063 goals: kept by ``frameworks``, outside the activity's
    snapshot) changed from ``before`` to ``after``: a change of the record like any other,
    approved or not, so a new version (an editor holding the old one gets a conflict), a
    history entry naming both sets, and an audit line. Called by the tagger inside its own
    transaction; nothing is written when the sets are the same."""
    if before == after:
        return
    fresh = _claim_version(activity, None)
    history.record(fresh, by, "tags changed", before, after=after)
    _audit(AuditKind.TAGS, fresh, by, **after)
    activity.version = fresh.version


def add_document(activity: m.Activity, upload, meta: dict, *, version: int, by) -> m.DocumentLink:
    """Attach an uploaded file (size-limited, type-checked) to the activity."""
    existing = [{"id": pk} for pk in activity.documents.values_list("pk", flat=True)]
    fresh = update_activity(
        activity, {"documents": [*existing, {**meta, "file": upload}]}, version=version, by=by
    )
    document = fresh.documents.order_by("-pk").first()
    assert document is not None  # the one just added
    return document
