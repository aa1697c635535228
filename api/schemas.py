"""Typed payloads of the activities API. Input schemas mirror activities.services' dictionaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    return value


def text(max_length: int = 100_000, min_length: int = 0):
    """A string type with length bounds that refuses NUL characters."""
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_no_nul),
    ]


Text = text()
Code = text(100)
Lang = text(10, 1)
Narrative = dict[Lang, Text]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=3)]
Money = Annotated[Decimal, Field(max_digits=20, decimal_places=2)]
Figure = Annotated[Decimal, Field(max_digits=20, decimal_places=4)]
RowId = Annotated[int, Field(ge=1, le=2**62)]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []
    current_version: int | None = None


class RecipientCountryIn(Schema):
    id: RowId | None = None
    country: text(2, 2)
    percentage: Percent | None = None


class RecipientRegionIn(Schema):
    id: RowId | None = None
    code: text(20, 1)
    vocabulary: text(5) = "1"
    percentage: Percent | None = None


class SectorIn(Schema):
    id: RowId | None = None
    vocabulary: text(5) = "1"
    code: text(100, 1)
    percentage: Percent | None = None


class ParticipatingOrgIn(Schema):
    id: RowId | None = None
    organisation: RowId | None = None
    role: int = Field(ge=1, le=4)
    ref: Code = ""
    name: Narrative = {}


class BudgetIn(Schema):
    id: RowId | None = None
    type: int = Field(1, ge=1, le=2)
    status: int = Field(1, ge=1, le=2)
    period_start: dt.date
    period_end: dt.date
    value: Money
    currency: text(3) = ""
    value_date: dt.date


class TransactionIn(Schema):
    id: RowId | None = None
    ref: Code = ""
    type: text(2)
    date: dt.date
    value: Money
    currency: text(3) = ""
    value_date: dt.date
    description: Narrative = {}
    provider_org_ref: Code = ""
    receiver_org_ref: Code = ""


class LocationIn(Schema):
    id: RowId | None = None
    ref: Code = ""
    name: Narrative = {}
    latitude: Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)] | None = (
        None
    )
    country: text(2, 2) | None = None


class DocumentIn(Schema):
    id: RowId | None = None
    url: text(1000) = ""
    title: Narrative = {}
    format: text(100) = ""
    category: text(5) = ""
    language: text(10) = ""
    document_date: dt.date | None = None


class ActivityFields(Schema):
    title: Narrative | None = None
    description: Narrative | None = None
    default_language: text(10) | None = None
    default_currency: text(3) | None = None
    kind: Code | None = None
    status: int | None = Field(None, ge=1, le=6)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    pillars: list[Code] | None = None
    sectors: list[Code] | None = None
    technologies: list[Code] | None = None
    recipient_countries: list[RecipientCountryIn] | None = None
    recipient_regions: list[RecipientRegionIn] | None = None
    iati_sectors: list[SectorIn] | None = None
    participating_orgs: list[ParticipatingOrgIn] | None = None
    budgets: list[BudgetIn] | None = None
    transactions: list[TransactionIn] | None = None
    locations: list[LocationIn] | None = None
    documents: list[DocumentIn] | None = None


class ActivityIn(ActivityFields):
    plan: text(50, 1)
    reporting_org: RowId
    iati_identifier: text(200, 1)
    title: Narrative


class ActivityPatch(ActivityFields):
    version: int = Field(ge=1, le=2**31, description="The version your change is based on")
    iati_identifier: text(200, 1) | None = None
    reporting_org: RowId | None = None


class TransitionIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31)
    comment: text(5000) = ""


class DisaggregationIn(Schema):
    id: RowId | None = None
    dimension: text(20)
    category: text(20, 1)
    target_value: Figure | None = None
    actual_value: Figure | None = None


class PeriodIn(Schema):
    id: RowId | None = None
    period_start: dt.date
    period_end: dt.date
    target_value: Figure | None = None
    actual_value: Figure | None = None
    disaggregations: list[DisaggregationIn] = []


class IndicatorIn(Schema):
    id: RowId | None = None
    title: Narrative
    description: Narrative = {}
    measure: int = Field(1, ge=1, le=5)
    ascending: bool = True
    standard_indicator: Code | None = None
    unit: text(60) = ""
    baseline_year: int | None = Field(None, ge=1900, le=2200)
    baseline_value: Figure | None = None
    periods: list[PeriodIn] = []


class ResultIn(Schema):
    id: RowId | None = None
    type: int = Field(1, description="1 output, 2 outcome, 3 impact, 9 other")
    title: Narrative
    description: Narrative = {}
    indicators: list[IndicatorIn] = []


class ResultsIn(Schema):
    version: int = Field(ge=1, le=2**31)
    results: list[ResultIn]


class DisaggregationOut(Schema):
    id: int
    dimension: str
    category: str
    target_value: Decimal | None
    actual_value: Decimal | None


class PeriodOut(Schema):
    id: int
    period_start: dt.date
    period_end: dt.date
    target_value: Decimal | None
    actual_value: Decimal | None
    disaggregations: list[DisaggregationOut]


class IndicatorOut(Schema):
    id: int
    title: dict[str, str]
    description: dict[str, str]
    measure: int
    ascending: bool
    standard_indicator: str | None
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    periods: list[PeriodOut]


class ResultOut(Schema):
    id: int
    type: int
    title: dict[str, str]
    description: dict[str, str]
    indicators: list[IndicatorOut]


class OrgRef(Schema):
    id: int
    name: str


class ActivitySummary(Schema):
    id: int
    iati_identifier: str
    plan: str
    title: dict[str, str]
    reporting_org: OrgRef
    kind: str | None
    status: int
    workflow_state: str
    version: int
    updated_at: dt.datetime


# Output rows carry no input constraints: records imported from IATI may hold longer values
# than the entry forms allow, and must still be served.
class RecipientCountryOut(Schema):
    id: int
    country: str
    percentage: Decimal | None


class RecipientRegionOut(Schema):
    id: int
    code: str
    vocabulary: str
    percentage: Decimal | None


class SectorOut(Schema):
    id: int
    vocabulary: str
    code: str
    percentage: Decimal | None


class ParticipatingOrgOut(Schema):
    id: int
    organisation: int | None
    role: int
    ref: str
    name: dict[str, str]


class BudgetOut(Schema):
    id: int
    type: int
    status: int
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    currency: str
    value_date: dt.date


class TransactionOut(Schema):
    id: int
    ref: str
    type: str
    date: dt.date
    value: Decimal
    currency: str
    value_date: dt.date
    description: dict[str, str]
    provider_org_ref: str
    receiver_org_ref: str


class LocationOut(Schema):
    id: int
    ref: str
    name: dict[str, str]
    latitude: Decimal | None
    longitude: Decimal | None
    country: str | None


class DocumentOut(Schema):
    id: int
    url: str
    file: str | None
    title: dict[str, str]
    format: str
    category: str
    language: str
    document_date: dt.date | None


class ActivityOut(ActivitySummary):
    description: dict[str, str]
    default_language: str
    default_currency: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    pillars: list[str]
    sectors: list[str]
    technologies: list[str]
    recipient_countries: list[RecipientCountryOut]
    recipient_regions: list[RecipientRegionOut]
    iati_sectors: list[SectorOut]
    participating_orgs: list[ParticipatingOrgOut]
    budgets: list[BudgetOut]
    transactions: list[TransactionOut]
    locations: list[LocationOut]
    documents: list[DocumentOut]
    results: list[ResultOut]


class ActivityPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ActivitySummary]


class ChangeOut(Schema):
    at: dt.datetime
    user: str | None
    action: str
    version: int
    comment: str
    changes: list[dict]


# Every operation documents every refusal it can give, all in the ErrorOut shape.
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}
