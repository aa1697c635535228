"""An activity's IATI sectors as a person reads them: names, not codes.

A sector of the DAC vocabularies (5-digit purpose codes, 3-digit sector codes) is shown by its
official IATI name beside its code, and, where the plan's own sector list maps the 5-digit code
(``plans.models.Sector.dac_codes``), with the plan sector it counts under. A code the IATI list
does not have (a newer code) or a code of another vocabulary is shown as vocabulary and code,
with the publisher's own name for it when the activity kept one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from activities import codelists
from activities.codes import SectorVocabulary
from activities.models import Activity
from plans.models import Sector

# The IATI code list that names each DAC sector vocabulary's codes.
DAC_LISTS: dict[str, codelists.Codelist] = {
    SectorVocabulary.DAC_5: codelists.Codelist.SECTOR,
    SectorVocabulary.DAC_3: codelists.Codelist.SECTOR_CATEGORY,
}


@dataclass(frozen=True)
class ShownSector:
    vocabulary: str
    vocabulary_label: str
    code: str
    percentage: Decimal | None
    name: dict[str, str]  # the official IATI name by language; empty when the list lacks it
    narrative: dict  # the publisher's own name by language, as imported
    plan_sectors: list[Sector] = field(default_factory=list)


def dac_map(plan_sectors: list[Sector]) -> dict[str, list[Sector]]:
    """{DAC 5-digit code: the plan sectors that list it}, from the plan's own sector list."""
    mapped: dict[str, list[Sector]] = {}
    for sector in plan_sectors:
        for code in sector.dac_codes or []:
            mapped.setdefault(str(code), []).append(sector)
    return mapped


def shown_sectors(activity: Activity) -> list[ShownSector]:
    """The activity's IATI sectors, named, in two queries (its sectors, its plan's sectors)."""
    mapped = dac_map(list(Sector.objects.filter(plan_id=activity.plan_id)))
    shown = []
    for row in activity.iati_sectors.all():
        codelist = DAC_LISTS.get(row.vocabulary)
        shown.append(
            ShownSector(
                vocabulary=row.vocabulary,
                vocabulary_label=str(row.get_vocabulary_display()),
                code=row.code,
                percentage=row.percentage,
                name=codelists.name(codelist, row.code) if codelist else {},
                narrative=row.narrative if isinstance(row.narrative, dict) else {},
                plan_sectors=mapped.get(row.code, [])
                if row.vocabulary == SectorVocabulary.DAC_5
                else [],
            )
        )
    return shown
