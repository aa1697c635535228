"""Everything the database holds about imported activities, as plain comparable values."""

from __future__ import annotations

from django.forms.models import model_to_dict

from activities import models as am

SKIP = {"id", "activity", "result", "indicator", "created_at", "updated_at", "source_file"}


def _plain(obj, skip=SKIP) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in skip}


def snapshot() -> dict:
    out = {}
    for a in am.Activity.objects.order_by("iati_identifier"):
        fields = _plain(
            a, SKIP | {"pillars", "sectors", "technologies", "reporting_org", "created_by"}
        )
        fields["reporting_org"] = a.reporting_org.iati_ref
        for rel in am.CHILD_RELATIONS:
            fields[rel] = [_plain(row) for row in getattr(a, rel).order_by("pk")]
        fields["results"] = [
            {
                **_plain(r),
                "indicators": [
                    {**_plain(i), "periods": [_plain(p) for p in i.periods.order_by("pk")]}
                    for i in r.indicators.order_by("pk")
                ],
            }
            for r in a.results.order_by("pk")
        ]
        extra = getattr(a, "iati_extra", None)
        fields["extra"] = extra.data if extra else {}
        fields["sdg"] = sorted((x.goal_id, x.target_id or "") for x in a.sdg_alignments.all())
        fields["agenda2063"] = sorted(a.agenda2063_alignments.values_list("goal_id", flat=True))
        out[a.iati_identifier] = fields
    return out
