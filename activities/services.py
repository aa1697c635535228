"""Creating, editing and deleting activities: the functions the pages and the API both call.

Input is a plain dictionary (what a form's cleaned data or an API schema's ``model_dump`` gives):
scalar fields by name, code-list references by code (``kind``, ``pillars``, ``sectors``,
``technologies``, countries by ISO code) and child rows as lists of dictionaries. A child row
with an ``id`` updates that row; one without creates a row; rows left out are deleted. On update
only the keys present change.

Everything is validated before anything is written, and every error is reported at once keyed
by its path (``budgets[1].value``). Each write is one transaction that also records the change
in the activity's history, and raises the activity's version under optimistic concurrency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from activities import history
from activities import models as m
from activities.documents import check_upload
from activities.permissions import authorise, can_create
from activities.states import Action
from activities.validation import percentage_total_error, sector_total_errors
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
    """The record changed since the caller read it; nothing was written."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(
            f"This activity was changed by someone else (now version {current}); "
            "reload it and make your change again."
        )


class Errors(dict):
    """Field path → list of messages, raised as one ValidationError."""

    def add(self, path: str, message: str | list[str]) -> None:
        self.setdefault(path, []).extend([message] if isinstance(message, str) else message)

    def absorb(self, prefix: str, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            key = prefix if field == "__all__" else f"{prefix}.{field}" if prefix else field
            self.add(key or "__all__", messages)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _set(obj: Model, name: str, value: Any) -> None:
    field: Any = obj._meta.get_field(name)  # a concrete field: reverse relations have no attname
    setattr(obj, field.attname, value)


def _rows(
    model: type[Model], parent: str, owner, existing: dict, rows: list[dict], path: str, errors
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
            errors.add(f"{path}[{i}].id", f"There is no row {pk} here to update.")
            continue
        for name, value in row.items():
            try:
                _set(obj, name, value)
            except FieldDoesNotExist:
                errors.add(f"{path}[{i}].{name}", "Unknown field.")
        if upload:
            try:
                obj.format = check_upload(upload)
                obj.file = upload
            except ValidationError as exc:
                errors.add(f"{path}[{i}].file", exc.messages)
        try:
            obj.full_clean(exclude=[parent], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.absorb(f"{path}[{i}]", exc)
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


def split_errors(data: dict, errors: Errors) -> None:
    """Countries listed twice, and split percentages not adding up to 100 (pages, API, sheets)."""
    if "recipient_countries" in data:
        codes = [r.get("country") for r in data["recipient_countries"]]
        if len(codes) != len(set(codes)):
            errors.add("recipient_countries", "A recipient country is listed twice.")
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


def _apply(activity: m.Activity, data: dict, by) -> None:
    """Validate ``data`` onto ``activity`` and write it; raise ValidationError before writing."""
    errors = Errors()
    plan = activity.plan
    for name in SCALARS:
        if name in data:
            setattr(activity, name, data[name])
    if "kind" in data:
        code = data["kind"]
        activity.kind = plan.activity_kinds.filter(code=code).first() if code else None
        if code and activity.kind is None:
            errors.add("kind", f"{code!r} is not a kind of activity of this plan.")
    if "reporting_org" in data and data["reporting_org"] != activity.reporting_org_id:
        if not can_create(by, plan.pk, data["reporting_org"]):
            errors.add("reporting_org", "You may not report for this organisation.")
        activity.reporting_org_id = data["reporting_org"]
    codes = {}
    for name, related in CODE_LISTS.items():
        if name in data:
            wanted = set(data[name] or [])
            found = list(getattr(plan, related).filter(code__in=wanted))
            missing = wanted - {o.code for o in found}
            if missing:
                errors.add(name, f"Unknown code(s) for this plan: {', '.join(sorted(missing))}.")
            codes[name] = found
    try:
        activity.full_clean(exclude=["plan", "created_by"])
    except ValidationError as exc:
        errors.absorb("", exc)
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
        raise PermissionDenied("You may not create activities for this organisation.")
    activity = m.Activity(plan=plan, reporting_org_id=cast(int, org), created_by=by)
    with transaction.atomic():
        _apply(activity, {k: v for k, v in data.items() if k != "reporting_org"}, by)
        history.record(activity, by, "created", {})
    return activity


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
        raise ValidationError({"version": ["Say which version of the activity you changed."]})


@contextmanager
def editing(activity: m.Activity, *, version: int, by, action: str) -> Iterator[m.Activity]:
    """The one way into a change of a recorded activity: authorised, at the version the editor
    read (StaleVersion if it moved on), in one transaction, and kept in the history as
    ``action``. Yields the fresh, claimed record to change."""
    authorise(by, Action.EDIT, activity)
    require_version(version)
    with transaction.atomic():
        fresh = _claim_version(activity, version)
        authorise(by, Action.EDIT, fresh)
        before = history.snapshot(fresh)
        yield fresh
        history.record(fresh, by, action, before)


def update_activity(activity: m.Activity, data: dict, *, version: int, by) -> m.Activity:
    """Apply ``data`` to the activity as it was at ``version``; StaleVersion if it moved on."""
    with editing(activity, version=version, by=by, action="updated") as fresh:
        _apply(fresh, data, by)
    return fresh


def delete_activity(activity: m.Activity, by, *, version: int | None = None) -> None:
    """Delete the record; its history stays, detached, so the deletion remains on record."""
    authorise(by, Action.DELETE, activity)
    with transaction.atomic():
        fresh = _claim_version(activity, version)
        before = history.snapshot(fresh)
        history.record(fresh, by, "deleted", before, after={})
        fresh.delete()


def add_document(activity: m.Activity, upload, meta: dict, *, version: int, by) -> m.DocumentLink:
    """Attach an uploaded file (size-limited, type-checked) to the activity."""
    existing = [{"id": pk} for pk in activity.documents.values_list("pk", flat=True)]
    fresh = update_activity(
        activity, {"documents": [*existing, {**meta, "file": upload}]}, version=version, by=by
    )
    document = fresh.documents.order_by("-pk").first()
    assert document is not None  # the one just added
    return document
