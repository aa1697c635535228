"""One ``iati-activity`` element to a ``ParsedActivity``: every check, no database writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from interop import iati_codes as codes
from interop.iati_kept import collect
from interop.iati_parse import (
    AMOUNT_DIGITS,
    AMOUNT_PLACES,
    XML_LANG,
    ParsedActivity,
    Refused,
    _sdg_from,
    _text,
    check_code,
    check_currency,
    held,
    indicator_value,
    narratives,
    optional_date,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_percentage,
)


def _no_code(what: str) -> str:
    return _("%(what)s has no code.") % {"what": what}


def _not_a_country(what: str, code: str) -> str:
    return _("%(what)s is %(value)r; expected an ISO 3166-1 alpha-2 code.") % {
        "what": what,
        "value": code,
    }


def _firsts(element) -> dict:
    """The first child of each tag: one pass over the children instead of one ``find`` each.

    ``find`` goes through lxml's ElementPath layer on every call; the handlers below would
    make a dozen such calls per transaction, budget or indicator.
    """
    out: dict = {}
    for child in element:
        if child.tag not in out:
            out[child.tag] = child
    return out


def parse_activity(element, country_codes: frozenset[str]) -> ParsedActivity:
    """Read one activity; raise ``Refused`` (with the line) at the first thing we cannot hold."""
    line = element.sourceline
    identifier = _text(element.find("iati-identifier"))
    if not identifier:
        raise Refused(_("the activity has no iati-identifier."), line)
    # xml:lang is inherited as XML says: a file may give it once, on <iati-activities>.
    root = element.getparent()
    lang = element.get(XML_LANG) or (root.get(XML_LANG) if root is not None else None) or "en"
    currency = check_currency(element.get("default-currency"), line) or "USD"
    fields: dict = {
        "iati_identifier": identifier,
        "default_language": lang,
        "default_currency": currency,
        "title": {},
        "description": {},
        "other_descriptions": {},
        "planned_start": None,
        "planned_end": None,
        "actual_start": None,
        "actual_end": None,
        "iati_last_updated": None,
        "hierarchy": _hierarchy(element.get("hierarchy"), line),
        "humanitarian": _bool(element.get("humanitarian"), "@humanitarian", line),
        "linked_data_uri": (element.get("linked-data-uri") or "").strip(),
        "budget_not_provided": _code_or_blank(
            element.get("budget-not-provided"),
            codes.BUDGET_NOT_PROVIDED,
            "@budget-not-provided",
            line,
        ),
        "activity_scope": "",
        "collaboration_type": "",
        "default_flow_type": "",
        "default_finance_type": "",
        "default_aid_types": [],
        "default_tied_status": "",
        "conditions_attached": None,
        "conditions": [],
    }
    if element.get("last-updated-datetime"):
        fields["iati_last_updated"] = parse_datetime(
            element.get("last-updated-datetime"), "last-updated-datetime", line
        )
    parsed = ParsedActivity(identifier, line, fields, reporting_org={})
    for child in element:
        handler = _HANDLERS.get(child.tag)
        if handler is not None:
            handler(parsed, child, lang, country_codes)
    kept, namespaces = collect(element, lang)
    if kept:
        parsed.extra["kept"] = kept
        if namespaces:
            parsed.extra["namespaces"] = namespaces
    if not parsed.reporting_org:
        raise Refused(_("the activity has no reporting-org."), line)
    if not any(v.strip() for v in fields["title"].values()):
        raise Refused(_("the activity has no title narrative."), line)
    if "status" not in fields:
        raise Refused(_("the activity has no activity-status."), line)
    return parsed


def _reporting_org(p: ParsedActivity, el, lang, _countries) -> None:
    ref = (el.get("ref") or "").strip()
    if not ref:
        raise Refused(
            _("reporting-org has no ref (the IATI organisation identifier)."), el.sourceline
        )
    org_type = (el.get("type") or "").strip()
    if org_type:
        check_code(org_type, codes.ORGANISATION_TYPE, "reporting-org/@type", el.sourceline)
    p.reporting_org = {"ref": ref, "type": org_type, "name": narratives(el, lang)}
    if org_type:
        p.extra["reporting_org_type"] = org_type


def _title(p, el, lang, _c) -> None:
    p.fields["title"].update(narratives(el, lang))


def _description(p, el, lang, _c) -> None:
    kind = (el.get("type") or "1").strip()
    check_code(kind, codes.DESCRIPTION_TYPE, "description/@type", el.sourceline)
    text = narratives(el, lang)
    if f"description {kind}" in p.types_read:
        return  # a second description of this type: kept whole (iati_kept)
    p.types_read.add(f"description {kind}")
    if kind == "1":
        p.fields["description"] = text
    else:
        p.fields["other_descriptions"][kind] = text


def _participating_org(p, el, lang, _c) -> None:
    role = check_code(
        el.get("role"), codes.ORGANISATION_ROLE, "participating-org/@role", el.sourceline
    )
    p.participating.append(
        {
            "role": int(role),
            "ref": (el.get("ref") or "").strip(),
            "type": (el.get("type") or "").strip(),
            "name": narratives(el, lang),
            "activity_id_ref": (el.get("activity-id") or "").strip(),
        }
    )


def _status(p, el, _l, _c) -> None:
    code = check_code(el.get("code"), codes.ACTIVITY_STATUS, "activity-status/@code", el.sourceline)
    p.fields["status"] = int(code)


def _date(p, el, _l, _c) -> None:
    kind = check_code(
        el.get("type"), frozenset(codes.ACTIVITY_DATE_FIELD), "activity-date/@type", el.sourceline
    )
    day = parse_date(el.get("iso-date"), f"activity-date type {kind}", el.sourceline)
    if f"activity-date {kind}" in p.types_read:
        return  # a second date of this type (checked above): kept whole (iati_kept)
    p.types_read.add(f"activity-date {kind}")
    p.fields[codes.ACTIVITY_DATE_FIELD[kind]] = day


def _country(p, el, _l, countries) -> None:
    code = (el.get("code") or "").strip().upper()
    if code not in countries:
        raise Refused(_not_a_country("recipient-country/@code", code), el.sourceline)
    if any(c["country_id"] == code for c in p.countries):
        raise Refused(
            _("recipient-country %(code)s is given twice.") % {"code": code}, el.sourceline
        )
    p.countries.append(
        {
            "country_id": code,
            "percentage": parse_percentage(
                el.get("percentage"), "recipient-country/@percentage", el.sourceline
            ),
        }
    )


def _region(p, el, lang, _c) -> None:
    code = (el.get("code") or "").strip()
    if not code:
        raise Refused(_no_code("recipient-region"), el.sourceline)
    vocabulary = (el.get("vocabulary") or "1").strip()
    check_code(vocabulary, codes.REGION_VOCABULARY, "recipient-region/@vocabulary", el.sourceline)
    p.regions.append(
        {
            "code": code,
            "vocabulary": vocabulary,
            "percentage": parse_percentage(
                el.get("percentage"), "recipient-region/@percentage", el.sourceline
            ),
            "name": narratives(el, lang),
        }
    )


def _sector_values(el, lang, what: str) -> dict:
    vocabulary = check_code(
        el.get("vocabulary") or "1", codes.SECTOR_VOCABULARY, f"{what}/@vocabulary", el.sourceline
    )
    code = (el.get("code") or "").strip()
    if not code:
        raise Refused(_no_code(what), el.sourceline)
    if vocabulary == "1" and not (code.isdigit() and len(code) == 5):
        raise Refused(
            _("%(what)s/@code is %(value)r; a DAC 5-digit purpose code has five digits.")
            % {"what": what, "value": code},
            el.sourceline,
        )
    if vocabulary == "2" and not (code.isdigit() and len(code) == 3):
        raise Refused(
            _("%(what)s/@code is %(value)r; a DAC 3-digit sector code has three digits.")
            % {"what": what, "value": code},
            el.sourceline,
        )
    return {
        "vocabulary": vocabulary,
        "vocabulary_uri": (el.get("vocabulary-uri") or "").strip(),
        "code": code,
        "narrative": narratives(el, lang),
    }


def _sector(p, el, lang, _c) -> None:
    values = _sector_values(el, lang, "sector")
    values["percentage"] = parse_percentage(
        el.get("percentage"), "sector/@percentage", el.sourceline
    )
    p.sectors.append(values)
    _sdg_from(values["vocabulary"], values["code"], p.sdg_codes, tag=False)


def _tag(p, el, lang, _c) -> None:
    vocabulary = (el.get("vocabulary") or "").strip()
    code = (el.get("code") or "").strip()
    if not vocabulary or not code:
        raise Refused(_("tag needs both vocabulary and code."), el.sourceline)
    uri = (el.get("vocabulary-uri") or "").strip()
    p.extra.setdefault("tags", []).append(
        {
            "vocabulary": vocabulary,
            "vocabulary_uri": uri,
            "code": code,
            "narrative": narratives(el, lang),
        }
    )
    _sdg_from(vocabulary, code, p.sdg_codes, tag=True)
    if vocabulary == "99" and uri == codes.AGENDA2063_TAG_URI:
        p.agenda2063_goals.add(code)


def _value(el, what: str, value_el) -> tuple[Decimal, str, str]:
    if value_el is None:
        raise Refused(_("%(what)s has no value.") % {"what": what}, el.sourceline)
    number = held(
        parse_decimal(value_el.text, f"{what}/value", value_el.sourceline, AMOUNT_DIGITS),
        AMOUNT_PLACES,
    )
    currency = check_currency(value_el.get("currency"), value_el.sourceline)
    value_date = parse_date(
        value_el.get("value-date"), f"{what}/value/@value-date", value_el.sourceline
    )
    return number, currency, value_date


def _budget(p, el, _l, _c) -> None:
    line = el.sourceline
    kind = check_code(el.get("type") or "1", codes.BUDGET_TYPE, "budget/@type", line)
    status = check_code(el.get("status") or "1", codes.BUDGET_STATUS, "budget/@status", line)
    firsts = _firsts(el)
    start_el, end_el = firsts.get("period-start"), firsts.get("period-end")
    start = parse_date(
        start_el.get("iso-date") if start_el is not None else None, "budget/period-start", line
    )
    end = parse_date(
        end_el.get("iso-date") if end_el is not None else None, "budget/period-end", line
    )
    if end < start:
        raise Refused(
            _("budget period ends (%(end)s) before it starts (%(start)s).")
            % {"end": end, "start": start},
            line,
        )
    value, currency, value_date = _value(el, "budget", firsts.get("value"))
    p.budgets.append(
        {
            "type": int(kind),
            "status": int(status),
            "period_start": start,
            "period_end": end,
            "value": value,
            "currency": currency,
            "value_date": value_date,
        }
    )


def _org_side(tx: dict, extra: dict, el, side: str, lang) -> None:
    if el is None:
        return
    tx[f"{side}_org_ref"] = (el.get("ref") or "").strip()
    tx[f"{side}_org_name"] = narratives(el, lang)
    if el.get("type"):
        extra[f"{side}_org_type"] = el.get("type").strip()
    tx[f"{side}_activity_id"] = (el.get(f"{side}-activity-id") or "").strip()


def _transaction(p, el, lang, countries) -> None:
    line = el.sourceline
    firsts = _firsts(el)
    type_el = firsts.get("transaction-type")
    kind = check_code(
        type_el.get("code") if type_el is not None else None,
        codes.TRANSACTION_TYPE,
        "transaction-type/@code",
        line,
    )
    date_el = firsts.get("transaction-date")
    date = parse_date(
        date_el.get("iso-date") if date_el is not None else None, "transaction-date", line
    )
    value, currency, value_date = _value(el, "transaction", firsts.get("value"))
    tx = {
        "ref": (el.get("ref") or "").strip(),
        "type": kind,
        "date": date,
        "value": value,
        "currency": currency,
        "value_date": value_date,
        "description": narratives(firsts.get("description"), lang),
        "provider_org_ref": "",
        "provider_org_name": {},
        "receiver_org_ref": "",
        "receiver_org_name": {},
        "provider_activity_id": "",
        "receiver_activity_id": "",
        "sector_vocabulary": "",
        "sector_code": "",
        "recipient_country_id": None,
        "recipient_region": "",
        "humanitarian": _bool(el.get("humanitarian"), "transaction/@humanitarian", line),
        "disbursement_channel": _code_of(
            firsts.get("disbursement-channel"), codes.DISBURSEMENT_CHANNEL
        ),
        "flow_type": _code_of(firsts.get("flow-type")),
        "finance_type": _code_of(firsts.get("finance-type")),
        "aid_types": (
            [_aid_type(a, "transaction/aid-type") for a in el.iterchildren("aid-type")]
            if "aid-type" in firsts
            else []
        ),
        "tied_status": _code_of(firsts.get("tied-status"), codes.TIED_STATUS),
    }
    extra: dict = {}
    _org_side(tx, extra, firsts.get("provider-org"), "provider", lang)
    _org_side(tx, extra, firsts.get("receiver-org"), "receiver", lang)
    sectors = (
        [_sector_values(s, lang, "transaction/sector") for s in el.iterchildren("sector")]
        if "sector" in firsts
        else []
    )
    for sector in sectors:
        _sdg_from(sector["vocabulary"], sector["code"], p.sdg_codes, tag=False)
    if sectors:
        tx["sector_vocabulary"], tx["sector_code"] = sectors[0]["vocabulary"], sectors[0]["code"]
        if sectors[0]["vocabulary_uri"] or sectors[0]["narrative"] or len(sectors) > 1:
            extra["sectors"] = sectors
    country_el = firsts.get("recipient-country")
    if country_el is not None:
        code = (country_el.get("code") or "").strip().upper()
        if code not in countries:
            raise Refused(
                _not_a_country("transaction/recipient-country/@code", code), country_el.sourceline
            )
        tx["recipient_country_id"] = code
    region_el = firsts.get("recipient-region")
    if region_el is not None:
        tx["recipient_region"] = (region_el.get("code") or "").strip()
        if region_el.get("vocabulary"):
            extra["region_vocabulary"] = region_el.get("vocabulary").strip()
    if extra:
        p.extra.setdefault("transactions", {})[str(len(p.transactions))] = extra
    p.transactions.append(tx)


def _location(p, el, lang, _c) -> None:
    latitude = longitude = None
    pos = el.find("point/pos")
    if pos is not None and _text(pos):
        parts = _text(pos).split()
        if len(parts) != 2:
            raise Refused(
                _("location/point/pos is %(value)r; expected 'latitude longitude'.")
                % {"value": _text(pos)},
                pos.sourceline,
            )
        latitude = parse_decimal(parts[0], _("location latitude"), pos.sourceline, 3)
        longitude = parse_decimal(parts[1], _("location longitude"), pos.sourceline, 3)
        if abs(latitude) > 90 or abs(longitude) > 180:
            raise Refused(
                _(
                    "location/point/pos is %(value)r; latitude must be within ±90 and "
                    "longitude within ±180."
                )
                % {"value": _text(pos)},
                pos.sourceline,
            )
        latitude, longitude = (round(latitude, 6), round(longitude, 6))
    p.locations.append(
        {
            "ref": (el.get("ref") or "").strip(),
            "name": narratives(el.find("name"), lang),
            "description": narratives(el.find("description"), lang),
            "latitude": latitude,
            "longitude": longitude,
        }
    )


def _document(p, el, lang, _c) -> None:
    line = el.sourceline
    categories = [(c.get("code") or "").strip() for c in el.iterchildren("category")]
    languages = [(c.get("code") or "").strip() for c in el.iterchildren("language")]
    date_el = el.find("document-date")
    if any(len(c) > 5 or not c for c in categories):
        raise Refused(
            _("document-link/category/@code %(value)r; expected codes like A01.")
            % {"value": categories},
            line,
        )
    p.documents.append(
        {
            "url": (el.get("url") or "").strip(),
            "format": (el.get("format") or "").strip(),
            "title": narratives(el.find("title"), lang),
            "description": narratives(el.find("description"), lang),
            "category": categories[0] if categories else "",
            "language": languages[0][:10] if languages else "",
            "document_date": optional_date(
                date_el.get("iso-date") if date_el is not None else None, "document-date", line
            ),
        }
    )
    if len(categories) > 1 or len(languages) > 1:
        p.extra.setdefault("documents", {})[str(len(p.documents) - 1)] = {
            "categories": categories,
            "languages": languages,
        }


def _references(el, what: str) -> list[dict]:
    refs = []
    for ref in el.iterchildren("reference"):
        item = {k: v.strip() for k, v in ref.attrib.items()}
        if not item.get("code") or not item.get("vocabulary"):
            raise Refused(
                _("%(what)s/reference needs vocabulary and code.") % {"what": what},
                ref.sourceline,
            )
        refs.append(item)
    return refs


def _bool(value: str | None, what: str, line) -> bool | None:
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise Refused(
        _("%(what)s is %(value)r; expected 1/0 or true/false.") % {"what": what, "value": value},
        line,
    )


def _result(p, el, lang, _c) -> None:
    line = el.sourceline
    kind = check_code(el.get("type"), codes.RESULT_TYPE, "result/@type", line)
    r = len(p.results)
    firsts = _firsts(el)
    result = {
        "type": int(kind),
        "aggregation_status": _bool(
            el.get("aggregation-status"), "result/@aggregation-status", line
        ),
        "title": narratives(firsts.get("title"), lang),
        "description": narratives(firsts.get("description"), lang),
    }
    extras: dict = {}
    refs = _references(el, "result")
    if refs:
        extras[f"{r}"] = {"references": refs}
        for ref in refs:
            if ref["vocabulary"] == codes.SDG_RESULT_VOCABULARY:
                p.sdg_codes.add(".".join(ref["code"].split(".")[:2]))
    indicators = []
    for i, ind_el in enumerate(el.iterchildren("indicator")):
        indicators.append(_indicator(ind_el, lang, f"{r}.{i}", extras))
    if extras:
        p.extra.setdefault("results", {}).update(extras)
    p.results.append((result, indicators))


def _indicator(el, lang, key: str, extras: dict) -> tuple[dict, list[dict]]:
    line = el.sourceline
    measure = check_code(el.get("measure"), codes.INDICATOR_MEASURE, "indicator/@measure", line)
    ascending = _bool(el.get("ascending"), "indicator/@ascending", line)
    firsts = _firsts(el)
    indicator = {
        "measure": int(measure),
        "ascending": True if ascending is None else ascending,
        "title": narratives(firsts.get("title"), lang),
        "description": narratives(firsts.get("description"), lang),
        "baseline_year": None,
        "baseline_date": None,
        "baseline_value": None,
    }
    extra: dict = {}
    refs = _references(el, "indicator")
    if refs:
        extra["references"] = refs
    if el.get("aggregation-status") is not None:
        extra["aggregation_status"] = el.get("aggregation-status").strip()
    baseline = firsts.get("baseline")
    if baseline is not None:
        year = (baseline.get("year") or "").strip()
        if year and not (year.isdigit() and 1900 <= int(year) <= 2200):
            raise Refused(
                _("baseline/@year is %(value)r; expected a year such as 2020.") % {"value": year},
                baseline.sourceline,
            )
        indicator["baseline_year"] = int(year) if year else None
        indicator["baseline_date"] = optional_date(
            baseline.get("iso-date"), "baseline/@iso-date", baseline.sourceline
        )
        indicator["baseline_value"], raw = indicator_value(baseline.get("value"))
        if raw is not None:
            extra["baseline_raw"] = raw
        comment = narratives(baseline.find("comment"), lang)
        if comment:
            extra["baseline_comment"] = comment
    periods = []
    for n, period_el in enumerate(el.iterchildren("period")):
        periods.append(_period(period_el, lang, extra, n))
    if extra:
        extras[key] = extra
    return indicator, periods


def _period(el, lang, extra: dict, n: int) -> dict:
    line = el.sourceline
    firsts = _firsts(el)
    start_el, end_el = firsts.get("period-start"), firsts.get("period-end")
    start = parse_date(
        start_el.get("iso-date") if start_el is not None else None, "period-start", line
    )
    end = parse_date(end_el.get("iso-date") if end_el is not None else None, "period-end", line)
    if end < start:
        raise Refused(
            _("indicator period ends (%(end)s) before it starts (%(start)s).")
            % {"end": end, "start": start},
            line,
        )
    period: dict[str, Any] = {"period_start": start, "period_end": end}
    for side in ("target", "actual"):
        side_el = firsts.get(side)
        period[f"{side}_value"], raw = indicator_value(
            side_el.get("value") if side_el is not None else None
        )
        if raw is not None:
            extra.setdefault("periods", {}).setdefault(str(n), {})[f"{side}_raw"] = raw
        period[f"{side}_comment"] = narratives(
            side_el.find("comment") if side_el is not None else None, lang
        )
    return period


def _hierarchy(value: str | None, line) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 32767:
        raise Refused(
            _("@hierarchy is %(value)r; expected a level such as 1 or 2.") % {"value": text}, line
        )
    return int(text)


def _code_or_blank(value: str | None, allowed: frozenset[str] | None, what: str, line) -> str:
    """A code of a list we hold (checked), or any short code of a list we only keep."""
    code = (value or "").strip()
    if not code:
        return ""
    if allowed is not None:
        return check_code(code, allowed, what, line)
    if len(code) > 4:
        raise Refused(
            _("%(what)s is %(value)r; expected a code of at most four characters.")
            % {"what": what, "value": code},
            line,
        )
    return code


def _code_of(el, allowed: frozenset[str] | None = None) -> str:
    """The @code of a code-only element such as <flow-type code="10"/> ("" when absent)."""
    if el is None:
        return ""
    return _code_or_blank(el.get("code"), allowed, f"{el.tag}/@code", el.sourceline)


def _aid_type(el, what: str) -> dict:
    code = (el.get("code") or "").strip()
    if not code or len(code) > 20:
        raise Refused(
            _("%(what)s/@code is %(value)r; expected an aid type code.")
            % {"what": what, "value": code},
            el.sourceline,
        )
    vocabulary = (el.get("vocabulary") or "1").strip()
    return {"code": code, "vocabulary": vocabulary}


def _field_code(name: str, allowed: frozenset[str] | None = None):
    def handler(p, el, _l, _c) -> None:
        p.fields[name] = _code_of(el, allowed)

    return handler


def _default_aid_type(p, el, _l, _c) -> None:
    p.fields["default_aid_types"].append(_aid_type(el, "default-aid-type"))


def _contact(p, el, lang, _c) -> None:
    firsts = _firsts(el)
    contact_type = (el.get("type") or "").strip()
    if contact_type:
        check_code(contact_type, codes.CONTACT_TYPE, "contact-info/@type", el.sourceline)
    p.contacts.append(
        {
            "type": contact_type,
            "organisation": narratives(firsts.get("organisation"), lang),
            "department": narratives(firsts.get("department"), lang),
            "person_name": narratives(firsts.get("person-name"), lang),
            "job_title": narratives(firsts.get("job-title"), lang),
            "telephone": _text(firsts.get("telephone"))[:100],
            "email": _text(firsts.get("email"))[:254],
            "website": _text(firsts.get("website"))[:500],
            "mailing_address": narratives(firsts.get("mailing-address"), lang),
        }
    )


def _policy_marker(p, el, lang, _c) -> None:
    line = el.sourceline
    code = (el.get("code") or "").strip()
    if not code:
        raise Refused(_no_code("policy-marker"), line)
    significance = (el.get("significance") or "").strip()
    if significance:
        check_code(significance, codes.POLICY_SIGNIFICANCE, "policy-marker/@significance", line)
    p.policy_markers.append(
        {
            "vocabulary": (el.get("vocabulary") or "1").strip(),
            "vocabulary_uri": (el.get("vocabulary-uri") or "").strip(),
            "code": code,
            "significance": significance,
            "narrative": narratives(el, lang),
        }
    )


def _related(p, el, _l, _c) -> None:
    ref = (el.get("ref") or "").strip()
    if not ref:
        raise Refused(_("related-activity has no ref."), el.sourceline)
    kind = check_code(
        el.get("type"), codes.RELATED_ACTIVITY_TYPE, "related-activity/@type", el.sourceline
    )
    p.related.append({"ref": ref, "type": kind})


def _conditions(p, el, lang, _c) -> None:
    p.fields["conditions_attached"] = _bool(
        el.get("attached"), "conditions/@attached", el.sourceline
    )
    for condition in el.iterchildren("condition"):
        kind = (condition.get("type") or "").strip()
        if kind:
            check_code(kind, codes.CONDITION_TYPE, "condition/@type", condition.sourceline)
        p.fields["conditions"].append({"type": kind, "text": narratives(condition, lang)})


_HANDLERS = {
    "reporting-org": _reporting_org,
    "title": _title,
    "description": _description,
    "participating-org": _participating_org,
    "activity-status": _status,
    "activity-date": _date,
    "recipient-country": _country,
    "recipient-region": _region,
    "sector": _sector,
    "tag": _tag,
    "budget": _budget,
    "transaction": _transaction,
    "location": _location,
    "document-link": _document,
    "result": _result,
    "contact-info": _contact,
    "activity-scope": _field_code("activity_scope", codes.ACTIVITY_SCOPE),
    "policy-marker": _policy_marker,
    "collaboration-type": _field_code("collaboration_type", codes.COLLABORATION_TYPE),
    "default-flow-type": _field_code("default_flow_type"),
    "default-finance-type": _field_code("default_finance_type"),
    "default-aid-type": _default_aid_type,
    "default-tied-status": _field_code("default_tied_status", codes.TIED_STATUS),
    "related-activity": _related,
    "conditions": _conditions,
}
