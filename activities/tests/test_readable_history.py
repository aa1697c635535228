"""The history reads as words: field labels and human values, never stored codes or ids."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from activities import workflow
from activities.history_display import readable
from activities.models import Activity
from activities.public_history import history_for
from activities.tests.pages import form_data
from activities.tests.test_pages import new_activity_data

pytestmark = pytest.mark.django_db

LONG = (
    "County hospitals are linked by fibre so that patient records, imaging and tele-medicine "
    "reach the rural clinics of the lake region."
)
LONGER = LONG.replace("imaging and tele-medicine", "imaging, <b>laboratory</b> results and video")


@pytest.fixture
def changed(client, personas):
    """An activity recorded through the form, then changed in every kind of field: kind,
    status, multilingual title, long description, dates, code lists, countries, budgets
    (money), participating organisations, locations; then submitted and approved."""
    p = personas
    client.force_login(p.kenyan_focal_point)
    data = new_activity_data(p, **{"a-description_en": LONG})
    assert client.post("/activities/new/", data).status_code == 302
    a = Activity.objects.get()
    edit = form_data(
        p.plan,
        a,
        **{
            "a-kind": "data-centre",
            "a-status": "2",
            "a-title_fr": "Fibre pour les hôpitaux de comté",
            "a-description_en": LONGER,
            "a-planned_start": "2025-03-01",
            "a-actual_start": "2025-04-01",
            "a-pillars": ["infrastructure", "innovation"],
            "a-sectors": ["education"],
            "recipient_countries-0-percentage": "60",
            "recipient_countries-1-country": "TZ",
            "recipient_countries-1-percentage": "40",
            "budgets-0-value": "1250000.50",
            "budgets-1-period_start": "2026-01-01",
            "budgets-1-period_end": "2026-12-31",
            "budgets-1-value": "300000",
            "budgets-1-currency": "EUR",
            "budgets-1-value_date": "2026-01-01",
            "participating_orgs-0-organisation": "",
            "participating_orgs-0-name_en": "Lake Region Health Board",
            "locations-0-DELETE": "on",
        },
    )
    response = client.post(f"/activities/{a.pk}/edit/", edit)
    assert response.status_code == 302, response.content.decode()[:3000]
    a.refresh_from_db()
    a = workflow.submit(a, p.kenyan_focal_point)
    return workflow.approve(a, p.reviewer)


def page_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split('<ol class="history">')[1].split("</ol>")[0])


def test_the_history_page_shows_labels_and_names_not_codes(client, changed, personas):
    html = client.get(f"/activities/{changed.pk}/history/").content.decode()
    text = page_text(html)
    for raw in ("{'en'", "{&#x27;en&#x27;", '{"en"', "&quot;en&quot;", "[#"):
        assert raw not in html
    # A foreign key or code shown bare: "organisation 61", "kind 1", "status 2", "plan 3"…
    bare = re.compile(
        r"\b(reporting[ _]org|organisation|kind|status|plan|country|pillars?|sectors?)\s+\d+\b",
        re.IGNORECASE,
    )
    assert not bare.findall(text)
    kinds = dict(personas.plan.activity_kinds.values_list("code", "name"))
    for words in (
        "Reporting organisation",
        personas.kenyan_ministry.name,
        kinds["backbone"],
        kinds["data-centre"],
        "Pipeline/identification",
        "Implementation",
        "Title (Français)",
        "Fibre pour les hôpitaux de comté",
        "Reporting organisation",
        "English",
        "Kenya",
        "Tanzania",
        "1,000\N{NO-BREAK SPACE}USD",
        "1,250,000.50\N{NO-BREAK SPACE}USD",
        "300,000\N{NO-BREAK SPACE}EUR",
        "1 March 2025",
        "Lake Region Health Board",
        "Budget, row 2",
        "Draft",
        "Submitted",
        "Approved",
    ):
        assert words in text, words
    # A long text is shown as the words taken out and put in, escaped, not two whole copies.
    assert "<del>tele-medicine</del><ins>video</ins>" in html
    assert "<ins>imaging, &lt;b&gt;laboratory&lt;/b&gt; results</ins>" in html
    # Nothing that did not change is listed: a row removed lists the values it had.
    assert "—  —" not in re.sub(r"\s+", "  ", text)


def test_entries_are_grouped_per_save_with_who_and_when(client, changed, personas):
    html = client.get(f"/activities/{changed.pk}/history/").content.decode()
    entries = html.split('<li data-action="')[1:]
    assert [e.split('"')[0] for e in entries] == ["approve", "submit", "updated", "created"]
    edit = entries[2]
    assert "kenyan_focal_point" in edit and "<time datetime=" in edit
    groups = re.findall(r'data-state="(\w+)"><caption>([^<]+)</caption>', edit)
    assert ("changed", "The activity") in groups
    assert ("added", "Budget, row 2 — added") in groups
    assert ("changed", "Recipient country, row 1") in groups  # its percentage was given
    assert ("removed", "Location, row 1 — removed") in groups


def test_values_are_shown_in_the_readers_language(changed, personas):
    with translation.override("fr"):
        entries = readable(changed, history_for(personas.reviewer, changed))
        edit = next(e for e in entries if e.action == "updated")
        activity = next(g for g in edit.groups if g.title == "L'activité")
        created = next(e for e in entries if e.action == "created")
    by_label = {c.label: c for c in activity.changes}
    assert by_label["Statut de l'activité"].after == "Mise en œuvre"
    assert by_label["Titre"].after == "Fibre pour les hôpitaux de comté"
    assert by_label["Début prévu"].after == "1 mars 2025"
    first = {c.label: c for c in created.groups[0].changes}
    assert first["Titre"].after == "Fibre pour les hôpitaux"  # French text for a French reader


def test_the_public_history_is_readable_too_and_keeps_its_filter(client, changed, personas):
    client.logout()
    html = client.get(f"/activities/{changed.pk}/history/").content.decode()
    assert [e.split('"')[0] for e in html.split('<li data-action="')[1:]] == ["approve"]
    text = page_text(html)
    assert "Implementation" in text and "kenyan_focal_point" not in text
    assert "Workflow state" not in text
