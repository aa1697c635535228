"""Synthetic IATI 2.03 files of any size, for the memory test and the benchmark.

Activities are varied (countries, sectors, values) but deterministic, and shaped like a
typical published activity: two-language title, description, two participating
organisations, dates, a recipient country, two sectors, a budget, two transactions and a
result with an indicator and a period.
"""

from __future__ import annotations

from pathlib import Path

COUNTRIES = ["KE", "NG", "ET", "EG", "ZA", "GH", "SN", "TZ", "RW", "MA", "CI", "CM"]
SECTORS = ["22040", "22020", "11330", "15110", "25010", "32130"]
TEMPLATE = """<iati-activity default-currency="USD" xml:lang="en"
  last-updated-datetime="2025-01-01T00:00:00Z">
 <iati-identifier>XM-SYNTH-{n:07d}</iati-identifier>
 <reporting-org ref="XM-SYNTH-ORG-{org}" type="10">
  <narrative>Synthetic ministry {org}</narrative></reporting-org>
 <title>
  <narrative>Digital cooperation project {n}</narrative>
  <narrative xml:lang="fr">Projet {n}</narrative></title>
 <description type="1">
  <narrative>Broadband, data centres and skills for project {n}.</narrative></description>
 <participating-org ref="XM-SYNTH-ORG-{org}" role="1" type="10">
  <narrative>Funder</narrative></participating-org>
 <participating-org role="4" type="70">
  <narrative>Implementer {n}</narrative></participating-org>
 <activity-status code="2"/>
 <activity-date type="1" iso-date="2024-0{m}-01"/>
 <activity-date type="2" iso-date="2024-0{m}-15"/>
 <recipient-country code="{country}" percentage="100"/>
 <sector vocabulary="1" code="{sector}" percentage="60"/>
 <sector vocabulary="1" code="22040" percentage="40"/>
 <budget type="1" status="1">
  <period-start iso-date="2024-01-01"/>
  <period-end iso-date="2024-12-31"/>
  <value currency="USD" value-date="2024-01-01">{budget}.00</value>
 </budget>
 <transaction><transaction-type code="2"/>
  <transaction-date iso-date="2024-02-01"/>
  <value value-date="2024-02-01">{budget}.00</value></transaction>
 <transaction><transaction-type code="3"/>
  <transaction-date iso-date="2024-06-01"/>
  <value value-date="2024-06-01">{half}.50</value>
  <recipient-country code="{country}"/></transaction>
 <result type="1"><title>
  <narrative>People trained</narrative></title>
  <indicator measure="1" ascending="1"><title>
  <narrative>Number of people trained</narrative></title>
   <baseline year="2023" value="0"/>
   <period><period-start iso-date="2024-01-01"/>
  <period-end iso-date="2024-12-31"/>
    <target value="{target}"/>
    <actual value="{actual}"/></period></indicator></result>
</iati-activity>
"""


def activity_xml(n: int) -> str:
    budget = 10_000 + (n * 7919) % 990_000
    return TEMPLATE.format(
        n=n,
        org=n % 50,
        m=1 + n % 9,
        country=COUNTRIES[n % len(COUNTRIES)],
        sector=SECTORS[n % len(SECTORS)],
        budget=budget,
        half=budget // 2,
        target=100 + n % 400,
        actual=n % 500,
    )


def write_synthetic_iati(path: Path, count: int) -> Path:
    """Write ``count`` activities to ``path`` without holding them in memory."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        for n in range(count):
            handle.write(activity_xml(n))
        handle.write("</iati-activities>\n")
    return path


def write_real_shaped_iati(path: Path, count: int, sources: list[Path]) -> Path:
    """``count`` activities cycled from real files, each with its identifier made unique.

    For measuring on real activities' shape (their sizes, narratives, many budgets and
    transactions) at a chosen scale; the sources are read with the importer's safe options.
    """
    from lxml import etree

    from interop.iati_parse import SAFE_PARSER_OPTIONS

    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
    activities = [
        etree.tostring(element)
        for source in sources
        for element in etree.parse(str(source), parser).getroot().iterchildren("iati-activity")
    ]
    with path.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        for n in range(count):
            element = etree.fromstring(activities[n % len(activities)], parser)
            identifier = element.find("iati-identifier")
            identifier.text = f"{(identifier.text or '').strip()}-COPY{n:07d}"
            handle.write(etree.tostring(element) + b"\n")
        handle.write(b"</iati-activities>\n")
    return path
