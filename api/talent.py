"""Talent registry API: programmes, counts and disaggregation; personal fields only with
permission for the organisation that recorded them. Mounted at /api/v1/talent."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from activities.models import Activity
from api.schemas import ERRORS, FilterCode, RowId, one_of
from plans.models import Plan
from talent import counting, permissions
from talent.identity import reveal
from talent.models import EnrolmentStatus, Mode, Programme

# The dimensions are an enumeration in the schema, so a client knows them before asking; the
# view refuses any other by name.
Dimension = Annotated[str, Field(json_schema_extra={"enum": list(counting.DIMENSIONS)})]

router = Router(tags=["talent"])


class ProgrammeOut(Schema):
    id: int
    activity: str
    title: str
    pillar: str | None = Field(description="Code of the plan's pillar")
    mode: str = Field(description=one_of(Mode))
    hours: int | None
    providers: list[str]
    host_countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    skills: list[str]


class CountsOut(Schema):
    plan: str
    digital_talents: int
    enrolled_not_completed: int
    rule: str


class CellOut(Schema):
    key: str
    label: str
    value: str  # a number, "<5" or "x" in public figures
    count: int | None  # None when suppressed


class BreakdownOut(Schema):
    plan: str
    dimension: str
    suppressed: bool
    cells: list[CellOut]


class PersonalOut(Schema):
    name: str
    email: str
    phone: str
    id_number: str
    id_country: str = Field(description="ISO 3166-1 alpha-2 code")


class EnrolmentOut(Schema):
    id: int
    person: str
    talent: str
    provider: str
    status: str = Field(description=one_of(EnrolmentStatus))
    enrolled_on: dt.date
    completed_on: dt.date | None
    certificate_code: str | None
    personal: PersonalOut | None  # only for records the caller may see


def _plan(slug: str | None) -> Plan:
    plan = Plan.objects.filter(slug=slug).first() if slug else Plan.objects.default()
    if plan is None:
        raise HttpError(
            404, _("No plan %(slug)r.") % {"slug": slug} if slug else _("No plan is loaded.")
        )
    return plan


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS})
def list_programmes(request, plan: FilterCode | None = None):
    # A programme is public when its activity is; others only for those who may read them.
    activities = Activity.objects.filter(plan=_plan(plan)).visible_to(request.user)
    programmes = Programme.objects.filter(activity__in=activities).select_related(
        "activity__kind__pillar"
    )
    return [
        {
            "id": p.pk,
            "activity": p.activity.iati_identifier,
            "title": str(p),
            "pillar": p.activity.kind.pillar.code if p.activity.kind else None,
            "mode": p.mode,
            "hours": p.hours,
            "providers": [o.name for o in p.providers.all()],
            "host_countries": [c.code for c in p.host_countries.all()],
            "skills": p.skills,
        }
        for p in programmes.prefetch_related("providers", "host_countries")
    ]


@router.get("/counts", response={200: CountsOut, **ERRORS})
def counts(request, plan: FilterCode | None = None):
    the_plan = _plan(plan)
    return {
        "plan": the_plan.slug,
        "digital_talents": counting.digital_talents(the_plan),
        "enrolled_not_completed": counting.enrolled_not_completed(the_plan),
        "rule": _(
            "Distinct persons matched across partners with a completed enrolment in an "
            "approved programme within the plan period."
        ),
    }


@router.get("/disaggregation/{dimension}", response={200: BreakdownOut, **ERRORS})
def disaggregation(request, dimension: Dimension, plan: FilterCode | None = None):
    """Public callers get suppressed cells; reviewers and the secretariat get raw counts."""
    the_plan = _plan(plan)
    if dimension not in counting.DIMENSIONS:
        raise ValidationError(
            {
                "dimension": _("%(dimension)r is not one of %(choices)s.")
                % {"dimension": dimension, "choices": ", ".join(counting.DIMENSIONS)}
            }
        )
    raw = permissions.can_review(request.user, the_plan)
    fetch = counting.breakdown if raw else counting.public_breakdown
    cells = fetch(the_plan, dimension)
    return {
        "plan": the_plan.slug,
        "dimension": dimension,
        "suppressed": not raw,
        "cells": [
            {
                "key": c.key,
                "label": c.label,
                "value": c.shown,
                "count": None if c.hidden else c.count,
            }
            for c in cells
        ],
    }


@router.get("/programmes/{programme_id}/enrolments", response={200: list[EnrolmentOut], **ERRORS})
def programme_enrolments(request, programme_id: RowId):
    programme = permissions.load_programme(request.user, programme_id)
    if not permissions.can_see_programme_enrolments(request.user, programme):
        raise HttpError(
            403,
            _("Only the programme's providers, reviewers and the secretariat see its enrolments."),
        )
    orgs = permissions.personal_organisations(request.user, programme.activity.plan_id)
    enrolments = programme.enrolments.select_related("person", "talent", "provider", "certificate")
    out = []
    for e in enrolments:
        data = reveal(e.person) if orgs is None or e.person.recorded_by_id in orgs else None
        out.append(
            {
                "id": e.pk,
                "person": str(e.person.ref),
                "talent": str(e.talent.ref),
                "provider": e.provider.name,
                "status": e.status,
                "enrolled_on": e.enrolled_on,
                "completed_on": e.completed_on,
                "certificate_code": getattr(getattr(e, "certificate", None), "code", None),
                "personal": None if data is None else data.__dict__,
            }
        )
    return out
