"""The history as a person reads it: field labels and human values instead of stored codes.

``activities.history`` keeps each change as flat keys and stored values (``budgets[#12].value``,
``kind: 3``, ``title: {"en": …}``): exact, comparable, and unreadable. :func:`readable` turns the
entries a reader may see (``public_history.history_for``) into groups of labelled changes, one
group per part of the record (the activity itself, each budget, each country…), with names
looked up in one query per kind of name, money and dates written the reader's way
(``lib.formatting``), multilingual text in the reader's language, and a word-level difference
for long texts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import models
from django.forms.utils import pretty_name
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import models as m
from activities.public_history import Entry
from activities.services import import_note_shown
from languages.countries import country_name
from languages.multilingual import pick
from lib.formatting import (
    NO_VALUE,
    format_date,
    format_measure,
    format_money,
    format_number,
    percent,
)
from participants.models import Country, Organisation
from plans.models import ActivityKind, Pillar, Plan, Sector, Technology

# The rows a key's path walks through (``results[#1].indicators[#2].periods[#3].actual``).
ROW_MODELS: dict[str, Any] = {
    **{name: m.Activity._meta.get_field(name).related_model for name in m.CHILD_RELATIONS},
    "results": m.Result,
    "indicators": m.ResultIndicator,
    "periods": m.IndicatorPeriod,
    "disaggregations": m.Disaggregation,
}
STEP = re.compile(r"(?P<name>\w+)\[#(?P<pk>\d+)\]")
# Whose names a stored value stands for: model, the field it is looked up by.
NAMED: dict[str, type[models.Model]] = {
    "reporting_org": Organisation,
    "organisation": Organisation,
    "country": Country,
    "kind": ActivityKind,
    "plan": Plan,
    "pillars": Pillar,
    "sectors": Sector,
    "technologies": Technology,
}
MONEY_FIELDS = {"value"}
MONEY_ROWS = {"budgets", "transactions", "planned_disbursements"}
# Texts longer than this are shown as a word-level difference rather than two whole copies.
LONG_TEXT = 80

ACTIONS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("edited"),
    "imported": gettext_lazy("imported"),
    "results": gettext_lazy("results edited"),
    "submit": gettext_lazy("submitted for review"),
    "approve": gettext_lazy("approved"),
    "return": gettext_lazy("returned for correction"),
    "archive": gettext_lazy("archived"),
    "deleted": gettext_lazy("deleted"),
    "created (admin)": gettext_lazy("created in the administration"),
    "updated (admin)": gettext_lazy("edited in the administration"),
    "deleted (admin)": gettext_lazy("deleted in the administration"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str
    diff: SafeString | None = None  # long texts: the words removed and added, marked up


@dataclass
class Group:
    title: str
    state: str  # "changed", "added" or "removed" (a child row)
    changes: list[Change] = field(default_factory=list)


@dataclass
class ReadableEntry:
    at: dt.datetime
    action: str
    action_label: str
    version: int
    user: Any
    comment: str
    groups: list[Group]


@dataclass
class _Key:
    """One flat key taken apart: the rows it walks through and the field at the end."""

    rows: list[tuple[str, int]]
    name: str

    @property
    def model(self) -> type[models.Model]:
        return ROW_MODELS.get(self.rows[-1][0], m.Activity) if self.rows else m.Activity


def _parse(key: str) -> _Key:
    path, _dot, name = key.rpartition(".")
    rows = [(s["name"], int(s["pk"])) for s in STEP.finditer(path)]
    return _Key(rows, name)


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        found = model._meta.get_field(name)
    except Exception:  # a field since removed from the model: shown by its name
        return None
    return found if isinstance(found, models.Field) else None


# Where the model's own name for a field is not what the form calls it.
LABELS = {
    "reporting_org": gettext_lazy("Reporting organisation"),
    "url": gettext_lazy("Link"),
    "linked_data_uri": gettext_lazy("Linked data URI"),
}
LANGUAGE_FIELDS = {"default_language", "language"}


def _label(model: type[models.Model], name: str) -> str:
    if name in LABELS:
        return str(LABELS[name])
    found = _model_field(model, name)
    return capfirst(str(found.verbose_name)) if found is not None else pretty_name(name)


class _Names:
    """Every name the entries need, fetched once per kind (not once per value)."""

    def __init__(self, entries: list[Entry]) -> None:
        wanted: dict[str, set] = defaultdict(set)
        for entry in entries:
            for change in entry.changes:
                name = _parse(change["field"]).name
                if name in NAMED:
                    for value in (change["before"], change["after"]):
                        values = value if isinstance(value, list) else [value]
                        wanted[name].update(v for v in values if v not in (None, ""))
        self.by_kind: dict[str, dict[str, str]] = {}
        for name, values in wanted.items():
            model = NAMED[name]
            # Activities hold kinds and organisations by id, codes lists by code.
            key = "code" if name in ("pillars", "sectors", "technologies") else "pk"
            if name == "country":
                key = "code"
            found = model._default_manager.filter(**{f"{key}__in": values})
            self.by_kind[name] = {str(getattr(o, key)): _name_of(o) for o in found}

    def name(self, kind: str, value: Any) -> str:
        # A record since deleted is still named (by its code), never shown as a bare number.
        return self.by_kind.get(kind, {}).get(str(value)) or _("(removed: %(code)s)") % {
            "code": value
        }


def _name_of(obj: models.Model) -> str:
    if isinstance(obj, Country):
        return country_name(obj.code, obj.name)
    if isinstance(obj, Organisation):
        return pick({**obj.names, "en": obj.name}).text or obj.name
    localized = getattr(obj, "localized", None)
    return (localized("name") if hasattr(obj, "name") and localized else "") or str(obj)


def _is_languages(value: dict) -> bool:
    return all(isinstance(k, str) and re.fullmatch(r"[a-z]{2,3}(-\w+)?", k) for k in value)


def _plain_text(value: Any) -> str:
    """Any stored JSON value as words: a multilingual text in the reader's language, lists
    joined, objects as "key: value" pairs; never a Python or JSON literal."""
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, dict):
        if _is_languages(value):
            return pick(value).text
        parts = (f"{pretty_name(str(k))}: {_plain_text(v)}" for k, v in value.items())
        return "; ".join(p for p in parts if not p.endswith(": "))
    if isinstance(value, list):
        return ", ".join(t for t in (_plain_text(v) for v in value) if t)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


class _Reader:
    def __init__(self, activity: m.Activity, entries: list[Entry]) -> None:
        self.activity = activity
        self.names = _Names(entries)
        # Rows are numbered in the order they were created (their ids), the same in every entry.
        seen: dict[str, set[int]] = defaultdict(set)
        # A row's first entry is the one that added it (entries come newest first).
        self.first: dict[tuple, int] = {}
        for index, entry in enumerate(entries):
            for change in entry.changes:
                rows = _parse(change["field"]).rows
                for name, pk in rows:
                    seen[name].add(pk)
                if rows:
                    self.first[tuple(rows)] = index
        self.number = {(n, pk): i for n, pks in seen.items() for i, pk in enumerate(sorted(pks), 1)}

    def value(self, key: _Key, stored: Any, currency: str) -> str:
        if stored in (None, "", [], {}):
            return NO_VALUE
        name = key.name
        if name in NAMED:
            if isinstance(stored, list):
                return ", ".join(self.names.name(name, v) for v in stored)
            return self.names.name(name, stored)
        found = _model_field(key.model, name)
        if name in LANGUAGE_FIELDS:
            return str(dict(settings.LANGUAGES).get(str(stored).lower(), stored))
        if found is not None and found.choices:
            labels = {str(k): str(v) for k, v in found.flatchoices}
            return labels.get(str(stored), str(stored))
        if key.rows and key.rows[-1][0] in MONEY_ROWS and name in MONEY_FIELDS:
            return _money(stored, currency or self.activity.default_currency)
        if isinstance(found, models.DateField | models.DateTimeField) and isinstance(stored, str):
            try:
                return format_date(dt.date.fromisoformat(stored[:10]))
            except ValueError:
                return stored
        if name == "percentage":
            return percent(Decimal(str(stored)), _places(stored))
        if isinstance(found, models.DecimalField):
            return format_measure(stored)
        return _plain_text(stored) or NO_VALUE

    def group_title(self, rows: list[tuple[str, int]]) -> str:
        if not rows:
            return _("The activity")
        parts = []
        for name, pk in rows:
            model = ROW_MODELS.get(name)
            label = capfirst(str(model._meta.verbose_name)) if model else pretty_name(name)
            parts.append(_("%(rows)s, row %(n)s") % {"rows": label, "n": self.number[name, pk]})
        return " › ".join(parts)

    def entry(self, index: int, entry: Entry) -> ReadableEntry:
        groups: dict[tuple, Group] = {}
        parsed = [(_parse(c["field"]), c) for c in entry.changes]
        currencies = {
            tuple(k.rows): c["after"] or c["before"] for k, c in parsed if k.name == "currency"
        }
        for key, change in parsed:
            rows = tuple(key.rows)
            group = groups.get(rows)
            if group is None:
                group = groups[rows] = Group(self.group_title(key.rows), "changed")
            found = _model_field(key.model, key.name)
            if found is not None and not found.editable:
                continue  # bookkeeping the record carries (is_demo…), not something reported
            currency = currencies.get(rows) or self._current_currency(key)
            label = _label(key.model, key.name)
            for suffix, old, new in _by_language(change["before"], change["after"]):
                before = self.value(key, old, currency)
                after = self.value(key, new, currency)
                if before != after:
                    text = f"{label} ({suffix})" if suffix else label
                    group.changes.append(Change(text, before, after, _diff(before, after)))
        groups = {rows: g for rows, g in groups.items() if g.changes}
        gone = {
            rows
            for rows in groups
            if all(c["after"] is None for k, c in parsed if tuple(k.rows) == rows)
        }
        for rows, group in groups.items():
            if rows and self.first.get(rows) == index:
                group.state = "added"
            elif rows in gone:
                group.state = "removed"
        ordered = sorted(groups.items(), key=lambda kv: (len(kv[0]) > 0, kv[1].title))
        return ReadableEntry(
            at=entry.at,
            action=entry.action,
            action_label=str(ACTIONS.get(entry.action, entry.action)),
            version=entry.version,
            user=entry.user,
            comment=import_note_shown(entry.comment),
            groups=[g for _rows, g in ordered],
        )

    def _current_currency(self, key: _Key) -> str:
        if not key.rows or key.rows[-1][0] not in MONEY_ROWS:
            return ""
        name, pk = key.rows[-1]
        row = ROW_MODELS[name]._default_manager.filter(pk=pk).values("currency").first()
        return row["currency"] if row else ""


def _by_language(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """A change as the reader sees it: in their language; but when only the wording in other
    languages changed (a French title added), one line per language that changed, named."""
    texts = [v for v in (before, after) if v not in (None, {})]
    if not texts or not all(isinstance(v, dict) and _is_languages(v) for v in texts):
        return [("", before, after)]
    old, new = before or {}, after or {}
    if pick(old).text != pick(new).text:
        return [("", before, after)]
    names = dict(settings.LANGUAGES)
    return [
        (str(names.get(code.lower(), code)), old.get(code), new.get(code))
        for code in sorted(old.keys() | new.keys())
        if old.get(code) != new.get(code)
    ]


def _money(stored: Any, currency: str) -> str:
    """Whole units as every figure of the site shows money; cents only when there are some,
    so a change of a few cents is not shown as two equal amounts."""
    try:
        amount = Decimal(str(stored))
    except InvalidOperation:
        return str(stored)
    if amount == amount.to_integral_value():
        return format_money(amount, currency)
    return f"{format_number(amount, 2)}\N{NO-BREAK SPACE}{currency}"


def _places(stored: Any) -> int:
    try:
        exponent = Decimal(str(stored)).normalize().as_tuple().exponent
    except InvalidOperation:
        return 0
    return min(3, max(0, -int(exponent)))


def _diff(before: str, after: str) -> SafeString | None:
    """The words taken out (<del>) and put in (<ins>) when a long text changed; HTML-escaped."""
    if max(len(before), len(after)) <= LONG_TEXT or NO_VALUE in (before, after):
        return None
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
        if op == "equal":
            out.append(escape("".join(old[i1:i2])))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def readable(activity: m.Activity, entries: list[Entry]) -> list[ReadableEntry]:
    """``entries`` (as ``history_for`` gives them) with labels and human values."""
    reader = _Reader(activity, entries)
    return [reader.entry(i, e) for i, e in enumerate(entries)]
