"""IATI refusals are written in the importing person's language: by the job run for them, and
by reader processes (fresh interpreters) as well as in-process."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from digicoop.tasks import run_queued
from interop.iati_import import import_iati_files
from interop.iati_read import read_activities, read_activities_in_child
from interop.models import ImportJob
from interop.tests.iati_samples import activity, document, write
from lib.problems import Problem
from participants.models import Country

pytestmark = pytest.mark.django_db

BAD_BUDGET = document(activity(), activity("XM-TEST-1-A2", budget="lots"))
# The same refusal (budget/value 'lots' in activity XM-TEST-1-A2) in each language.
REFUSAL = {
    "en": ("activity XM-TEST-1-A2", "budget/value is 'lots'; expected a number"),
    "fr": ("activité XM-TEST-1-A2", "budget/value vaut 'lots' ; un nombre"),
    "ar": ("النشاط XM-TEST-1-A2", "قيمة budget/value هي 'lots'"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _submit_as(client, user, language: str) -> ImportJob:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    upload = SimpleUploadedFile("partner.xml", BAD_BUDGET.encode())
    client.post(reverse("interop:iati-upload"), {"file": upload})
    run_queued()
    return ImportJob.objects.get()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_import_job_stores_its_refusals_in_the_language_of_who_submitted_it(
    client, personas, language
):
    job = _submit_as(client, personas.secretariat, language)
    assert (job.state, job.created, job.refused) == ("done", 1, 1)
    who, what = REFUSAL[language]
    assert job.refusals[0].startswith("partner.xml:")
    assert who in job.refusals[0] and what in job.refusals[0], job.refusals[0]
    assert "expected" not in job.refusals[0]
    # The history page shows the stored text as it is, whatever language it is read in.
    page = client.get(reverse("interop:import-job", args=[job.pk])).content.decode()
    assert what.replace("'", "&#x27;") in page


def test_an_import_job_of_someone_who_never_chose_a_language_is_in_the_sites(client, personas):
    job = _submit_as(client, personas.secretariat, "")
    who, what = REFUSAL["en"]
    assert who in job.refusals[0] and what in job.refusals[0]


def test_a_file_level_refusal_is_translated_too(tmp_path):
    path = write(tmp_path, document(activity(), version="1.05"))
    with translation.override("fr"):
        summary = import_iati_files([path], names={path: "old.xml"})
        text = str(summary.refusals[0])
    assert text.startswith("old.xml:2 : fichier : ")
    assert "IATI 1.05" in text and "seul IATI 2.01–2.03 est accepté" in text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_reader_processes_write_refusals_in_the_callers_language(tmp_path, language):
    """A reader process is a fresh interpreter: it must be told the language, and it is."""
    countries = frozenset(Country.objects.values_list("code", flat=True))
    text = document(activity(), activity("XM-TEST-1-A2", budget="lots"), activity("XM-TEST-1-A3"))
    path = write(tmp_path, text[: len(text) - 200])  # the third activity cut short
    with translation.override(language):
        here = list(read_activities(path, "p.xml", countries, "sqlite"))
        there = list(read_activities_in_child(path, "p.xml", countries, "sqlite", readers=2))
        shown = [str(item) for _, item, _ in there if isinstance(item, Problem)]
    assert [item for _, item, _ in there] == [item for _, item, _ in here]
    who, what = REFUSAL[language]
    assert who in shown[0] and what in shown[0], shown
    truncated = {"fr": "n'est pas bien formé", "ar": "ليس سليم البنية"}[language]
    assert truncated in shown[1], shown
