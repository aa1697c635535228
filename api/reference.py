"""Read-only reference data: plans, pillars, targets with progress, organisations, countries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from api.schemas import ERRORS, Code, FilterCode, Text, one_of
from participants.models import AURegion, Country, Organisation, OrganisationType
from plans.models import Plan
from progress.metrics import indicator_total
from progress.services import target_progress

router = Router(tags=["reference"])


class PlanOut(Schema):
    slug: str
    title: str
    short_title: str
    adopted_on: dt.date
    period_start: dt.date
    period_end: dt.date
    summary: str
    languages: list[str]
    indicators: list[str] = Field(description="Codes of the plan's standard indicators")


class PillarOut(Schema):
    code: str
    name: str
    description: str
    order: int


class TargetOut(Schema):
    code: str
    pillar: str = Field(description="Code of the plan's pillar (`GET /plans/{slug}/pillars`)")
    statement: str
    metric: str
    unit: str
    value: Decimal | None
    deadline: dt.date | None
    current_value: Decimal
    percent: Decimal | None
    expected_percent: Decimal | None
    on_track: bool | None
    rule: str


class IndicatorTotalOut(Schema):
    code: str
    name: str
    unit: str
    total: Decimal


class OrganisationOut(Schema):
    id: int
    name: str
    acronym: str
    type: str = Field(description=one_of(OrganisationType))
    country: str | None = Field(description="ISO 3166-1 alpha-2 code (`GET /countries` names it)")
    iati_ref: str


class CountryOut(Schema):
    code: str
    alpha3: str
    name: str
    au_member: bool
    au_region: str = Field(description=one_of(AURegion) + "; empty outside the African Union")


def _plan(slug: str) -> Plan:
    return get_object_or_404(Plan, slug=slug)


@router.get("/plans", response={200: list[PlanOut], **ERRORS})
def list_plans(request: HttpRequest):
    return [_plan_out(plan) for plan in Plan.objects.prefetch_related("standard_indicators")]


@router.get("/plans/{slug}", response={200: PlanOut, **ERRORS})
def get_plan(request: HttpRequest, slug: Code):
    return _plan_out(_plan(slug))


def _plan_out(plan: Plan) -> dict:
    fields = ("slug", "title", "short_title", "adopted_on", "period_start", "period_end")
    return {
        **{name: getattr(plan, name) for name in fields},
        "summary": plan.summary,
        "languages": plan.languages,
        "indicators": [i.code for i in plan.standard_indicators.all()],
    }


@router.get("/plans/{slug}/pillars", response={200: list[PillarOut], **ERRORS})
def list_pillars(request: HttpRequest, slug: Code):
    return list(_plan(slug).pillars.all())


@router.get("/plans/{slug}/targets", response={200: list[TargetOut], **ERRORS})
def list_targets(request: HttpRequest, slug: Code):
    """Each target with its current value and progress against a linear path."""
    out = []
    for target in _plan(slug).targets.select_related("plan", "pillar", "standard_indicator"):
        tp = target_progress(target)
        out.append(
            {
                "code": target.code,
                "pillar": target.pillar.code,
                "statement": target.statement,
                "metric": target.metric,
                "unit": target.unit,
                "value": target.value,
                "deadline": target.deadline,
                "current_value": tp.value,
                "percent": tp.percent,
                "expected_percent": tp.expected_percent,
                "on_track": tp.on_track,
                "rule": tp.rule,
            }
        )
    return out


@router.get("/plans/{slug}/indicators/{code}", response={200: IndicatorTotalOut, **ERRORS})
def get_indicator_total(request: HttpRequest, slug: Code, code: Code):
    """Plan-wide total of a standard indicator over approved activities."""
    plan = _plan(slug)
    indicator = get_object_or_404(plan.standard_indicators, code=code)
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "total": indicator_total(plan, indicator.code),
    }


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
def list_organisations(
    request: HttpRequest,
    plan: FilterCode | None = None,
    country: FilterCode | None = None,
    q: Annotated[Text | None, Field(max_length=200)] = None,
):
    """Organisations, optionally only the approved members of a plan."""
    qs = Organisation.objects.all()
    if plan:
        qs = qs.filter(memberships__plan__slug=plan, memberships__status="approved")
    if country:
        qs = qs.filter(country_id=country.upper())
    if q:
        qs = qs.filter(name__icontains=q)
    return [_org(o) for o in qs[:500]]


def _org(o: Organisation) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "acronym": o.acronym,
        "type": o.type,
        "country": o.country_id,
        "iati_ref": o.iati_ref,
    }


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int):
    return _org(get_object_or_404(Organisation, pk=organisation_id))


@router.get("/countries", response={200: list[CountryOut], **ERRORS})
def list_countries(request: HttpRequest, au_member: bool | None = None):
    qs = Country.objects.all()
    if au_member is not None:
        qs = qs.filter(au_member=au_member)
    return list(qs)
