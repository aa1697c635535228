"""Demo organisations: about 60 of every type across more than 25 countries, all marked (demo)."""

from __future__ import annotations

import datetime as dt
import random

from participants.models import Country, Membership, MembershipStatus, Organisation

# Countries the demo spreads over (ISO alpha-2): China plus 30 AU member states in all regions.
AFRICAN = (
    "KE", "ET", "TZ", "UG", "RW", "DJ", "EG", "MA", "DZ", "TN", "NG", "GH", "SN", "CI", "BJ",
    "ML", "ZA", "ZM", "ZW", "MZ", "AO", "NA", "BW", "CM", "GA", "CD", "CG", "MG", "MU", "SC",
)  # fmt: skip

GOVERNMENT = ("Ministry of Digital Economy", "National ICT Authority", "Ministry of Communications")
BUSINESS_CN = (
    "Huaxia Telecom", "Silk Road Cloud", "Longwei Networks", "Tianyuan Data Systems",
    "Zhongke Satellite", "Pearl River AI", "Jinqiao Fintech", "Kunlun Smart Energy",
)  # fmt: skip
BUSINESS_AF = (
    "Savanna Fibre", "Baobab Cloud", "Sahel Mobile", "Lakeside Digital", "Atlas Data",
    "Kilimanjaro Payments", "Niger Delta Solar Grid",
)  # fmt: skip
ACADEMIA = ("University of Technology", "Institute of Digital Innovation", "Polytechnic")
FINANCIAL = ("Development Bank", "Export-Import Bank", "Digital Investment Fund")
INTERNATIONAL = (
    "Pan-African Digital Skills Alliance",
    "Regional Telecommunications Union",
    "Continental Cyber Security Network",
)
CIVIL = ("Women in Tech Network", "Youth Coders Association", "Digital Rights Forum")


def _specs(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(name, acronym, type, country) for each demo organisation, in a fixed order."""
    specs = []
    for i, code in enumerate(AFRICAN[:20]):
        specs.append((GOVERNMENT[i % 3], "", "government", code))
    specs.append(("Ministry of Industry and Information Technology", "", "government", "CN"))
    specs.append(("Cyberspace Cooperation Office", "", "government", "CN"))
    for name in BUSINESS_CN:
        specs.append((name, "", "business", "CN"))
    for i, name in enumerate(BUSINESS_AF):
        specs.append((name, "", "business", AFRICAN[(i * 3 + 1) % len(AFRICAN)]))
    for i, code in enumerate(AFRICAN[20:]):
        specs.append((ACADEMIA[i % 3], "", "academia", code))
    specs.append(("Beijing University of Posts and Telecommunications", "", "academia", "CN"))
    specs.append(("Zhejiang Digital Economy Institute", "", "academia", "CN"))
    for i, name in enumerate(FINANCIAL):
        specs.append((name, "", "financial", ("CN", "NG", "ZA")[i]))
    specs.append(("China–Africa Development Fund", "", "financial", "CN"))
    for i, name in enumerate(INTERNATIONAL):
        specs.append((name, "", "international", ("ET", "KE", "SN")[i]))
    for name in CIVIL:
        specs.append((name, "", "civil_society", rng.choice(AFRICAN)))
    specs.append(("Digital Silk Road Youth Forum", "", "civil_society", "CN"))
    return specs


def _display_name(name: str, type_: str, country: Country) -> str:
    if type_ in ("government", "academia") and country.code != "CN":
        return f"{name} of {country.name} (demo)"
    if type_ == "financial" and country.code != "CN" and name != "China–Africa Development Fund":
        return f"{country.name} {name} (demo)"
    return f"{name} (demo)"


def build_organisations(plan, rng: random.Random) -> list[Organisation]:
    countries = Country.objects.in_bulk()
    orgs = []
    for n, (name, acronym, type_, code) in enumerate(_specs(rng), start=1):
        org, _ = Organisation.objects.update_or_create(
            iati_ref=f"XI-DEMO-{n:03d}",
            defaults={
                "name": _display_name(name, type_, countries[code]),
                "acronym": acronym,
                "type": type_,
                "country": countries[code],
                "is_demo": True,
            },
        )
        orgs.append(org)
        # Most take part; a few show the rest of the membership workflow.
        status = rng.choices(
            [
                MembershipStatus.APPROVED,
                MembershipStatus.APPLIED,
                MembershipStatus.REJECTED,
                MembershipStatus.WITHDRAWN,
            ],
            weights=[85, 8, 4, 3],
        )[0]
        applied = dt.date(2024, 8, 1) + dt.timedelta(days=rng.randrange(0, 400))
        decided = applied + dt.timedelta(days=14) if status != MembershipStatus.APPLIED else None
        Membership.objects.update_or_create(
            plan=plan,
            organisation=org,
            defaults={
                "status": status,
                "applied_on": applied,
                "decided_on": decided,
                "withdrawn_on": (
                    decided + dt.timedelta(days=90)
                    if status == MembershipStatus.WITHDRAWN
                    else None
                ),
                "note": "Demo membership.",
            },
        )
    return orgs
