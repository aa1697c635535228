"""Activities as JSON-ready dictionaries (the shapes of api.schemas' output schemas)."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.urls import reverse

from activities import codelists
from activities.models import Activity
from activities.results import results_as_data
from activities.sectors import DAC_LISTS

CHILD_FIELDS = {
    "recipient_countries": ["id", "country", "percentage"],
    "recipient_regions": ["id", "code", "vocabulary", "percentage"],
    "iati_sectors": ["id", "vocabulary", "code", "percentage"],
    "participating_orgs": ["id", "organisation", "role", "ref", "name"],
    "budgets": ["id", "type", "status", "period_start", "period_end", "value", "currency",
                "value_date"],
    "transactions": ["id", "ref", "type", "date", "value", "currency", "value_date",
                     "description", "provider_org_ref", "receiver_org_ref"],
    "locations": ["id", "ref", "name", "latitude", "longitude", "country"],
    "documents": ["id", "url", "title", "format", "category", "language", "document_date"],
}  # fmt: skip


def summary_out(a: Activity) -> dict:
    return {
        "id": a.pk,
        "iati_identifier": a.iati_identifier,
        "plan": a.plan.slug,
        "title": a.title,
        "reporting_org": {"id": a.reporting_org_id, "name": a.reporting_org.name},
        "kind": a.kind.code if a.kind_id else None,
        "status": a.status,
        "workflow_state": a.workflow_state,
        "version": a.version,
        "updated_at": a.updated_at,
    }


# The IATI code list naming each region vocabulary's codes (only the OECD DAC regions have one).
REGION_LISTS = {"1": codelists.Codelist.REGION}


def _named(row, fields: list[str], lists: dict[str, codelists.Codelist]) -> dict:
    """A sector or region row with ``name``: the official IATI name of its code in the
    reader's language (French or English, the only ones IATI publishes), null when its
    vocabulary has no list or the list lacks the code."""
    out = model_to_dict(row, fields=fields)
    codelist = lists.get(row.vocabulary)
    out["name"] = codelists.name_in(codelist, row.code) if codelist else None
    return out


def _with_country_name(row, fields: list[str], label: str) -> dict:
    """A row holding a country code, with the country's name in the reader's language beside
    it under ``label`` (null when the row has no country)."""
    out = model_to_dict(row, fields=fields)
    out[label] = row.country.localized_name if row.country_id else None
    return out


def _document(doc) -> dict:
    row = model_to_dict(doc, fields=CHILD_FIELDS["documents"])
    row["file"] = reverse("activity-document", args=[doc.activity_id, doc.pk]) if doc.file else None
    return row


def activity_out(a: Activity) -> dict:
    out = summary_out(a)
    out.update(
        {
            field: getattr(a, field)
            for field in (
                "description",
                "default_language",
                "default_currency",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
            )
        }
    )
    for name in ("pillars", "sectors", "technologies"):
        out[name] = sorted(getattr(a, name).values_list("code", flat=True))
    out["recipient_countries"] = [
        _with_country_name(r, CHILD_FIELDS["recipient_countries"], "name")
        for r in a.recipient_countries.select_related("country").order_by("pk")
    ]
    out["recipient_regions"] = [
        _named(r, CHILD_FIELDS["recipient_regions"], REGION_LISTS)
        for r in a.recipient_regions.order_by("pk")
    ]
    out["iati_sectors"] = [
        _named(r, CHILD_FIELDS["iati_sectors"], DAC_LISTS) for r in a.iati_sectors.order_by("pk")
    ]
    out["locations"] = [
        _with_country_name(r, CHILD_FIELDS["locations"], "country_name")
        for r in a.locations.select_related("country").order_by("pk")
    ]
    out["documents"] = [_document(d) for d in a.documents.order_by("pk")]
    for name in ("participating_orgs", "budgets", "transactions"):
        fields = CHILD_FIELDS[name]
        out[name] = [model_to_dict(r, fields=fields) for r in getattr(a, name).order_by("pk")]
    out["results"] = results_as_data(a)
    return out
