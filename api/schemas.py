"""Typed payloads of the activities API. Input schemas mirror activities.services' dictionaries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

import pycountry
from django.db.models import IntegerChoices, TextChoices
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import WithJsonSchema

from activities.codes import (
    ActivityStatus,
    BudgetStatus,
    BudgetType,
    IndicatorMeasure,
    OrganisationRole,
    ResultType,
    TransactionType,
    WorkflowState,
    currency_codes,
)
from activities.models import SEX_CATEGORIES

NO_NUL = r"^[^\x00]*$"


def text(max_length: int = 100_000, min_length: int = 0):
    """A string type with length bounds that refuses NUL characters."""
    return Annotated[
        str,
        # PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
        StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL),
    ]


def decimal(
    max_digits: int,
    places: int,
    ge: int | None = None,
    le: int | None = None,
    pattern: str | None = None,
):
    """A decimal sent as a JSON number or a plain decimal string, with the schema saying exactly
    what the server accepts: the digits before and after the point, and the bounds. (pydantic's
    own schema allows any string, so clients and fuzzers sent "" or "1e5" and got a 422.)"""
    whole = max_digits - places
    sign = "-?" if ge is None or ge < 0 else ""
    # A bounded decimal passes the pattern that spells its bounds out (a regular expression
    # cannot compare numbers).
    pattern = pattern or rf"^{sign}[0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?$"
    low = ge if ge is not None else -(10**whole) + 1
    high = le if le is not None else 10**whole - 1

    def check(value):
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(
                _("Give a decimal number with at most %(places)s decimal places.")
                % {"places": places}
            )
        if isinstance(value, bool):
            raise ValueError(_("Give a number, not true or false."))
        return value

    number = {"type": "number", "minimum": low, "maximum": high, "multipleOf": 10**-places}
    string = {"type": "string", "pattern": pattern}
    return Annotated[
        Decimal,
        BeforeValidator(check),
        Field(ge=low, le=high, max_digits=max_digits, decimal_places=places),
        WithJsonSchema({"anyOf": [number, string]}),
    ]


def narrative(required: bool = False):
    """Text in several languages, keyed by language code. A required narrative (a title) needs
    at least one language with some text, as the records do."""
    value = text(100_000, 1 if required else 0)
    schema: dict = {
        "type": "object",
        "propertyNames": {"minLength": 1, "maxLength": 10, "pattern": NO_NUL},
        "additionalProperties": {"type": "string", "maxLength": 100_000, "pattern": NO_NUL},
    }
    if required:
        schema["minProperties"] = 1
        schema["additionalProperties"]["minLength"] = 1
    return Annotated[
        dict[Lang, value], Field(min_length=1 if required else 0), WithJsonSchema(schema)
    ]


Text = text()
Code = text(100)
# A code in a query string: plan slugs, country, kind, sector codes are URL-safe ASCII, which
# also bounds the query string (see api.limits).
FilterCode = Annotated[str, StringConstraints(max_length=100, pattern=r"^[A-Za-z0-9_.-]*$")]
Lang = Annotated[str, StringConstraints(min_length=1, max_length=10, pattern=NO_NUL)]
Narrative = narrative()
Title = narrative(required=True)
Percent = decimal(6, 3, ge=0, le=100, pattern=r"^(100(\.0{1,3})?|[0-9]{1,2}(\.[0-9]{1,3})?)$")
Latitude = decimal(9, 6, ge=-90, le=90, pattern=r"^-?(90(\.0{1,6})?|[0-8]?[0-9](\.[0-9]{1,6})?)$")
Longitude = decimal(
    9,
    6,
    ge=-180,
    le=180,
    pattern=r"^-?(180(\.0{1,6})?|(1[0-7][0-9]|[0-9]?[0-9])(\.[0-9]{1,6})?)$",
)
Money = decimal(20, 2)
Figure = decimal(20, 4)
RowId = Annotated[int, Field(ge=1, le=2**62)]
Version = Annotated[int, Field(ge=1, le=2**31, description="The version your change is based on")]


class In(Schema):
    """Request bodies refuse properties they do not define (``additionalProperties: false``):
    a misspelt field must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


# One problem of the request (a lib.problems.Problem, made by api.errors.problem_out): the
# path of its field ("__all__": the request as a whole) and why it was refused. The schema has
# named it FieldError since 1.0, and clients generated from the schema know it by that name.
class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []
    current_version: int | None = None


def omittable(annotation, **field):
    """A property that may be left out but, when given, may not be null: the schema shows no
    ``null`` (and no ``default: null``) for what the server would refuse as null."""

    def drop_default(schema: dict) -> None:
        schema.pop("default", None)

    return Annotated[annotation, Field(default=None, json_schema_extra=drop_default, **field)]


def choice(*values):
    """One value of a code list, as an enumeration the schema shows."""
    return Literal[values]  # type: ignore[valid-type]


# An output code a person reads has its name beside it (`name`, `country_name`) where the
# name comes from a long list (IATI sectors and regions, countries); a code of a short list is
# described with its meanings, and a plan's own code with the endpoint that names it.
def coded(codelist: str, choices: type[IntegerChoices | TextChoices]) -> str:
    """``codelist`` code: each code with its meaning (from the model's own choices, in
    English: a description is read before any language is chosen)."""
    meanings = ", ".join(f"{m.value} {m.name.lower().replace('_', ' ')}" for m in choices)
    return f"IATI {codelist} code: {meanings}"


def one_of(choices: type[TextChoices]) -> str:
    """A code of a short list whose codes are words: the list."""
    return "One of: " + ", ".join(choices.values)


COUNTRY = choice(*sorted(c.alpha_2 for c in pycountry.countries))
CURRENCY = choice(*sorted(currency_codes()))
OPTIONAL_CURRENCY = choice("", *sorted(currency_codes()))
LANGUAGE = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


def _sector_codes(schema: dict) -> None:
    # The DAC vocabularies fix the shape of the code (activities.models.Sector.clean).
    schema["allOf"] = [
        {
            "if": {"properties": {"vocabulary": {"const": vocabulary}}},
            "then": {"properties": {"code": {"pattern": pattern}}},
        }
        for vocabulary, pattern in (("1", r"^[0-9]{5}$"), ("2", r"^[0-9]{3}$"))
    ]


def shown_name():
    """A name the API returns beside a code, accepted back and ignored: a client may send a row
    as it read it (to keep the row, by its ``id``) although request bodies refuse unknown
    properties."""
    return Field(None, exclude=True, description="Read-only: the name the API shows; ignored")


class RecipientCountryIn(In):
    id: RowId | None = None
    country: COUNTRY
    percentage: Percent | None = None
    name: text(1000) | None = shown_name()


class RecipientRegionIn(In):
    id: RowId | None = None
    code: text(20, 1)
    vocabulary: text(5) = "1"
    percentage: Percent | None = None
    name: text(1000) | None = shown_name()


class SectorIn(In):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_sector_codes)

    id: RowId | None = None
    vocabulary: text(5) = "1"
    code: text(100, 1)
    percentage: Percent | None = None
    name: text(1000) | None = shown_name()


class ParticipatingOrgIn(In):
    id: RowId | None = None
    organisation: RowId | None = None
    role: choice(*OrganisationRole.values)
    ref: Code = ""
    name: Narrative = {}


class BudgetIn(In):
    id: RowId | None = None
    type: choice(*BudgetType.values) = 1
    status: choice(*BudgetStatus.values) = 1
    period_start: dt.date
    period_end: dt.date
    value: decimal(20, 2, ge=0)
    currency: OPTIONAL_CURRENCY = ""
    value_date: dt.date


class TransactionIn(In):
    id: RowId | None = None
    ref: Code = ""
    type: choice(*TransactionType.values)
    date: dt.date
    value: Money
    currency: OPTIONAL_CURRENCY = ""
    value_date: dt.date
    description: Narrative = {}
    provider_org_ref: Code = ""
    receiver_org_ref: Code = ""


class LocationIn(In):
    id: RowId | None = None
    ref: Code = ""
    name: Narrative = {}
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    country: COUNTRY | None = None
    country_name: text(1000) | None = shown_name()


class DocumentIn(In):
    id: RowId | None = None
    url: text(1000) = ""
    title: Narrative = {}
    format: text(100) = ""
    category: text(5) = ""
    language: text(10) = ""
    document_date: dt.date | None = None


class ActivityFields(In):
    title: omittable(Title)
    description: omittable(Narrative)
    default_language: omittable(LANGUAGE)
    default_currency: omittable(CURRENCY)
    kind: Code | None = None
    status: omittable(choice(*ActivityStatus.values))
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    pillars: omittable(list[Code])
    sectors: omittable(list[Code])
    technologies: omittable(list[Code])
    recipient_countries: omittable(list[RecipientCountryIn])
    recipient_regions: omittable(list[RecipientRegionIn])
    iati_sectors: omittable(list[SectorIn])
    participating_orgs: omittable(list[ParticipatingOrgIn])
    budgets: omittable(list[BudgetIn])
    transactions: omittable(list[TransactionIn])
    locations: omittable(list[LocationIn])
    documents: omittable(list[DocumentIn])


class ActivityIn(ActivityFields):
    plan: text(50, 1)
    reporting_org: RowId
    iati_identifier: text(200, 1)
    title: Title


class ActivityPatch(ActivityFields):
    version: Version
    iati_identifier: omittable(text(200, 1))
    reporting_org: omittable(RowId)


class TransitionIn(In):
    version: Version | None = None
    comment: text(5000) = ""


class ReturnIn(In):
    """Returning work for correction must say what to correct."""

    version: Version | None = None
    comment: Annotated[str, StringConstraints(max_length=5000, pattern=r"\S")]


def _cell_categories(schema: dict) -> None:
    # A cell's category depends on its dimension (activities.models.Disaggregation.clean, which
    # enforces it and names the field).
    shapes = {
        "sex": {"enum": list(SEX_CATEGORIES)},
        "age_group": {"pattern": r"^[0-9]{1,3}(-[0-9]{1,3}|\+)$"},
        "country": {"enum": sorted(c.alpha_2 for c in pycountry.countries)},
    }
    schema["allOf"] = [
        {
            "if": {"properties": {"dimension": {"const": dimension}}},
            "then": {"properties": {"category": shape}},
        }
        for dimension, shape in shapes.items()
    ]


class DisaggregationIn(In):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_cell_categories)

    id: RowId | None = None
    dimension: choice("sex", "age_group", "country")
    category: text(20, 1)
    target_value: Figure | None = None
    actual_value: Figure | None = None


class PeriodIn(In):
    id: RowId | None = None
    period_start: dt.date
    period_end: dt.date
    target_value: Figure | None = None
    actual_value: Figure | None = None
    disaggregations: list[DisaggregationIn] = []


class IndicatorIn(In):
    id: RowId | None = None
    title: Title
    description: Narrative = {}
    measure: choice(*IndicatorMeasure.values) = 1
    ascending: bool = True
    standard_indicator: Code | None = None
    unit: text(60) = ""
    baseline_year: int | None = Field(None, ge=1900, le=2200)
    baseline_value: Figure | None = None
    periods: list[PeriodIn] = []


class ResultIn(In):
    id: RowId | None = None
    type: choice(*ResultType.values) = Field(
        1, description="1 output, 2 outcome, 3 impact, 9 other"
    )
    title: Title
    description: Narrative = {}
    indicators: list[IndicatorIn] = []


class ResultsIn(In):
    version: Version
    results: list[ResultIn]


class DisaggregationOut(Schema):
    id: int
    dimension: str = Field(description="sex, age_group or country")
    category: str = Field(
        description="By dimension: a sex category (female, male…), an age group (15-24, 65+) "
        "or an ISO 3166-1 alpha-2 country code"
    )
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
    measure: int = Field(description=coded("IndicatorMeasure", IndicatorMeasure))
    ascending: bool
    standard_indicator: str | None = Field(
        description="Code of one of the plan's standard indicators (`GET /plans/{slug}`)"
    )
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    periods: list[PeriodOut]


class ResultOut(Schema):
    id: int
    type: int = Field(description=coded("ResultType", ResultType))
    title: dict[str, str]
    description: dict[str, str]
    indicators: list[IndicatorOut]


class OrgRef(Schema):
    id: int
    name: str


class ActivitySummary(Schema):
    id: int
    iati_identifier: str
    plan: str = Field(description="The plan's slug (`GET /plans/{slug}`)")
    title: dict[str, str]
    reporting_org: OrgRef
    kind: str | None = Field(
        description="Code of one of the plan's kinds of activity (named in the plan's pages)"
    )
    status: int = Field(description=coded("ActivityStatus", ActivityStatus))
    workflow_state: str = Field(
        description=one_of(WorkflowState) + " (approved: counts and is public)"
    )
    version: int
    updated_at: dt.datetime


# Output rows carry no input constraints: records imported from IATI may hold longer values
# than the entry forms allow, and must still be served.
class RecipientCountryOut(Schema):
    id: int
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    percentage: Decimal | None
    name: str | None = Field(None, description="The country's name in the request's language")


class RecipientRegionOut(Schema):
    id: int
    code: str
    vocabulary: str = Field(description="IATI RegionVocabulary code (1: OECD DAC regions)")
    percentage: Decimal | None
    name: str | None = Field(
        None,
        description="The region's official IATI name, in French for a French request, else in "
        "English (IATI publishes no other); null when the vocabulary has no IATI list or the "
        "list lacks the code",
    )


class SectorOut(Schema):
    id: int
    vocabulary: str = Field(
        description="IATI SectorVocabulary code (1: DAC 5-digit purpose codes, 2: DAC 3-digit)"
    )
    code: str
    percentage: Decimal | None
    name: str | None = Field(
        None,
        description="The sector's official IATI name, in French for a French request, else in "
        "English (IATI publishes no other); null when the vocabulary has no IATI list or the "
        "list lacks the code",
    )


class ParticipatingOrgOut(Schema):
    id: int
    organisation: int | None
    role: int = Field(description=coded("OrganisationRole", OrganisationRole))
    ref: str
    name: dict[str, str]


class BudgetOut(Schema):
    id: int
    type: int = Field(description=coded("BudgetType", BudgetType))
    status: int = Field(description=coded("BudgetStatus", BudgetStatus))
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    currency: str = Field(description="ISO 4217 currency code")
    value_date: dt.date


class TransactionOut(Schema):
    id: int
    ref: str
    type: str = Field(description=coded("TransactionType", TransactionType))
    date: dt.date
    value: Decimal
    currency: str = Field(description="ISO 4217 currency code; empty: the activity's default")
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
    country: str | None = Field(description="ISO 3166-1 alpha-2 code")
    country_name: str | None = Field(
        None, description="The country's name in the request's language"
    )


class DocumentOut(Schema):
    id: int
    url: str
    file: str | None
    title: dict[str, str]
    format: str = Field(description="IANA media type")
    category: str = Field(description="IATI DocumentCategory code")
    language: str = Field(description="ISO 639-1 language code")
    document_date: dt.date | None


class ActivityOut(ActivitySummary):
    description: dict[str, str]
    default_language: str = Field(description="ISO 639-1 language code")
    default_currency: str = Field(description="ISO 4217 currency code")
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    pillars: list[str] = Field(
        description="Codes of the plan's pillars (`GET /plans/{slug}/pillars`)"
    )
    sectors: list[str] = Field(description="Codes of the plan's own sectors")
    technologies: list[str] = Field(description="Codes of the plan's technologies")
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
    next: str | None = Field(
        None,
        description="Pass as `after` for the page after this one; null on the last page.",
    )


class ChangeOut(Schema):
    at: dt.datetime
    user: str | None
    action: str
    version: int
    comment: str
    changes: list[dict]


# Every operation documents every refusal it can give, all in the ErrorOut shape.
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 414, 422)}


# What the server checks that a JSON schema cannot state: rules relating two fields, or a field
# to the plan's own lists and the activity's rows. Such a refusal is a 422 naming the rule; the
# API's description lists them for client authors, and the contract test admits a 422 made only
# of these (api/tests/test_openapi_fuzz.py).
RULES_BEYOND_THE_SCHEMA = (
    ("cannot end before it starts", "A budget or reporting period ends on or after its start."),
    ("cannot be before the planned start", "Planned dates are in order."),
    ("cannot be before the actual start", "Actual dates are in order."),
    ("needs its actual start date", "An activity under way (status 2–4) has its actual start."),
    ("needs its actual end date", "A closed activity (status 4) has its actual end."),
    ("must add up to 100", "Percentages of several countries, regions or sectors add to 100."),
    ("needs a percentage when there are several", "Several rows each carry a percentage."),
    ("is listed twice", "A recipient country appears once."),
    ("is given twice", "A disaggregation cell appears once per period."),
    ("is not a kind of activity of this plan", "`kind` is a code of the plan's kinds."),
    ("belongs to another plan", "`kind` is a code of the plan's kinds."),
    ("Unknown code(s) for this plan", "Pillars, sectors and technologies are the plan's codes."),
    ("is not a standard indicator of this plan", "`standard_indicator` is the plan's."),
    ("There is no row", "A row `id` is one of this activity's rows (from a previous read)."),
    ("Name the organisation", "A participating organisation has an id, a ref or a name."),
    ("Give both latitude and longitude", "A location has both coordinates or neither."),
    ("A document needs a link or an uploaded file", "A document has a URL or a file."),
    ("You may not report for this organisation", "You report for `reporting_org`."),
    ("files are not accepted; expected one of", "A document is a PDF, office file, image or CSV."),
    ("the content does not look like", "A document's content matches its extension."),
    ("is not an SDG target", "SDG targets are those of the loaded SDG framework."),
    ("is not an Agenda 2063 goal", "Agenda 2063 goals are those of the loaded framework."),
)


def is_rule_beyond_the_schema(message: str) -> bool:
    return any(phrase in message for phrase, _rule in RULES_BEYOND_THE_SCHEMA)


def rules_beyond_the_schema_text() -> str:
    rules = dict.fromkeys(rule for _phrase, rule in RULES_BEYOND_THE_SCHEMA)
    return "\n".join(f"- {rule}" for rule in rules)
