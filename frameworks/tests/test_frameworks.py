from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, Budget
from frameworks.alignment import set_alignments
from frameworks.models import Agenda2063Goal, SdgGoal, SdgTarget
from frameworks.permissions import can_tag
from frameworks.services import agenda2063_contribution, sdg_contribution
from interop.iati_import import import_iati_files
from interop.tests.iati_samples import activity, document, write


def test_load_frameworks_loads_goals_and_targets_in_every_language(db, shared_data):
    out = StringIO()
    call_command("load_frameworks", str(shared_data / "frameworks"), stdout=out)
    assert "SDG goals: 17, targets: 169, languages:" in out.getvalue()
    assert "Agenda 2063 aspirations: 7, goals: 20." in out.getvalue()
    goal = SdgGoal.objects.get(code="9")
    assert set(goal.title) == {"ar", "en", "es", "fr", "ru", "zh-Hans"}
    assert SdgTarget.objects.get(code="9.c").title["fr"].startswith("Accro")
    assert "Internet" in SdgTarget.objects.get(code="9.c").title["fr"]
    assert Agenda2063Goal.objects.get(number=1).aspiration_id == 1
    call_command("load_frameworks", str(shared_data / "frameworks"), stdout=StringIO())
    assert SdgTarget.objects.count() == 169


def _activities(tmp_path, state="approved"):
    import_iati_files(
        [write(tmp_path, document(activity(), activity("XM-TEST-1-A2")))], state=state
    )
    return list(Activity.objects.order_by("iati_identifier"))


def test_only_the_secretariat_and_the_reporting_focal_point_may_tag(
    db, personas, tmp_path, frameworks_loaded
):
    a, _ = _activities(tmp_path)
    a.reporting_org = personas.kenyan_ministry
    a.save()
    assert can_tag(personas.secretariat, a) and can_tag(personas.kenyan_focal_point, a)
    assert not can_tag(personas.chinese_focal_point, a)
    assert not can_tag(personas.outsider, a) and not can_tag(personas.reviewer, a)


def test_the_plan_contribution_counts_approved_activities_and_sums_budgets(
    db, plan, tmp_path, frameworks_loaded
):
    a, b = _activities(tmp_path)
    set_alignments(a, ["9.c", "9.1"], [10])
    set_alignments(b, ["9.c"], [])
    Activity.objects.create(
        plan=plan, iati_identifier="DRAFT-1", reporting_org=a.reporting_org, title={"en": "d"}
    )
    set_alignments(Activity.objects.get(iati_identifier="DRAFT-1"), ["9.c"], [10])
    nine = next(c for c in sdg_contribution(plan) if c.code == "9")
    assert nine.activities == 2  # a counts once although tagged with two targets of goal 9
    assert nine.budgets == {"USD": Decimal("2001.00")}
    ten = next(c for c in agenda2063_contribution(plan) if c.code == "10")
    assert (ten.activities, ten.budgets) == (1, {"USD": Decimal("1000.50")})
    Budget.objects.filter(activity=b).update(currency="EUR")
    nine = next(c for c in sdg_contribution(plan) if c.code == "9")
    assert nine.budgets == {"USD": Decimal("1000.50"), "EUR": Decimal("1000.50")}


def test_the_tagging_page_saves_targets_and_goals(client, personas, tmp_path, frameworks_loaded):
    a, _ = _activities(tmp_path)
    client.force_login(personas.secretariat)
    url = reverse("frameworks:activity-alignment", args=[a.pk])
    response = client.post(url, {"sdg_targets": ["9.c", "17.8"], "agenda2063_goals": ["10"]})
    assert response.status_code == 302
    assert sorted(a.sdg_alignments.values_list("target_id", flat=True)) == ["17.8", "9.c"]
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 403
    from digicoop.testing import make_activity

    draft = make_activity(personas)  # the Kenyan ministry's draft: not visible to outsiders
    draft_url = reverse("frameworks:activity-alignment", args=[draft.pk])
    assert client.get(draft_url).status_code == 404  # its existence is not revealed


def test_the_api_reads_and_sets_tags_with_field_errors(
    client, personas, tmp_path, frameworks_loaded
):
    a, _ = _activities(tmp_path)
    url = f"/api/v1/frameworks/activities/{a.pk}"
    body = json.dumps({"sdg_targets": ["9.c"], "agenda2063_goals": [10]})
    assert client.put(url, body, content_type="application/json").status_code == 401
    client.force_login(personas.chinese_focal_point)  # not the reporting organisation's
    assert client.put(url, body, content_type="application/json").status_code == 403
    client.force_login(personas.secretariat)
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "activity": "XM-TEST-1-A1",
        "sdg_goals": ["9"],
        "sdg_targets": ["9.c"],
        "agenda2063_goals": [10],
    }
    bad = client.put(
        url,
        json.dumps({"sdg_targets": ["9.z"], "agenda2063_goals": [99]}),
        content_type="application/json",
    )
    # The API's one error shape: 422 with field-level errors.
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"sdg_targets", "agenda2063_goals"}
    assert "9.z is not an SDG target" in bad.content.decode()
    assert len(client.get("/api/v1/frameworks/sdg").json()) == 17


def test_manual_tags_are_exported_as_iati_tags_and_come_back(db, tmp_path, frameworks_loaded):
    from interop.iati_export import export_queryset, write_iati

    a, _ = _activities(tmp_path)
    set_alignments(a, ["9.c"], [10])
    out = tmp_path / "out.xml"
    with out.open("wb") as handle:
        write_iati(export_queryset(), handle)
    Activity.objects.all().delete()
    import_iati_files([out])
    again = Activity.objects.get(iati_identifier="XM-TEST-1-A1")
    assert list(again.sdg_alignments.values_list("target_id", flat=True)) == ["9.c"]
    assert list(again.agenda2063_alignments.values_list("goal_id", flat=True)) == [10]


def test_the_contribution_page_renders_one_row_per_goal(client, plan, frameworks_loaded):
    response = client.get(reverse("frameworks:plan-contribution", args=[plan.slug]))
    assert response.status_code == 200
    assert response.content.decode().count('<tr data-goal="') == 17 + 20


def test_a_tag_change_on_an_approved_activity_writes_history_and_a_new_version(
    client, personas, frameworks_loaded
):
    """Tags go through the activities' door: an approved record's goals cannot change without
    a trace, and an editor holding the old version gets a conflict."""
    from digicoop.testing import make_activity

    a = make_activity(personas, state="approved")
    client.force_login(personas.secretariat)
    response = client.post(
        reverse("frameworks:activity-alignment", kwargs={"pk": a.pk}),
        {"sdg_targets": ["9.c"], "agenda2063_goals": ["10"]},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.version == 2 and a.workflow_state == "approved"
    change = a.changes.get()
    assert change.action == "tags changed" and change.user == personas.secretariat
    assert change.version == 2
    assert {c["field"]: (c["before"], c["after"]) for c in change.changes} == {
        "sdg": ([], ["9.c"]),
        "agenda2063": ([], [10]),
    }
    # Through the API too, and clearing a tag is a change as well.
    response = client.put(
        f"/api/v1/frameworks/activities/{a.pk}",
        {"sdg_targets": ["9.c"], "agenda2063_goals": []},
        "application/json",
    )
    assert response.status_code == 200, response.content
    a.refresh_from_db()
    assert a.version == 3
    last = a.changes.order_by("pk").last()
    assert last.changes == [{"field": "agenda2063", "before": [10], "after": []}]


def test_saving_the_same_tags_writes_nothing(personas, frameworks_loaded):
    from digicoop.testing import make_activity

    a = make_activity(personas, state="approved")
    set_alignments(a, ["9.c"], [], by=personas.secretariat)
    set_alignments(a, ["9.c"], [], by=personas.secretariat)
    a.refresh_from_db()
    assert a.version == 2 and a.changes.count() == 1
