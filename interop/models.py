"""What IATI carries beyond the activity model, kept so that an export gives back what came in.

The activity model holds one sector per transaction, one category per document and numbers for
indicator values; IATI allows several sectors and categories, free-text indicator values,
``tag`` elements and result references. ``IatiExtra.data`` keeps those, addressed by the
ordinal position of the child row (rows are exported in primary-key order, which is the order
they were imported in).
"""

from __future__ import annotations

from django.db import models


class IatiExtra(models.Model):
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="iati_extra"
    )
    data = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"IATI extras of activity {self.activity_id}"
