"""Records in several languages show the reader's, marked with the language actually shown."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from digicoop.testing import make_activity
from languages.multilingual import pick
from plans.models import ActivityKind, Pillar, Plan, Sector, Target

LANGS = ("fr", "zh-hans", "ar", "pt")


def test_it_picks_the_readers_language_then_english_then_any():
    texts = {"fr": "Bonjour", "en": "Hello", "ar": "مرحبا"}
    assert pick(texts, "fr").text == "Bonjour"
    assert pick(texts, "pt") == pick(texts, "en")
    assert pick({"ar": "مرحبا", "fr": "Bonjour"}, "pt").language == "ar"
    assert pick({"zh": "你好"}, "zh-hans").text == "你好"
    assert pick({"fr": "  ", "en": ""}, "fr").text == ""
    assert pick("not a dict", "fr").text == ""


def render(source: str, **context) -> str:
    return Template("{% load multilingual %}" + source).render(Context(context))


def test_a_title_in_another_language_is_marked_with_it():
    with translation.override("ar"):
        html = render("{{ t|narrative }}", t={"fr": "Pilote d'irrigation"})
    assert html == '<span lang="fr" dir="auto">Pilote d&#x27;irrigation</span>'


def test_a_record_without_text_in_any_language_shows_its_identifier():
    html = render("<a>{{ t|narrative:'XM-1' }}</a>", t={"en": " "})
    assert html == '<a><bdi dir="auto">XM-1</bdi></a>'


@pytest.mark.django_db
def test_an_activity_without_a_title_is_listed_under_its_identifier(client, personas):
    activity = make_activity(personas, identifier="XM-NO-TITLE", state="approved")
    activity.title = {"fr": ""}
    activity.save()
    body = client.get("/activities/").content.decode()
    assert '<bdi dir="auto">XM-NO-TITLE</bdi></a>' in body
    assert activity.title_text() == "XM-NO-TITLE"


@pytest.mark.django_db
def test_an_activity_title_is_shown_in_the_readers_language(client, personas):
    activity = make_activity(personas, identifier="XM-FR-1", state="approved")
    activity.title = {"en": "Smart irrigation", "fr": "Irrigation intelligente"}
    activity.save()
    body = client.get(f"/activities/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Irrigation intelligente" in body
    body = client.get(f"/activities/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<span lang="en" dir="auto">Smart irrigation</span>' in body


@pytest.mark.django_db
def test_the_builtin_plan_names_everything_in_the_five_languages(plan):
    records = [
        (plan, ["title", "short_title", "summary"]),
        *[(p, ["name", "description"]) for p in Pillar.objects.filter(plan=plan)],
        *[(k, ["name"]) for k in ActivityKind.objects.filter(plan=plan)],
        *[(s, ["name"]) for s in Sector.objects.filter(plan=plan)],
        *[(t, ["statement"]) for t in Target.objects.filter(plan=plan)],
        *[(t, ["name"]) for t in plan.technologies.all()],
        *[(i, ["name", "unit"]) for i in plan.standard_indicators.all()],
    ]
    assert len(records) > 40
    for record, fields in records:
        for field in fields:
            for language in LANGS:
                shown = record.localized_picked(field, language)
                assert shown.language == language, (record, field, language)
                assert shown.text.strip(), (record, field, language)


@pytest.mark.django_db
def test_plan_records_read_in_the_active_language(plan):
    pillar = Pillar.objects.get(plan=plan, code="transformation")
    with translation.override("zh-hans"):
        assert str(pillar) == "数字化转型"
        assert str(Plan.objects.get(pk=plan.pk)) == "中非数字合作"
    assert str(pillar) == "Digital transformation"


@pytest.mark.django_db
def test_a_new_plan_without_translations_shows_its_own_text(plan):
    other = Plan.objects.create(
        slug="other", title="Other plan", adopted_on=plan.adopted_on,
        period_start=plan.period_start, period_end=plan.period_end,
    )  # fmt: skip
    with translation.override("fr"):
        assert str(other) == "Other plan"
        assert other.localized_picked("title").language == "en"


@pytest.mark.django_db
def test_the_home_page_shows_the_plan_in_the_readers_language(client, plan):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert "Plano de Ação China-África" in body
    assert "Transformação digital" in body


def test_a_records_texts_keep_english_in_the_field_and_the_rest_as_translations(plan):
    target = Target.objects.filter(plan=plan).first()
    target.set_texts("statement", {"en": "Train engineers", "fr": "Former des ingénieurs"})

    assert target.statement == "Train engineers"
    assert target.translations["statement"] == {"fr": "Former des ingénieurs"}
    assert target.texts("statement") == {"en": "Train engineers", "fr": "Former des ingénieurs"}
    assert target.localized("statement", "fr") == "Former des ingénieurs"


def test_texts_given_again_replace_the_old_ones_of_that_field_only(plan):
    pillar = Pillar.objects.get(plan=plan, code="transformation")
    before = pillar.texts("description")
    pillar.set_texts("name", {"en": "Transformation"})

    assert pillar.texts("name") == {"en": "Transformation"}
    assert pillar.texts("description") == before
