"""What the platform does not store of an activity, kept so that an export writes it back in place.

The reader stores what the platform uses in fields and tables (``iati_activity``); ``KNOWN``
below says, element by element, which attributes and child elements those are. Everything
else of the activity — IATI elements and attributes the platform has no use for
(``other-identifier``, ``location/exactness``…), and every element and attribute of another
namespace (publishers' extensions such as USAID's ``usg:treasury-account``) — is kept here, as
a list of entries in document order:

* ``["a", address, attribute, value]``: an attribute of the element at ``address``;
* ``["e", address, anchor, xml]``: a whole child element of the element at ``address``,
  written back right after its preceding sibling ``anchor`` (``None``: it came first);
* ``["t", address, text, stored]``: the text of a stored element written in another form than
  the export writes the stored value (a position "9.0 2.0" exported as "9 2"); written back
  while the stored value is unchanged (``stored``), so an edit still shows;
* ``["b", address, attribute, value, stored]``: likewise a stored yes/no attribute written
  ``true``/``false`` where the export writes ``1``/``0``;
* ``["f", address, attribute, value, rule]``: a stored number or date the platform holds
  less precisely than it was written (a percentage 33.33333 held to three decimals, money to
  two, a date written with a time zone or a time held as the day): written back as read while
  the stored value is still that value held by ``rule`` (``"date"``, or the number of
  decimals); ``attribute`` is ``""`` for the element's text.

Repeats the platform holds once are kept whole: a second description or activity-date of a
type already read (the first of each type is stored), and a second narrative in a language
already read (the first per language is stored, as ``iati_parse.narratives`` reads them).

An address names an element by its steps from the activity, each ``tag#n`` (the n-th child of
that tag), or ``tag@key#n`` for the few elements the exporter regroups by an attribute
(descriptions and dates by type). The exporter writes stored rows in the order they were read,
so the same address finds the same element on the way out.

An element in no namespace that IATI 2.03 does not define at that place (a misspelling, an
element of another standard) is refused, with its line, rather than dropped or kept as if it
were IATI: the schema order tells where each one belongs (``iati_schema``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _
from lxml import etree

from interop.iati_parse import ISO_DATE, SAFE_PARSER_OPTIONS, XML_LANG, Refused, number_text
from interop.iati_schema import ELEMENTS

ALL, FIRST = "*", "1"  # every such child is stored / the first one is, further ones are kept
_N = {"narrative": ALL}


def _k(attrs: str, children: dict | None = None) -> tuple[frozenset[str], dict[str, str]]:
    return frozenset(attrs.split()), children or {}


def _value() -> tuple[frozenset[str], dict[str, str]]:
    return _k("currency value-date")


def _org(side: str) -> tuple[frozenset[str], dict[str, str]]:
    return _k(f"ref type {side}-activity-id", _N)


# path from the activity -> (attributes stored, {child tag: ALL or FIRST}); a child not listed
# is kept whole, an attribute not listed is kept (``iati_activity`` reads exactly these).
KNOWN: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "": _k(
        f"{XML_LANG} default-currency last-updated-datetime humanitarian hierarchy "
        "linked-data-uri budget-not-provided",
        {
            "iati-identifier": FIRST,
            "reporting-org": FIRST,
            "title": FIRST,
            # The first of each type (KEYED counts them per type); repeats are kept whole.
            "description": FIRST,
            "participating-org": ALL,
            "activity-status": FIRST,
            "activity-date": FIRST,
            "contact-info": ALL,
            "activity-scope": FIRST,
            "recipient-country": ALL,
            "recipient-region": ALL,
            "location": ALL,
            "sector": ALL,
            "tag": ALL,
            "policy-marker": ALL,
            "collaboration-type": FIRST,
            "default-flow-type": FIRST,
            "default-finance-type": FIRST,
            "default-aid-type": ALL,
            "default-tied-status": FIRST,
            "budget": ALL,
            "transaction": ALL,
            "document-link": ALL,
            "related-activity": ALL,
            "conditions": FIRST,
            "result": ALL,
        },
    ),
    "iati-identifier": _k(""),
    "reporting-org": _k("ref type", _N),
    "title": _k("", _N),
    "description": _k("type", _N),
    "participating-org": _k("ref type role activity-id", _N),
    "activity-status": _k("code"),
    "activity-date": _k("type iso-date"),
    "contact-info": _k(
        "type",
        {
            "organisation": FIRST,
            "department": FIRST,
            "person-name": FIRST,
            "job-title": FIRST,
            "telephone": FIRST,
            "email": FIRST,
            "website": FIRST,
            "mailing-address": FIRST,
        },
    ),
    **{
        f"contact-info/{tag}": _k("", _N)
        for tag in ("organisation", "department", "person-name", "job-title", "mailing-address")
    },
    **{f"contact-info/{tag}": _k("") for tag in ("telephone", "email", "website")},
    "activity-scope": _k("code"),
    "recipient-country": _k("code percentage"),
    "recipient-region": _k("code vocabulary percentage", _N),
    "location": _k("ref", {"name": FIRST, "description": FIRST, "point": FIRST}),
    "location/name": _k("", _N),
    "location/description": _k("", _N),
    "location/point": _k("", {"pos": FIRST}),
    "location/point/pos": _k(""),
    "sector": _k("vocabulary vocabulary-uri code percentage", _N),
    "tag": _k("vocabulary vocabulary-uri code", _N),
    "policy-marker": _k("vocabulary vocabulary-uri code significance", _N),
    "collaboration-type": _k("code"),
    "default-flow-type": _k("code"),
    "default-finance-type": _k("code"),
    "default-aid-type": _k("code vocabulary"),
    "default-tied-status": _k("code"),
    "budget": _k("type status", {"period-start": FIRST, "period-end": FIRST, "value": FIRST}),
    "budget/period-start": _k("iso-date"),
    "budget/period-end": _k("iso-date"),
    "budget/value": _value(),
    "transaction": _k(
        "ref humanitarian",
        {
            "transaction-type": FIRST,
            "transaction-date": FIRST,
            "value": FIRST,
            "description": FIRST,
            "provider-org": FIRST,
            "receiver-org": FIRST,
            "disbursement-channel": FIRST,
            "sector": ALL,
            "recipient-country": FIRST,
            "recipient-region": FIRST,
            "flow-type": FIRST,
            "finance-type": FIRST,
            "aid-type": ALL,
            "tied-status": FIRST,
        },
    ),
    "transaction/transaction-type": _k("code"),
    "transaction/transaction-date": _k("iso-date"),
    "transaction/value": _value(),
    "transaction/description": _k("", _N),
    "transaction/provider-org": _org("provider"),
    "transaction/receiver-org": _org("receiver"),
    "transaction/disbursement-channel": _k("code"),
    "transaction/sector": _k("vocabulary vocabulary-uri code", _N),
    "transaction/recipient-country": _k("code"),
    "transaction/recipient-region": _k("code vocabulary"),
    "transaction/flow-type": _k("code"),
    "transaction/finance-type": _k("code"),
    "transaction/aid-type": _k("code vocabulary"),
    "transaction/tied-status": _k("code"),
    "document-link": _k(
        "url format",
        {
            "title": FIRST,
            "description": FIRST,
            "category": ALL,
            "language": ALL,
            "document-date": FIRST,
        },
    ),
    "document-link/title": _k("", _N),
    "document-link/description": _k("", _N),
    "document-link/category": _k("code"),
    "document-link/language": _k("code"),
    "document-link/document-date": _k("iso-date"),
    "related-activity": _k("ref type"),
    "conditions": _k("attached", {"condition": ALL}),
    "conditions/condition": _k("type", _N),
    "result": _k(
        "type aggregation-status",
        {"title": FIRST, "description": FIRST, "reference": ALL, "indicator": ALL},
    ),
    "result/title": _k("", _N),
    "result/description": _k("", _N),
    "result/reference": _k("vocabulary code vocabulary-uri"),
    "result/indicator": _k(
        "measure ascending aggregation-status",
        {
            "title": FIRST,
            "description": FIRST,
            "reference": ALL,
            "baseline": FIRST,
            "period": ALL,
        },
    ),
    "result/indicator/title": _k("", _N),
    "result/indicator/description": _k("", _N),
    "result/indicator/reference": _k("vocabulary code indicator-uri"),
    "result/indicator/baseline": _k("year iso-date value", {"comment": FIRST}),
    "result/indicator/baseline/comment": _k("", _N),
    "result/indicator/period": _k(
        "", {"period-start": FIRST, "period-end": FIRST, "target": FIRST, "actual": FIRST}
    ),
    "result/indicator/period/period-start": _k("iso-date"),
    "result/indicator/period/period-end": _k("iso-date"),
    "result/indicator/period/target": _k("value", {"comment": FIRST}),
    "result/indicator/period/target/comment": _k("", _N),
    "result/indicator/period/actual": _k("value", {"comment": FIRST}),
    "result/indicator/period/actual/comment": _k("", _N),
}


def _position(text: str) -> str:
    """A point's "latitude longitude" as the export writes the stored pair."""
    try:
        return " ".join(number_text(round(Decimal(part), 6)) for part in text.split())
    except (InvalidOperation, ValueError):
        return text


# Elements whose text the platform stores in a form of its own: {path: that form}.
TEXT_FORMS = {"location/point/pos": _position}
# Stored attributes and texts held less precisely than IATI allows: {name: rule}, where a
# rule is "date" (the day of an xs:date that may carry a zone or a time) or the number of
# decimals of the column. A text is named "" under its element's path.
DATE = "date"
FORMS: dict[str, dict[str, str | int]] = {
    **{
        path: {"iso-date": DATE}
        for path in (
            "activity-date",
            "budget/period-start",
            "budget/period-end",
            "transaction/transaction-date",
            "document-link/document-date",
            "result/indicator/period/period-start",
            "result/indicator/period/period-end",
        )
    },
    "budget/value": {"value-date": DATE, "": 2},
    "transaction/value": {"value-date": DATE, "": 2},
    **{p: {"percentage": 3} for p in ("recipient-country", "recipient-region", "sector")},
    # (Indicator values keep their written form through the importer: iati_parse.indicator_value.)
    "result/indicator/baseline": {"iso-date": DATE},
}
_ROUNDINGS = (ROUND_HALF_EVEN, ROUND_HALF_UP)  # SQLite's converter and PostgreSQL's numeric


def _held_otherwise(rule: str | int, written: str) -> bool:
    """Whether the platform holds ``written`` in another form than it was written."""
    text = written.strip()
    if rule == DATE:
        return len(text) > 10 and ISO_DATE.match(text) is not None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False  # not a number: refused, or kept verbatim by the importer
    return number.is_finite() and number != number.quantize(Decimal(1).scaleb(-int(rule)))


def _still_held(rule: str | int, written: str, exported: str) -> bool:
    """Whether the exported value is still the written one as the platform holds it."""
    text = written.strip()
    if rule == DATE:
        return exported == text[:10]
    try:
        got = Decimal(exported)
        step = Decimal(1).scaleb(-int(rule))
        return any(got == Decimal(text).quantize(step, rounding=r) for r in _ROUNDINGS)
    except InvalidOperation:
        return False


# Elements the export leaves out when they hold nothing it stores, but that kept content may
# need (a target with only a dimension): created empty to hold it, as the schema allows.
CONTAINERS = {"result/indicator/period/target", "result/indicator/period/actual"}
# Elements the exporter writes grouped by an attribute: addressed by that attribute's value.
KEYED = {"description": ("type", "1"), "activity-date": ("type", "")}
# Yes/no attributes the platform stores as booleans; the export writes them 1/0.
BOOLEANS = {
    ("", "humanitarian"),
    ("transaction", "humanitarian"),
    ("conditions", "attached"),
    ("result", "aggregation-status"),
    ("result/indicator", "ascending"),
}
_FRAGMENT_PARSER = etree.XMLParser(remove_blank_text=True, **SAFE_PARSER_OPTIONS)


def _step(tag: str, key: str | None, n: int) -> str:
    return f"{tag}@{key}#{n}" if key is not None else f"{tag}#{n}"


def collect(activity, language: str = "en") -> tuple[list[list], dict[str, str]]:
    """The activity's kept entries, and the namespace prefixes they use ({prefix: uri});
    ``language`` is the activity's, which narratives without xml:lang inherit."""
    kept: list[list] = []
    namespaces: dict[str, str] = {}
    _walk(activity, "", "", kept, namespaces, language)
    # One order whatever the order of the elements the exporter regroups (descriptions by
    # type…): a stable sort keeps the document order of entries at the same place.
    kept.sort(key=lambda entry: (entry[1], entry[0]))
    return kept, namespaces


def _note_namespace(uri: str | None, element, namespaces: dict[str, str]) -> None:
    if not uri or uri == "http://www.w3.org/XML/1998/namespace":
        return
    for prefix, known in (element.nsmap or {}).items():
        if known == uri and prefix:
            namespaces.setdefault(prefix, uri)
            return


class _Spec(NamedTuple):
    attrs: frozenset[str]  # attributes stored
    schema_attrs: frozenset[str]  # attributes (without namespace) the schema defines
    allowed: frozenset[str]  # child elements the schema defines
    children: dict[str, tuple[str, str]]  # stored child tag -> (ALL or FIRST, its path)
    narratives: bool  # narrative children stored
    text_form: Callable[[str], str] | None
    forms: dict[str, str | int]  # FORMS of this path


_SPECS = {
    path: _Spec(
        attrs,
        ELEMENTS[path][0],
        frozenset(ELEMENTS[path][1]),
        {
            tag: (how, f"{path}/{tag}" if path else tag)
            for tag, how in children.items()
            if tag != "narrative"
        },
        "narrative" in children,
        TEXT_FORMS.get(path),
        FORMS.get(path, {}),
    )
    for path, (attrs, children) in KNOWN.items()
}


def _walk(element, path: str, address: str, kept: list, namespaces: dict, language: str) -> None:
    """Collect what is kept of ``element`` (stored at ``path``, found again at ``address``).

    This runs on every element of every activity read, so it does as little as it can where
    nothing is to be kept: step names are only formatted when an entry needs them, and a
    stored element with no children and only stored attributes is not descended into.
    """
    spec = _SPECS[path]
    items = element.items()
    if items:
        for name, value in items:
            if name not in spec.attrs:
                _attribute(element, path, name, namespaces)
                kept.append(["a", address, name, value])
            elif (path, name) in BOOLEANS and value.strip().lower() in ("true", "false"):
                stored_form = "1" if value.strip().lower() == "true" else "0"
                kept.append(["b", address, name, value, stored_form])
            elif name in spec.forms and _held_otherwise(spec.forms[name], value):
                kept.append(["f", address, name, value, spec.forms[name]])
    if "" in spec.forms and _held_otherwise(spec.forms[""], element.text or ""):
        kept.append(["f", address, "", element.text, spec.forms[""]])
    language = element.get(XML_LANG) or language
    languages_read: set[str] = set()  # narratives stored: the first per language
    if spec.text_form is not None:
        text = (element.text or "").strip()
        stored = spec.text_form(text)
        if stored != text:
            kept.append(["t", address, text, stored])
    children = spec.children
    counts: dict = {}
    anchor = None
    path_is_root = not path
    for child in element:
        child_tag = child.tag
        stored = children.get(child_tag)
        if stored is not None and not path_is_root:
            # The common case: a stored child of a stored element, counted by its tag alone.
            n = counts.get(child_tag, 0)
            counts[child_tag] = n + 1
            if stored[0] == FIRST and n > 0:
                _note_namespaces_within(child, namespaces)
                kept.append(["e", address, _anchor(anchor), _xml(child)])
            else:
                child_spec = _SPECS[stored[1]]
                if (
                    len(child)
                    or child_spec.text_form is not None
                    or child_spec.forms
                    or not child_spec.attrs.issuperset(child.keys())
                ):
                    _walk(
                        child,
                        stored[1],
                        _join(address, f"{child_tag}#{n}"),
                        kept,
                        namespaces,
                        language,
                    )
            anchor = (child_tag, None, n)
            continue
        if child_tag == "narrative" and spec.narratives:
            if (child.text or "").strip():
                lang = child.get(XML_LANG) or language
                if lang in languages_read:
                    # A second narrative in a language already read: the platform holds one
                    # text per language, so this one is kept whole, after the one before it.
                    _note_namespaces_within(child, namespaces)
                    kept.append(["e", address, _anchor(anchor), _xml(child)])
                    continue
                languages_read.add(lang)
            n = counts.get(child_tag, 0)
            counts[child_tag] = n + 1
            keys = child.keys()
            if keys and (len(keys) > 1 or keys[0] != XML_LANG):
                for name, value in child.items():
                    if name != XML_LANG:
                        _foreign_narrative_attribute(name, child, namespaces)
                        kept.append(["a", _join(address, f"narrative#{n}"), name, value])
            anchor = (child_tag, None, n)
            continue
        if not isinstance(child_tag, str):
            continue  # comments and processing instructions are not content
        key = None
        if path_is_root and child_tag in KEYED:
            name, default = KEYED[child_tag]
            key = (child.get(name) or default).strip()
        counter = child_tag if key is None else (child_tag, key)
        n = counts.get(counter, 0)
        counts[counter] = n + 1
        if child_tag[0] == "{":
            _note_namespace(etree.QName(child).namespace, child, namespaces)
            kept.append(["e", address, _anchor(anchor), _xml(child)])
            continue
        if stored is None or (stored[0] == FIRST and n > 0):
            if child_tag not in spec.allowed:
                raise Refused(
                    _(
                        "<%(tag)s> is not an element IATI 2.03 allows in <%(parent)s> (a "
                        "misspelling, or an element of another version?); elements of other "
                        "namespaces are kept, this one cannot be."
                    )
                    % {"tag": child_tag, "parent": element.tag},
                    child.sourceline,
                )
            _note_namespaces_within(child, namespaces)
            kept.append(["e", address, _anchor(anchor), _xml(child)])
        else:
            step = f"{child_tag}@{key}#{n}" if key is not None else f"{child_tag}#{n}"
            _walk(child, stored[1], _join(address, step), kept, namespaces, language)
        anchor = (child_tag, key, n)


def _anchor(anchor: tuple | None) -> str | None:
    return None if anchor is None else _step(*anchor)


def _attribute(element, path: str, name: str, namespaces: dict) -> None:
    """Check an attribute the platform does not store: of another namespace, or of IATI."""
    if name[0] == "{":
        _note_namespace(name[1:].partition("}")[0], element, namespaces)
    elif name not in _SPECS[path].schema_attrs:
        raise Refused(
            _(
                "<%(tag)s> has an attribute %(name)r that IATI 2.03 does not define there (a "
                "misspelling?); attributes of other namespaces are kept, this one cannot be."
            )
            % {"tag": element.tag, "name": name},
            element.sourceline,
        )


def _note_namespaces_within(element, namespaces: dict) -> None:
    for inner in element.iter():
        if isinstance(inner.tag, str) and inner.tag[0] == "{":
            _note_namespace(etree.QName(inner).namespace, inner, namespaces)
        for name in inner.attrib:
            if name[0] == "{":
                _note_namespace(name[1:].partition("}")[0], inner, namespaces)


def _foreign_narrative_attribute(name: str, narrative, namespaces: dict) -> None:
    if name[0] != "{":
        raise Refused(
            _(
                "<narrative> has an attribute %(name)r that IATI 2.03 does not define; only "
                "xml:lang and attributes of other namespaces are allowed."
            )
            % {"name": name},
            narrative.sourceline,
        )
    _note_namespace(name[1:].partition("}")[0], narrative, namespaces)


def _join(address: str, step: str) -> str:
    return f"{address}/{step}" if address else step


def _xml(element) -> str:
    """The element as canonical text: without the indentation between its children, which
    depends on where it sat (the export indents afresh), and with only the namespaces it uses,
    declared in a fixed order (exclusive C14N), so that reading the export again, whatever
    order the namespaces come back in (PostgreSQL's jsonb sorts keys), gives the same text."""
    if len(element):
        text = etree.tostring(element, encoding="unicode", with_tail=False)
        element = etree.fromstring(text, _FRAGMENT_PARSER)
    return etree.tostring(element, method="c14n", exclusive=True, with_tail=False).decode()


# --- writing back -----------------------------------------------------------------------------


def restore(activity, kept: list[list]) -> None:
    """Put the kept entries back into an exported ``iati-activity`` element, in place."""
    found: dict[str, object] = {"": activity}
    last: dict[tuple, object] = {}
    for entry in kept:
        kind, address = entry[0], entry[1]
        target = _find(activity, address, found)
        if target is None:
            continue  # the element it belonged to is no longer recorded
        if kind == "a":
            target.set(entry[2], entry[3])
            continue
        if kind == "t":
            if (target.text or "") == entry[3]:
                target.text = entry[2]
            continue
        if kind == "b":
            if target.get(entry[2]) == entry[4]:  # unchanged since the import
                target.set(entry[2], entry[3])
            continue
        if kind == "f":
            name, written, rule = entry[2], entry[3], entry[4]
            exported = target.get(name) if name else target.text
            if exported is not None and _still_held(rule, written, exported):
                if name:
                    target.set(name, written)
                else:
                    target.text = written
            continue
        node = etree.fromstring(entry[3], _FRAGMENT_PARSER)
        anchor = entry[2]
        before = last.get((address, anchor))
        if before is None and anchor is not None:
            before = _child(target, anchor)
        # Where the publisher put it, when that is a place the schema allows (a file whose
        # elements are out of order would otherwise make the export invalid).
        if before is not None and _fits(target, address, node, before, before.getnext()):
            before.addnext(node)
        elif anchor is None and _fits(target, address, node, None, _first(target)):
            target.insert(0, node)
        else:
            _insert_in_schema_order(target, address, node, anchor or node.tag + "#0")
        last[(address, anchor)] = node


def _first(parent):
    return next((c for c in parent if isinstance(c.tag, str)), None)


def _fits(parent, address: str, node, previous, following) -> bool:
    """Whether ``node`` may stand between two children in the schema's order (elements of
    other namespaces may stand anywhere the publisher put them)."""
    order = ELEMENTS.get(_schema_path(address), ((), ()))[1]
    if node.tag not in order:
        return True
    rank = order.index(node.tag)
    while previous is not None and previous.tag not in order:
        previous = previous.getprevious()
    while following is not None and following.tag not in order:
        following = following.getnext()
    return (previous is None or order.index(previous.tag) <= rank) and (
        following is None or rank <= order.index(following.tag)
    )


def _split(step: str) -> tuple[str, str | None, int]:
    head, _, n = step.rpartition("#")
    tag, at, key = head.partition("@")
    return tag, (key if at else None), int(n)


def _child(parent, step: str):
    tag, key, n = _split(step)
    attribute = KEYED[tag][0] if key is not None else None
    default = KEYED[tag][1] if key is not None else None
    seen = 0
    for child in parent.iterchildren(tag):
        if key is not None and (child.get(attribute) or default) != key:
            continue
        if seen == n:
            return child
        seen += 1
    return None


def _find(activity, address: str, found: dict):
    if address in found:
        return found[address]
    parent_address, _, step = address.rpartition("/")
    parent = _find(activity, parent_address, found)
    element = _child(parent, step) if parent is not None else None
    if element is None and parent is not None and _schema_path(address) in CONTAINERS:
        tag, _key, n = _split(step)
        if n == len(parent.findall(tag)):
            element = etree.Element(tag)
            _insert_in_schema_order(parent, parent_address, element, step)
    found[address] = element
    return element


def _schema_path(address: str) -> str:
    return "/".join(_split(step)[0] for step in address.split("/")) if address else ""


def _insert_in_schema_order(parent, address: str, node, anchor: str) -> None:
    """Where the anchor is gone: after the last child the schema puts before the node."""
    order = ELEMENTS.get(_schema_path(address), ((), ()))[1]
    tag = node.tag if node.tag in order else _split(anchor)[0]
    rank = order.index(tag) if tag in order else len(order)
    position = 0
    for i, child in enumerate(parent):
        if isinstance(child.tag, str) and child.tag in order and order.index(child.tag) <= rank:
            position = i + 1
    parent.insert(position, node)
