"""A plan may require two-step sign-in of its secretariat and reviewers (Plan.require_two_factor):
they reach only the enrolment page, and the API sees them as anonymous, until they enrol. The
requirement follows the plan, not the role: the same role in another plan, or another role in
the same plan, is not asked. Nothing is kept in the session: a change counts at the next
request, and that check costs no query of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import twofactor
from accounts.models import Role, RoleAssignment, User
from accounts.tests.test_two_factor import enrol, now, password
from digicoop.testing import _user
from plans.models import Plan
from plans.tests.test_second_plan import management

pytestmark = pytest.mark.django_db

PRIVATE = "/accounts/tokens/"
ENROLMENT = "/accounts/two-factor/"
SECOND_FACTOR = "accounts.middleware.SecondFactor"


@pytest.fixture
def requiring(personas):
    """The personas' plan requires a second factor; a second plan, beside it, does not."""
    personas.plan.require_two_factor = True
    personas.plan.save()
    return personas


@pytest.fixture
def other_plan(db) -> Plan:
    return Plan.objects.create(
        slug="other-plan-test",
        title="Other plan (test)",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 1, 1),
    )


def sent_to_enrolment(client) -> bool:
    response = client.get(PRIVATE)
    if response.status_code == 200:
        return False
    assert response.status_code == 302
    return response["Location"] == ENROLMENT


def test_a_reviewer_of_a_plan_that_requires_it_is_sent_to_enrolment_and_anonymous_to_the_api(
    client, requiring
):
    password(client, "reviewer")
    assert sent_to_enrolment(client)
    page = client.get(ENROLMENT)
    assert page.status_code == 200 and "Your role requires" in page.content.decode()
    assert client.get("/api/v1/tokens/").status_code == 401
    # Enrolling lets them in (the enrolment verified this session).
    device = twofactor.pending_device(requiring.reviewer)
    client.post(ENROLMENT, {"code": now(device)})
    assert client.get(PRIVATE).status_code == 200
    assert client.get("/api/v1/tokens/").status_code == 200
    assert "cannot be turned off" in client.get(ENROLMENT).content.decode()


def test_the_secretariat_of_a_plan_that_requires_it_is_sent_to_enrolment(client, requiring):
    client.force_login(requiring.secretariat)
    assert sent_to_enrolment(client)


def test_a_reviewer_of_another_plan_that_does_not_require_it_is_not(client, requiring, other_plan):
    colleague = _user("colleague")
    RoleAssignment.objects.create(user=colleague, plan=other_plan, role=Role.REVIEWER)
    password(client, "colleague")
    assert not sent_to_enrolment(client)
    assert client.get("/api/v1/tokens/").status_code == 200
    assert not twofactor.required(colleague)


def test_a_focal_point_of_the_plan_that_requires_it_is_not(client, requiring):
    password(client, "kenyan_focal_point")
    assert not sent_to_enrolment(client)
    assert client.get("/api/v1/tokens/").status_code == 200


def test_a_reviewer_elsewhere_is_not_asked_for_being_a_focal_point_of_a_requiring_plan(
    requiring, other_plan
):
    RoleAssignment.objects.create(
        user=requiring.kenyan_focal_point, plan=other_plan, role=Role.REVIEWER
    )
    assert not twofactor.required(requiring.kenyan_focal_point)
    other_plan.require_two_factor = True
    other_plan.save()
    assert twofactor.required(requiring.kenyan_focal_point)


def test_turning_the_setting_on_takes_effect_at_the_next_request_of_a_signed_in_reviewer(
    client, personas
):
    password(client, "reviewer")
    assert client.get(PRIVATE).status_code == 200
    personas.plan.require_two_factor = True
    personas.plan.save()
    assert sent_to_enrolment(client)
    assert client.get("/api/v1/tokens/").status_code == 401
    personas.plan.require_two_factor = False
    personas.plan.save()
    assert client.get(PRIVATE).status_code == 200


def test_a_guarded_role_granted_in_a_requiring_plan_takes_effect_at_the_next_request(
    client, requiring
):
    password(client, "kenyan_focal_point")
    assert client.get(PRIVATE).status_code == 200
    granted = RoleAssignment.objects.create(
        user=requiring.kenyan_focal_point, plan=requiring.plan, role=Role.REVIEWER
    )
    assert sent_to_enrolment(client)
    granted.delete()
    assert client.get(PRIVATE).status_code == 200


def test_a_reset_authenticator_sends_an_open_session_of_a_required_reviewer_to_enrolment(
    client, requiring
):
    """An administrator resets a lost phone (turn_off): the session the old device verified
    no longer counts as verified, and the policy asks for a new enrolment."""
    device, _codes = enrol(requiring.reviewer)
    password(client, "reviewer")
    client.post("/accounts/login/code/", {"code": now(device, 1)})
    assert client.get(PRIVATE).status_code == 200
    twofactor.turn_off(requiring.reviewer)
    assert sent_to_enrolment(client)


def test_the_site_wide_setting_still_covers_every_plans_reviewers(
    client, personas, other_plan, settings
):
    settings.DIGICOOP_REQUIRE_2FA_FOR_STAFF = True
    colleague = _user("colleague")
    RoleAssignment.objects.create(user=colleague, plan=other_plan, role=Role.REVIEWER)
    password(client, "colleague")
    assert sent_to_enrolment(client)


def test_an_unverified_session_costs_no_query_for_the_second_factor(personas, settings):
    """The same page for a signed-in focal point, with and without the second factor's check:
    the same number of queries (what it needs was loaded with the user)."""

    def queries() -> int:
        client = Client()  # a new client loads the middleware as set now
        client.force_login(personas.kenyan_focal_point)
        client.get(PRIVATE)  # warm (content types, the first session save…)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PRIVATE).status_code == 200
        return len(captured)

    with_check = queries()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != SECOND_FACTOR]
    assert with_check == queries()


def test_a_reviewer_sent_to_enrolment_costs_the_session_and_the_user_only(client, requiring):
    client.force_login(requiring.reviewer)
    client.get(PRIVATE)
    with CaptureQueriesContext(connection) as captured:
        assert sent_to_enrolment(client)
    sql = [q["sql"] for q in captured]
    assert len(sql) == 2, sql
    assert 'FROM "django_session"' in sql[0] and 'FROM "accounts_user"' in sql[1]


def test_a_plan_is_set_to_require_it_in_the_admin(client, personas):
    client.force_login(User.objects.create_superuser("admin", "", "a long passphrase 1"))
    form = client.get(reverse("admin:plans_plan_add")).content.decode()
    assert 'name="require_two_factor"' in form and "reach only the page that sets it up" in form
    data = {
        "slug": "guarded-plan",
        "title": "Guarded plan (test)",
        "adopted_on": "2025-01-10",
        "period_start": "2025-01-10",
        "period_end": "2028-01-10",
        "languages": "[]",
        "require_two_factor": "on",
        **management(),
    }
    response = client.post(reverse("admin:plans_plan_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Plan.objects.get(slug="guarded-plan").require_two_factor
