"""IATI codes on the activity page are named from the IATI 2.03 code lists, in French or
English; a code the lists do not have is shown as it is, and a missing install says so."""

from __future__ import annotations

import logging
import re
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest
from django.core import checks
from django.urls import reverse

from activities import codelists
from activities.checks import iati_codelists_installed
from activities.codelists import Codelist, CodelistsMissing
from digicoop.testing import make_activity
from lib.safe_xml import DoctypeRefused

ROOT = Path(__file__).resolve().parents[2]
ICT_EN = "Information and communication technology (ICT)"
ICT_FR = "Technologies de l’information et de la communication (TIC)"


@pytest.fixture
def without_the_package(monkeypatch):
    """As on a machine where pyIATI was never installed; the per-process caches start empty."""
    monkeypatch.setattr(codelists.importlib.util, "find_spec", lambda name: None)
    codelists.names.cache_clear()
    codelists._report_missing.cache_clear()
    yield
    codelists.names.cache_clear()
    codelists._report_missing.cache_clear()


@pytest.fixture
def activity(personas):
    a = make_activity(personas, state="approved", identifier="XM-CODES-1")
    a.iati_sectors.create(vocabulary="1", code="22040", percentage=60)
    a.iati_sectors.create(vocabulary="2", code="220", percentage=40)
    return a


def _section(client, activity, start: str, end: str = "</ul>", **headers) -> str:
    response = client.get(reverse("activity-detail", args=[activity.pk]), **headers)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index(start) :].split(end)[0]


def _sectors(client, activity, **headers) -> str:
    return _section(client, activity, 'id="iati-sectors"', **headers)


def test_the_makefile_installs_the_code_lists_and_they_are_found(settings):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"\$\(PY\) -m pip install --quiet --no-deps pyIATI==0\.4\.1\n", makefile)
    assert codelists.INSTALL_COMMAND == "pip install --no-deps pyIATI==0.4.1"
    try:
        folder = codelists.codelists_folder()
    except CodelistsMissing:
        pytest.fail(
            "The IATI code lists are not installed in this virtualenv: run "
            f"`.venv/bin/{codelists.INSTALL_COMMAND}` (the Makefile's setup does)."
        )
    assert (folder / "Sector.xml").is_file()


def test_a_dac_sector_shows_its_english_name_beside_its_code(client, activity):
    sectors = _sectors(client, activity)
    assert f'<span dir="auto">{ICT_EN}</span> · DAC <bdi>22040</bdi> (60%)' in sectors
    assert "COMMUNICATIONS</span> · DAC <bdi>220</bdi> (40%)" in sectors


def test_a_french_reader_gets_the_french_name(client, activity):
    sectors = _sectors(client, activity, HTTP_ACCEPT_LANGUAGE="fr")
    assert f'<span dir="auto">{ICT_FR}</span> · CAD <bdi>22040</bdi>' in sectors
    assert ICT_EN not in sectors


def test_a_reader_of_another_language_gets_the_english_name_marked_english(client, activity):
    sectors = _sectors(client, activity, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f'<span lang="en" dir="auto">{ICT_EN}</span>' in sectors


def test_a_mapped_code_links_to_the_plan_sector_it_counts_under(client, activity):
    other = activity.plan.sectors.get(code="other")
    assert "22040" in other.dac_codes
    sectors = _sectors(client, activity)
    href = f"{reverse('progress:sector', args=['other'])}?plan={activity.plan.slug}"
    first, second = sectors.split("</li>")[:2]
    assert f'<a href="{href}">' in first
    assert "<a " not in second  # a 3-digit category maps to no one plan sector


def test_a_code_the_list_lacks_shows_vocabulary_code_and_the_publishers_name(client, personas):
    a = make_activity(personas, state="approved", identifier="XM-CODES-2")
    a.iati_sectors.create(vocabulary="1", code="99999")
    a.iati_sectors.create(vocabulary="99", code="DIGI-7", narrative={"en": "Our digital work"})
    sectors = _sectors(client, a)
    assert "OECD DAC CRS purpose codes (5 digit): <bdi>99999</bdi>" in sectors
    assert "Reporting Organisation: <bdi>DIGI-7</bdi> — " in sectors
    assert "Our digital work" in sectors
    assert " · DAC " not in sectors


def test_the_other_long_code_lists_are_named_too(client, personas):
    a = make_activity(
        personas,
        state="approved",
        identifier="XM-CODES-3",
        default_flow_type="10",
        default_finance_type="110",
        default_aid_types=[{"code": "C01", "vocabulary": "1"}, {"code": "1", "vocabulary": "2"}],
    )
    a.recipient_regions.create(code="298", vocabulary="1")
    a.policy_markers.create(code="1", vocabulary="1", significance="2")
    page = client.get(reverse("activity-detail", args=[a.pk])).content.decode()
    assert '<span dir="auto">ODA</span> · <bdi>10</bdi>' in page
    assert '<span dir="auto">Standard grant</span> · <bdi>110</bdi>' in page
    assert '<span dir="auto">Project-type interventions</span> · <bdi>C01</bdi>' in page
    assert "<bdi>1</bdi> (vocabulary 2)" in page  # another vocabulary: the code as given
    assert '<span dir="auto">Africa, regional</span> · <bdi>298</bdi>' in page
    assert '<span dir="auto">Gender Equality</span> · <bdi>1</bdi>: principal objective' in page
    french = client.get(
        reverse("activity-detail", args=[a.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<span dir="auto">APD</span> · <bdi>10</bdi>' in french
    assert '<span dir="auto">Dons ordinaires</span> · <bdi>110</bdi>' in french
    # Policy markers have no French names in IATI 2.03: English, marked as such.
    assert '<span lang="en" dir="auto">Gender Equality</span>' in french


def test_an_unknown_code_of_a_named_list_shows_the_code(client, personas):
    a = make_activity(personas, state="approved", identifier="XM-CODES-4", default_flow_type="77")
    page = client.get(reverse("activity-detail", args=[a.pk])).content.decode()
    assert "<dt>Default flow type</dt><dd><bdi>77</bdi></dd>" in page


def test_the_reader_refuses_a_code_list_with_a_doctype(tmp_path):
    path = tmp_path / "Sector.xml"
    path.write_text(
        '<!DOCTYPE codelist [<!ENTITY name "Hostile">]>'
        '<codelist xml:lang="en"><codelist-items><codelist-item><code>22040</code>'
        "<name><narrative>&name;</narrative></name></codelist-item></codelist-items></codelist>",
        encoding="utf-8",
    )
    with pytest.raises(DoctypeRefused):
        codelists.read_codelist(path)


def test_the_reader_takes_the_lists_language_for_a_narrative_without_one(tmp_path):
    path = tmp_path / "FlowType.xml"
    path.write_text(
        '<codelist xml:lang="en"><codelist-items><codelist-item><code> 10 </code><name>'
        '<narrative>ODA</narrative><narrative xml:lang="fr">APD</narrative><narrative '
        'xml:lang="es"> </narrative></name></codelist-item><codelist-item><code/>'
        "</codelist-item></codelist-items></codelist>",
        encoding="utf-8",
    )
    assert codelists.read_codelist(path) == {"10": {"en": "ODA", "fr": "APD"}}


def test_every_named_list_is_read_from_the_package():
    for codelist in Codelist:
        assert codelists.names(codelist), codelist
    assert codelists.name(Codelist.SECTOR, "22040") == {"en": ICT_EN, "fr": ICT_FR}
    assert codelists.name(Codelist.SECTOR, "00000") == {}


def test_without_the_package_reading_a_list_fails_naming_the_install_command(
    without_the_package,
):
    with pytest.raises(CodelistsMissing, match=re.escape(codelists.INSTALL_COMMAND)):
        codelists.names(Codelist.SECTOR)


def test_a_package_named_iati_without_the_code_lists_is_not_taken_for_them(monkeypatch, tmp_path):
    # PyPI also has an empty placeholder package named "iati": its folder has no code lists.
    placeholder = ModuleSpec("iati", None, is_package=True)
    placeholder.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(codelists.importlib.util, "find_spec", lambda name: placeholder)
    with pytest.raises(CodelistsMissing, match=re.escape(codelists.INSTALL_COMMAND)):
        codelists.codelists_folder()


def test_without_the_package_the_page_shows_codes_and_the_log_says_why_once(
    without_the_package, client, activity, caplog
):
    with caplog.at_level(logging.ERROR, logger="activities.codelists"):
        sectors = _sectors(client, activity)
        _sectors(client, activity)
    assert "OECD DAC CRS purpose codes (5 digit): <bdi>22040</bdi>" in sectors
    missing = [r for r in caplog.records if r.name == "activities.codelists"]
    assert len(missing) == 1
    assert codelists.INSTALL_COMMAND in missing[0].getMessage()


def test_without_the_package_the_system_check_warns(without_the_package):
    assert iati_codelists_installed in checks.registry.registry.get_checks()
    [warning] = iati_codelists_installed(None)
    assert warning.id == "activities.W001" and codelists.INSTALL_COMMAND in warning.msg


def test_with_the_package_the_system_check_is_silent():
    assert iati_codelists_installed(None) == []
