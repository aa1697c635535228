"""The plan meant when none is named: one rule for pages, imports and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db


def _plan(slug: str, adopted: dt.date) -> Plan:
    return Plan.objects.create(
        slug=slug,
        title=slug,
        adopted_on=adopted,
        period_start=adopted,
        period_end=adopted + dt.timedelta(days=365),
    )


def test_the_built_in_plan_is_the_default_even_beside_a_newer_plan(plan):
    _plan("newer", dt.date(2030, 1, 1))
    assert Plan.objects.default() == plan


def test_without_a_built_in_plan_the_most_recently_adopted_plan_is_the_default(plan):
    Plan.objects.filter(pk=plan.pk).update(is_builtin=False)
    _plan("older", dt.date(2001, 1, 1))
    newest = _plan("newest", dt.date(2030, 1, 1))
    assert Plan.objects.default() == newest


def test_with_no_plan_loaded_there_is_no_default(plan):
    Plan.objects.filter(pk=plan.pk).update(is_builtin=False)
    assert Plan.objects.exclude(pk=plan.pk).default() is None


def test_an_import_without_a_plan_lands_in_the_default_plan(plan):
    from interop.iati_import import default_plan

    Plan.objects.filter(pk=plan.pk).update(is_builtin=False)
    newest = _plan("newest", dt.date(2030, 1, 1))
    assert default_plan() == newest
