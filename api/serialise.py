"""Activities as JSON-ready dictionaries (the shapes of api.schemas' output schemas)."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.urls import reverse

from activities.models import Activity
from activities.results import results_as_data

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
    for name, fields in CHILD_FIELDS.items():
        rows = getattr(a, name).order_by("pk")
        out[name] = (
            [_document(d) for d in rows]
            if name == "documents"
            else [model_to_dict(r, fields=fields) for r in rows]
        )
    out["results"] = results_as_data(a)
    return out
