"""Writing activities as IATI 2.03 activity XML, valid against the official schema.

The file is written incrementally (``lxml.etree.xmlfile``) and activities are read in chunks,
so an export of the whole database runs in flat memory. Elements follow the schema's order.
What the importer kept in ``IatiExtra`` (extra sectors, categories, tags, raw indicator
values…) is written back, so import → export → import gives the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from lxml import etree

from activities import models as am
from frameworks.models import AlignmentSource
from interop import iati_codes as codes
from interop.iati_kept import restore
from interop.iati_parse import XML_LANG, number_text
from participants.models import OrganisationType

IATI_VERSION = "2.03"
CHUNK = 200
# A publisher without an IATI organisation identifier gets one under our own prefix.
FALLBACK_ORG_PREFIX = "XI-DIGICOOP-"


def _sub(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items() if v})


def _coded(parent, tag: str, code: str, **attrs) -> None:
    """A code-only element such as <flow-type code="10"/>, when there is a code."""
    if code:
        _sub(parent, tag, code=code, **attrs)


def _narratives(parent, tag: str | None, text: dict, language: str, *, required=False):
    """Write ``text`` ({lang: text}) as narratives; the activity's language needs no xml:lang."""
    if not text and not required:
        return None
    holder = _sub(parent, tag) if tag else parent
    items = sorted(text.items(), key=lambda kv: kv[0] != language) or [(language, "")]
    for lang, value in items:
        narrative = etree.SubElement(holder, "narrative")
        narrative.text = value
        if lang != language:
            narrative.set(XML_LANG, lang)
    return holder


def _num(value: Decimal | None) -> str:
    return number_text(value)


def export_queryset(plan=None, *, approved_only: bool = False) -> QuerySet:
    activities = am.Activity.objects.all()
    if plan is not None:
        activities = activities.filter(plan=plan)
    if approved_only:
        activities = activities.approved()
    return (
        activities.select_related("reporting_org", "iati_extra")
        .prefetch_related(
            *am.CHILD_RELATIONS,
            "sdg_alignments",
            "agenda2063_alignments",
            Prefetch(
                "results",
                queryset=am.Result.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=am.ResultIndicator.objects.order_by("pk").prefetch_related(
                            Prefetch("periods", queryset=am.IndicatorPeriod.objects.order_by("pk"))
                        ),
                    )
                ),
            ),
        )
        .order_by("pk")
    )


def write_iati(
    activities: QuerySet, output: BinaryIO, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write the activities to ``output`` as one IATI 2.03 file; return how many."""
    total = activities.count()
    written = 0
    with etree.xmlfile(output, encoding="utf-8") as xf:
        xf.write_declaration()
        attrs = {"version": IATI_VERSION, "generated-datetime": timezone.now().isoformat()}
        with xf.element("iati-activities", attrs):
            xf.write("\n")
            for activity in activities.iterator(chunk_size=CHUNK):
                xf.write(activity_element(activity), pretty_print=True)
                written += 1
                if progress is not None and written % 100 == 0:
                    progress(written, total)
    if progress is not None:
        progress(total, total)
    return written


def _rows(activity, name: str) -> list:
    return sorted(getattr(activity, name).all(), key=lambda row: row.pk)


def activity_element(a: am.Activity) -> etree._Element:
    """One ``iati-activity``, children in the order the 2.03 schema requires."""
    extra = getattr(a, "iati_extra", None)
    extra = extra.data if extra is not None else {}
    lang = a.default_language or "en"
    attrs = {XML_LANG: lang, "default-currency": a.default_currency}
    if a.iati_last_updated:
        attrs["last-updated-datetime"] = a.iati_last_updated.isoformat()
    for name, value in (
        ("humanitarian", _bool(a.humanitarian)),
        ("hierarchy", str(a.hierarchy) if a.hierarchy is not None else None),
        ("linked-data-uri", a.linked_data_uri),
        ("budget-not-provided", a.budget_not_provided),
    ):
        if value:
            attrs[name] = value
    # Prefixes of the other namespaces kept with the activity, declared once on it.
    el = etree.Element("iati-activity", attrs, nsmap=extra.get("namespaces") or None)
    etree.SubElement(el, "iati-identifier").text = a.iati_identifier
    org = a.reporting_org
    reporting = _sub(
        el,
        "reporting-org",
        ref=org.iati_ref or f"{FALLBACK_ORG_PREFIX}{org.pk}",
        type=extra.get("reporting_org_type") or OrganisationType(org.type).iati_code,
    )
    _narratives(
        reporting, None, {lang: org.name, **{k: v for k, v in org.names.items() if k != lang}}, lang
    )
    _narratives(el, "title", a.title, lang, required=True)
    if a.description or not a.other_descriptions:
        # The schema needs one description; none recorded gives an empty narrative, which
        # imports back as no description.
        _narratives(_sub(el, "description", type="1"), None, a.description, lang, required=True)
    for kind, text in sorted(a.other_descriptions.items()):
        _narratives(_sub(el, "description", type=kind), None, text, lang)
    _participating(el, a, lang)
    _sub(el, "activity-status", code=str(a.status))
    _dates(el, a)
    for contact in _rows(a, "contacts"):
        _contact(el, contact, lang)
    _coded(el, "activity-scope", a.activity_scope)
    for c in _rows(a, "recipient_countries"):
        _sub(el, "recipient-country", code=c.country_id, percentage=_num(c.percentage))
    for r in _rows(a, "recipient_regions"):
        region = _sub(
            el,
            "recipient-region",
            code=r.code,
            vocabulary=r.vocabulary,
            percentage=_num(r.percentage),
        )
        _narratives(region, None, r.name, lang)
    for loc in _rows(a, "locations"):
        _location(el, loc, lang)
    for s in _rows(a, "iati_sectors"):
        sector = _sub(
            el,
            "sector",
            vocabulary=s.vocabulary,
            vocabulary_uri=s.vocabulary_uri,
            code=s.code,
            percentage=_num(s.percentage),
        )
        _narratives(sector, None, s.narrative, lang)
    _tags(el, a, extra, lang)
    for m in _rows(a, "policy_markers"):
        marker = _sub(
            el,
            "policy-marker",
            vocabulary=m.vocabulary,
            vocabulary_uri=m.vocabulary_uri,
            code=m.code,
            significance=m.significance,
        )
        _narratives(marker, None, m.narrative, lang)
    _coded(el, "collaboration-type", a.collaboration_type)
    _coded(el, "default-flow-type", a.default_flow_type)
    _coded(el, "default-finance-type", a.default_finance_type)
    for aid_type in a.default_aid_types:
        _coded(el, "default-aid-type", aid_type["code"], vocabulary=aid_type.get("vocabulary"))
    _coded(el, "default-tied-status", a.default_tied_status)
    for b in _rows(a, "budgets"):
        budget = _sub(el, "budget", type=str(b.type), status=str(b.status))
        _sub(budget, "period-start", iso_date=b.period_start.isoformat())
        _sub(budget, "period-end", iso_date=b.period_end.isoformat())
        _value(budget, b.value, b.currency, b.value_date)
    for n, t in enumerate(_rows(a, "transactions")):
        _transaction(el, t, extra.get("transactions", {}).get(str(n), {}), lang)
    for n, d in enumerate(_rows(a, "documents")):
        _document(el, d, extra.get("documents", {}).get(str(n), {}), lang)
    for related in _rows(a, "related_activities"):
        _sub(el, "related-activity", ref=related.ref, type=related.type)
    if a.conditions_attached is not None or a.conditions:
        conditions = _sub(el, "conditions", attached=_bool(a.conditions_attached) or "1")
        for condition in a.conditions:
            node = _sub(conditions, "condition", type=condition.get("type"))
            _narratives(node, None, condition.get("text") or {}, lang)
    results_extra = extra.get("results", {})
    for r, result in enumerate(_rows(a, "results")):
        _result(el, result, r, results_extra, lang)
    restore(el, extra.get("kept") or [])
    return el


def _contact(el, c, lang) -> None:
    node = _sub(el, "contact-info", type=c.type)
    for tag, text in (
        ("organisation", c.organisation),
        ("department", c.department),
        ("person-name", c.person_name),
        ("job-title", c.job_title),
    ):
        _narratives(node, tag, text, lang)
    for tag, value in (("telephone", c.telephone), ("email", c.email), ("website", c.website)):
        if value:
            etree.SubElement(node, tag).text = value
    _narratives(node, "mailing-address", c.mailing_address, lang)


def _participating(el, a, lang) -> None:
    rows = _rows(a, "participating_orgs")
    if not rows:
        # The schema needs one; the reporting organisation is by definition accountable.
        org = a.reporting_org
        p = _sub(el, "participating-org", ref=org.iati_ref, role="2")
        _narratives(p, None, {lang: org.name}, lang)
        return
    for p in rows:
        ref = p.ref or (p.organisation.iati_ref if p.organisation_id else "")
        node = _sub(
            el,
            "participating-org",
            ref=ref,
            type=p.type,
            role=str(p.role),
            activity_id=p.activity_id_ref,
        )
        name = p.name or ({lang: p.organisation.name} if p.organisation_id else {})
        _narratives(node, None, name, lang)


def _dates(el, a) -> None:
    dates = [(codes.DATE_TYPE_OF_FIELD[f], getattr(a, f)) for f in codes.DATE_TYPE_OF_FIELD]
    dates = [(kind, day) for kind, day in dates if day]
    if not dates:
        # The schema needs one date; an activity recorded without any gets its creation day
        # as the planned start.
        dates = [("1", timezone.localdate(a.created_at))]
    for kind, day in sorted(dates):
        _sub(el, "activity-date", type=kind, iso_date=day.isoformat())


def _tags(el, a, extra, lang) -> None:
    seen = set()
    for tag in extra.get("tags", []):
        node = _sub(
            el,
            "tag",
            vocabulary=tag["vocabulary"],
            vocabulary_uri=tag.get("vocabulary_uri"),
            code=tag["code"],
        )
        _narratives(node, None, tag.get("narrative") or {}, lang)
        seen.add((tag["vocabulary"], tag["code"]))
    for al in sorted(a.sdg_alignments.all(), key=lambda x: x.pk):
        if al.source != AlignmentSource.MANUAL:
            continue
        key = (
            (codes.SDG_TAG_TARGET, al.target_id)
            if al.target_id
            else (codes.SDG_TAG_GOAL, al.goal_id)
        )
        if key not in seen:
            seen.add(key)
            _sub(el, "tag", vocabulary=key[0], code=key[1])
    for al in sorted(a.agenda2063_alignments.all(), key=lambda x: x.pk):
        key = ("99", str(al.goal_id))
        if al.source == AlignmentSource.MANUAL and key not in seen:
            seen.add(key)
            _sub(el, "tag", vocabulary="99", vocabulary_uri=codes.AGENDA2063_TAG_URI, code=key[1])


def _value(parent, value, currency, value_date) -> None:
    node = _sub(parent, "value", currency=currency, value_date=value_date.isoformat())
    node.text = _num(value)


def _location(el, loc, lang) -> None:
    node = _sub(el, "location", ref=loc.ref)
    _narratives(node, "name", loc.name, lang)
    _narratives(node, "description", loc.description, lang)
    if loc.latitude is not None:
        point = _sub(node, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
        etree.SubElement(point, "pos").text = f"{_num(loc.latitude)} {_num(loc.longitude)}"


def _transaction(el, t, extra, lang) -> None:
    node = _sub(el, "transaction", ref=t.ref, humanitarian=_bool(t.humanitarian))
    _sub(node, "transaction-type", code=t.type)
    _sub(node, "transaction-date", iso_date=t.date.isoformat())
    _value(node, t.value, t.currency, t.value_date)
    _narratives(node, "description", t.description, lang)
    for side in ("provider", "receiver"):
        ref, name = getattr(t, f"{side}_org_ref"), getattr(t, f"{side}_org_name")
        org_type = extra.get(f"{side}_org_type")
        activity_id = getattr(t, f"{side}_activity_id") or extra.get(f"{side}_activity_id")
        if ref or name or org_type or activity_id:
            attrs = {"ref": ref, "type": org_type, f"{side}-activity-id": activity_id}
            org = etree.SubElement(node, f"{side}-org", {k: v for k, v in attrs.items() if v})
            _narratives(org, None, name, lang)
    _coded(node, "disbursement-channel", t.disbursement_channel)
    sectors = extra.get("sectors") or (
        [{"vocabulary": t.sector_vocabulary, "code": t.sector_code}] if t.sector_code else []
    )
    for s in sectors:
        sector = _sub(
            node,
            "sector",
            vocabulary=s["vocabulary"],
            vocabulary_uri=s.get("vocabulary_uri"),
            code=s["code"],
        )
        _narratives(sector, None, s.get("narrative") or {}, lang)
    if t.recipient_country_id:
        _sub(node, "recipient-country", code=t.recipient_country_id)
    if t.recipient_region:
        _sub(
            node,
            "recipient-region",
            code=t.recipient_region,
            vocabulary=extra.get("region_vocabulary"),
        )
    _coded(node, "flow-type", t.flow_type)
    _coded(node, "finance-type", t.finance_type)
    for aid_type in t.aid_types:
        _coded(node, "aid-type", aid_type["code"], vocabulary=aid_type.get("vocabulary"))
    _coded(node, "tied-status", t.tied_status)


def _document(el, d, extra, lang) -> None:
    url = d.url or (f"{settings.SITE_URL}{d.file.url}" if d.file else "")
    node = _sub(el, "document-link", format=d.format or "application/octet-stream", url=url)
    _narratives(node, "title", d.title, lang, required=True)
    _narratives(node, "description", d.description, lang)
    # The schema needs a category; A12 ("Activity web page") is the neutral one.
    for code in extra.get("categories") or [d.category or "A12"]:
        _sub(node, "category", code=code)
    for code in extra.get("languages") or ([d.language] if d.language else []):
        _sub(node, "language", code=code)
    if d.document_date:
        _sub(node, "document-date", iso_date=d.document_date.isoformat())


def _bool(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _references(node, refs) -> None:
    for ref in refs:
        _sub(node, "reference", **{k.replace("-", "_"): v for k, v in ref.items()})


def _result(el, result, r: int, extras: dict, lang) -> None:
    node = _sub(
        el, "result", type=str(result.type), aggregation_status=_bool(result.aggregation_status)
    )
    _narratives(node, "title", result.title, lang, required=True)
    _narratives(node, "description", result.description, lang)
    _references(node, extras.get(str(r), {}).get("references", []))
    for i, indicator in enumerate(_rows(result, "indicators")):
        extra = extras.get(f"{r}.{i}", {})
        ind = _sub(
            node,
            "indicator",
            measure=str(indicator.measure),
            ascending=_bool(indicator.ascending),
            aggregation_status=extra.get("aggregation_status"),
        )
        _narratives(ind, "title", indicator.title, lang, required=True)
        _narratives(ind, "description", indicator.description, lang)
        _references(ind, extra.get("references", []))
        baseline_value = extra.get("baseline_raw") or _num(indicator.baseline_value)
        if indicator.baseline_year or indicator.baseline_date or baseline_value:
            year = indicator.baseline_year or (
                indicator.baseline_date.year if indicator.baseline_date else None
            )
            base = etree.SubElement(ind, "baseline", {"year": str(year or "")} if year else {})
            if indicator.baseline_date:
                base.set("iso-date", indicator.baseline_date.isoformat())
            if baseline_value:
                base.set("value", baseline_value)
            _narratives(base, "comment", extra.get("baseline_comment") or {}, lang)
        periods_extra = extra.get("periods", {})
        for n, period in enumerate(_rows(indicator, "periods")):
            _period(ind, period, periods_extra.get(str(n), {}), lang)


def _period(ind, period, extra, lang) -> None:
    node = _sub(ind, "period")
    _sub(node, "period-start", iso_date=period.period_start.isoformat())
    _sub(node, "period-end", iso_date=period.period_end.isoformat())
    for side in ("target", "actual"):
        value = extra.get(f"{side}_raw") or _num(getattr(period, f"{side}_value"))
        comment = getattr(period, f"{side}_comment")
        if value or comment:
            side_node = etree.SubElement(node, side, {"value": value} if value else {})
            _narratives(side_node, "comment", comment, lang)
