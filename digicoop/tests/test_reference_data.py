from __future__ import annotations

import pytest
from django.core.management import call_command

from digicoop.testing import BUILTIN_PLAN, ensure_reference_data
from participants.models import Country
from plans.models import Plan


@pytest.mark.django_db(transaction=True)
def test_reference_data_comes_back_after_a_flush():
    # What the end of every committing (browser) test does to the database.
    call_command("flush", interactive=False, verbosity=0)
    assert not Plan.objects.exists() and not Country.objects.exists()
    ensure_reference_data()
    plan = Plan.objects.get(slug=BUILTIN_PLAN)
    assert plan.targets.count() == 4
    assert Country.objects.filter(au_member=True).count() == 55
    ensure_reference_data()  # idempotent: nothing is loaded twice
    assert Plan.objects.count() == 1
