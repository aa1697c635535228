"""A role in plan B gives nothing in plan A: every role of another plan × every activity and
talent action, on the pages and the API, leaks nothing and changes nothing.

Plan B's people hold every role there, including focal point, trainer and viewer *for the same
Kenyan ministry* that reports plan A's records, so only the plan scope can stop them. Plan A's
own people are the control: the same requests succeed for them, so a refusal here is the plan
scope at work and not a broken URL.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role, RoleAssignment
from accounts.tokens import create_token
from activities.models import Activity
from digicoop.testing import _user, make_activity
from plans.models import KindCategory, Plan
from talent.certificates import issue_certificate
from talent.models import Person
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db

NAME = "Wanjiku Nyambura Kamau"
SUCCESS = range(200, 300)


@pytest.fixture
def world(personas, settings):
    p = personas
    plan_b = Plan.objects.create(
        slug="second-plan-test",
        title="Second plan (test)",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 1, 1),
    )
    outsiders = {}
    for role in Role:
        user = _user(f"plan_b_{role.value}")
        org = None if role in (Role.SECRETARIAT, Role.REVIEWER) else p.kenyan_ministry
        RoleAssignment.objects.create(user=user, plan=plan_b, role=role, organisation=org)
        outsiders[role.value] = user
    programme = make_programme(p.plan, p.kenyan_ministry)
    enrolment = enrol_row(programme, p.kenyan_ministry, name=NAME, email="wnk@example.org")
    other = enrol_row(programme, p.kenyan_ministry, name="Other Trainee", email="ot@example.org")
    certificate = issue_certificate(enrolment)
    draft_programme = make_programme(p.plan, p.kenyan_ministry, approved=False)
    return {
        "p": p,
        "outsiders": outsiders,
        "programme": programme,
        "draft_programme": draft_programme,
        "enrolment": enrolment,
        "person": enrolment.person,
        "other": other.person,
        "certificate": certificate,
        "draft": make_activity(p, state="draft"),
        "submitted": make_activity(p, state="submitted"),
        "approved": make_activity(p, state="approved"),
    }


def _requests(w) -> list[tuple[str, str, str, dict]]:
    """(label, method, url, data) for every activity and talent action on plan A's records."""
    person, other = w["person"].ref, w["other"].ref
    draft, submitted, approved = w["draft"].pk, w["submitted"].pk, w["approved"].pk
    move = {"version": 1, "comment": "Please correct."}
    return [
        ("read a draft", "get", f"/activities/{draft}/", {}),
        ("read a draft's history", "get", f"/activities/{draft}/history/", {}),
        ("open a draft's edit form", "get", f"/activities/{draft}/edit/", {}),
        ("submit a draft", "post", f"/activities/{draft}/submit/", move),
        ("approve", "post", f"/activities/{submitted}/approve/", move),
        ("return", "post", f"/activities/{submitted}/return/", move),
        ("archive", "post", f"/activities/{approved}/archive/", move),
        ("delete a draft", "post", f"/activities/{draft}/delete/", {}),
        ("tag an activity", "get", f"/activities/{approved}/alignment/", {}),
        ("API read a draft", "get", f"/api/v1/activities/{draft}", {}),
        ("API approve", "api-post", f"/api/v1/activities/{submitted}/approve", move),
        ("API return", "api-post", f"/api/v1/activities/{submitted}/return", move),
        ("API archive", "api-post", f"/api/v1/activities/{approved}/archive", move),
        ("API edit", "api-patch", f"/api/v1/activities/{draft}", {"version": 1}),
        ("API delete", "api-delete", f"/api/v1/activities/{draft}", {}),
        ("read a draft programme", "get", f"/talent/programmes/{w['draft_programme'].pk}/", {}),
        ("enrol page", "get", f"/talent/programmes/{w['programme'].pk}/enrol/", {}),
        ("upload page", "get", f"/talent/programmes/{w['programme'].pk}/upload/", {}),
        (
            "API enrolments",
            "get",
            f"/api/v1/talent/programmes/{w['programme'].pk}/enrolments",
            {},
        ),
        ("issue a certificate", "post", f"/talent/enrolments/{w['enrolment'].pk}/certificate/", {}),
        ("download a certificate", "get", f"/talent/certificates/{w['certificate'].code}.pdf", {}),
        ("read a trainee", "get", f"/talent/persons/{person}/", {}),
        ("subject-access export", "get", f"/talent/persons/{person}/export.json", {}),
        ("merge", "post", f"/talent/persons/{person}/merge/", {"into": str(other)}),
        ("unmerge", "post", f"/talent/persons/{person}/unmerge/", {}),
        ("erase", "post", f"/talent/persons/{person}/erase/", {}),
        ("registry figures", "get", "/talent/secretariat/", {}),
    ]


def _send(client, method: str, url: str, data: dict, headers: dict):
    if method == "get":
        return client.get(url, headers=headers)
    if method == "post":
        return client.post(url, data)
    verb = method.removeprefix("api-")
    return getattr(client, verb)(url, data, "application/json", headers=headers)


def _state(w) -> tuple:
    activities = tuple(
        Activity.objects.filter(pk=w[k].pk).values_list("workflow_state", "version").first()
        for k in ("draft", "submitted", "approved")
    )
    person = Person.objects.get(pk=w["person"].pk)
    return activities, person.merged_into_id, person.erased_at, bytes(person.personal or b"")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_a_role_in_another_plan_reaches_nothing_of_this_plan(client, world, role):
    user = world["outsiders"][role]
    client.force_login(user)
    _token, clear = create_token(user, "tests")
    headers = {"Authorization": f"Bearer {clear}"}
    before = _state(world)
    leaks = []
    for label, method, url, data in _requests(world):
        response = _send(client, method, url, data, headers)
        body = response.content.decode(errors="replace")
        if response.status_code in SUCCESS or NAME in body or "wnk@example.org" in body:
            leaks.append(f"{label}: {response.status_code}")
        elif response.status_code == 302 and "/accounts/login/" not in response["Location"]:
            leaks.append(f"{label}: redirected to {response['Location']}")
    assert leaks == []
    assert _state(world) == before


def test_the_plan_scope_is_what_refuses_them(client, world):
    """The same requests succeed for plan A's own people (so the URLs above are live)."""
    p = world["p"]
    programme, person = world["programme"], world["person"]
    client.force_login(p.kenyan_trainer)
    assert NAME in client.get(f"/talent/programmes/{programme.pk}/").content.decode()
    assert client.get(f"/talent/certificates/{world['certificate'].code}.pdf").status_code == 200
    client.force_login(p.reviewer)
    assert client.get(f"/activities/{world['draft'].pk}/").status_code == 200
    assert client.get(f"/talent/persons/{person.ref}/").status_code == 200
    client.force_login(p.secretariat)
    assert client.get(f"/talent/persons/{person.ref}/export.json").status_code == 200
    assert client.get(f"/talent/programmes/{world['draft_programme'].pk}/").status_code == 200
    _token, clear = create_token(p.secretariat, "tests")
    url = f"/api/v1/talent/programmes/{programme.pk}/enrolments"
    api = client.get(url, headers={"Authorization": f"Bearer {clear}"})
    assert api.status_code == 200 and NAME in api.content.decode()


def test_a_trainee_in_two_plans_is_erased_only_by_the_secretariat_of_both(client, world):
    p = world["p"]
    plan_b = Plan.objects.get(slug="second-plan-test")
    pillar = plan_b.pillars.create(code="skills", name="Skills", description="Training.")
    plan_b.activity_kinds.create(
        pillar=pillar, code="training", name="Training", category=KindCategory.TRAINING_PROGRAMME
    )
    programme_b = make_programme(plan_b, p.kenyan_ministry)
    person = world["person"]
    enrol_row(programme_b, p.kenyan_ministry, name=NAME, email="wnk@example.org")
    # The trainee enrolled in plan B's programme is another record until merged; merge it by
    # recording the plan B enrolment against the same person.
    programme_b.enrolments.update(person=person, talent=person)
    client.force_login(p.secretariat)
    assert client.post(f"/talent/persons/{person.ref}/erase/").status_code == 403
    RoleAssignment.objects.create(user=p.secretariat, plan=plan_b, role=Role.SECRETARIAT)
    assert client.post(f"/talent/persons/{person.ref}/erase/").status_code == 302
    person.refresh_from_db()
    assert person.erased_at is not None


def test_anonymous_visitors_do_not_read_a_draft_programme(client, world):
    response = client.get(f"/talent/programmes/{world['draft_programme'].pk}/")
    assert response.status_code == 404
    assert client.get(f"/talent/programmes/{world['programme'].pk}/").status_code == 200
