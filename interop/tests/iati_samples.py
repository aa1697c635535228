"""Small IATI documents for tests, built from a template so each test states only what differs."""

from __future__ import annotations

from pathlib import Path

ACTIVITY = """<iati-activity default-currency="USD" xml:lang="en">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-TEST-1" type="10"><narrative>Test Ministry</narrative></reporting-org>
  <title><narrative>Activity {identifier}</narrative>
    <narrative xml:lang="fr">Activité</narrative></title>
  <description><narrative>Long text</narrative></description>
  <participating-org ref="XM-TEST-1" role="1">
    <narrative>Test Ministry</narrative></participating-org>
  <activity-status code="{status}"/>
  <activity-date type="1" iso-date="{start}"/>
  <recipient-country code="{country}" percentage="100"/>
  <sector vocabulary="1" code="22040" percentage="100"/>
  {extra}
  <budget type="1" status="1">
    <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
    <value currency="USD" value-date="2024-01-01">{budget}</value></budget>
  <transaction><transaction-type code="{tx_type}"/><transaction-date iso-date="2024-03-01"/>
    <value value-date="2024-03-01">{tx_value}</value>
    <sector vocabulary="1" code="22040"/><recipient-country code="KE"/></transaction>
</iati-activity>
"""
DEFAULTS = {
    "status": "2",
    "start": "2024-01-01",
    "country": "KE",
    "budget": "1000.50",
    "tx_type": "3",
    "tx_value": "250",
    "extra": "",
}


def activity(identifier: str = "XM-TEST-1-A1", **overrides) -> str:
    return ACTIVITY.format(identifier=identifier, **{**DEFAULTS, **overrides})


def document(*activities: str, version: str = "2.03", prolog: str = "") -> str:
    body = "\n".join(activities)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        f'<iati-activities version="{version}">\n{body}</iati-activities>\n'
    )


def write(tmp_path: Path, text: str, name: str = "sample.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
