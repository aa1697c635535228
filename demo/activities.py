"""About 400 demo activities over every pillar, kind, sector, status and workflow state."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from activities import models as m
from activities.codes import ActivityStatus, TransactionType, WorkflowState
from participants.models import Country, Organisation
from plans.models import KindCategory, MilestoneEvent, MilestoneStage

ACTIVITY_COUNT = 400

# Approximate capital-city coordinates, to place demo locations on a map.
CAPITALS = {
    "KE": (-1.29, 36.82), "ET": (9.03, 38.74), "TZ": (-6.16, 35.75), "UG": (0.35, 32.58),
    "RW": (-1.95, 30.06), "DJ": (11.59, 43.15), "EG": (30.04, 31.24), "MA": (34.02, -6.84),
    "DZ": (36.75, 3.06), "TN": (36.81, 10.18), "NG": (9.06, 7.49), "GH": (5.60, -0.19),
    "SN": (14.72, -17.47), "CI": (6.83, -5.29), "BJ": (6.50, 2.60), "ML": (12.64, -8.00),
    "ZA": (-25.75, 28.19), "ZM": (-15.39, 28.32), "ZW": (-17.83, 31.05), "MZ": (-25.97, 32.57),
    "AO": (-8.84, 13.23), "NA": (-22.56, 17.08), "BW": (-24.65, 25.91), "CM": (3.85, 11.50),
    "GA": (0.39, 9.45), "CD": (-4.32, 15.31), "CG": (-4.26, 15.24), "MG": (-18.88, 47.51),
    "MU": (-20.16, 57.50), "SC": (-4.62, 55.45),
}  # fmt: skip

LOCAL_CURRENCY = {"KE": "KES", "NG": "NGN", "ZA": "ZAR", "EG": "EGP", "ET": "ETB", "GH": "GHS"}

TOPICS = {
    KindCategory.DIALOGUE: "Policy dialogue on {sector} digitalisation",
    KindCategory.VISIT: "Expert delegation visit on {tech}",
    KindCategory.SIGNED_DOCUMENT: "Memorandum of understanding on {tech} cooperation",
    KindCategory.MECHANISM: "Joint working group on {sector}",
    KindCategory.INFRASTRUCTURE_PROJECT: "{tech} roll-out for {sector}",
    KindCategory.CENTRE: "Joint Center for {tech} Cooperation",
    KindCategory.INNOVATION_PROJECT: "Joint {tech} research for {sector}",
    KindCategory.INCUBATION: "{tech} startup incubator for {sector}",
    KindCategory.FINANCING: "Financing facility for {sector} digital SMEs",
    KindCategory.DEMONSTRATION_PROJECT: "Smart {sector} demonstration project",
    KindCategory.SECURITY_TRAINING: "Cyber security training for {sector} operators",
    KindCategory.SECURITY_DRILL: "Joint cyber incident drill ({sector})",
    KindCategory.LABORATORY: "Scoping a joint digital security laboratory",
    KindCategory.TRAINING_PROGRAMME: "{tech} skills programme for {sector}",
    KindCategory.EXCHANGE: "Young {tech} engineers exchange",
}

# Which standard indicator each kind of activity reports against, and a plausible yearly range.
REPORTS = {
    "mobile-network": ("people-covered-broadband", 20_000, 400_000),
    "backbone": ("backbone-km", 50, 900),
    "data-centre": ("data-centre-mw", 1, 20),
    "startup-incubation": ("startups-incubated", 5, 40),
    "financing": ("financing-mobilised", 500_000, 20_000_000),
    "signed-document": ("documents-signed", 1, 3),
    "security-drill": ("security-drills", 1, 4),
    "security-training": ("security-people-trained", 10, 60),
    "training": ("people-trained", 15, 80),
    "exchange": ("people-trained", 5, 25),
}

STATES = [WorkflowState.APPROVED] * 14 + [
    WorkflowState.DRAFT,
    WorkflowState.SUBMITTED,
    WorkflowState.RETURNED,
    WorkflowState.ARCHIVED,
]
PLAN_START = dt.date(2024, 8, 1)


def _day(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(0, max(span_days, 1)))


def _split(rng: random.Random, n: int) -> list[Decimal]:
    """n whole percentages that add up to exactly 100."""
    if n == 1:
        return [Decimal(100)]
    cuts = sorted(rng.sample(range(5, 96, 5), n - 1))
    return [Decimal(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def _status_and_dates(rng: random.Random) -> dict:
    status = rng.choices(list(ActivityStatus), weights=[20, 45, 10, 15, 5, 5])[0]
    planned_start = _day(rng, PLAN_START, 900)
    planned_end = planned_start + dt.timedelta(days=rng.randrange(30, 1100))
    dates = {"status": status, "planned_start": planned_start, "planned_end": planned_end}
    if status != ActivityStatus.PIPELINE:
        actual_start = planned_start + dt.timedelta(days=rng.randrange(0, 60))
        actual_start = min(actual_start, dt.date(2026, 11, 1))
        dates["actual_start"] = actual_start
        if status in (ActivityStatus.CLOSED, ActivityStatus.CANCELLED):
            dates["actual_end"] = actual_start + dt.timedelta(days=rng.randrange(10, 500))
    return {"actual_start": None, "actual_end": None, **dates}


def build_activities(plan, orgs: list[Organisation], rng: random.Random) -> int:
    kinds = list(plan.activity_kinds.select_related("pillar").order_by("code"))
    sectors = list(plan.sectors.order_by("code"))
    technologies = list(plan.technologies.order_by("code"))
    indicators = {i.code: i for i in plan.standard_indicators.all()}
    countries = Country.objects.in_bulk(list(CAPITALS))
    african_orgs = [o for o in orgs if o.country_id != "CN"]
    chinese_orgs = [o for o in orgs if o.country_id == "CN"]
    funders = [o for o in orgs if o.type in ("financial", "government")]

    demo = m.Activity.objects.filter(plan=plan, is_demo=True)
    for child in (
        m.RecipientCountry,
        m.ActivitySector,
        m.ParticipatingOrg,
        m.Budget,
        m.Transaction,
        m.Location,
        m.Result,
    ):
        child.objects.filter(activity__in=demo).delete()

    children: dict[type, list] = {model: [] for model in (m.RecipientCountry, m.ActivitySector)}
    children.update({m.ParticipatingOrg: [], m.Budget: [], m.Transaction: [], m.Location: []})
    reports = []
    for n in range(1, ACTIVITY_COUNT + 1):
        kind = kinds[n % len(kinds)]
        sector = sectors[rng.randrange(len(sectors))]
        tech = technologies[rng.randrange(len(technologies))]
        if kind.category == KindCategory.CENTRE:
            tech = next(t for t in technologies if t.code == "ai") if n % 3 else tech
        reporters = chinese_orgs if n % 2 else african_orgs
        reporter = reporters[rng.randrange(len(reporters))]
        recipients = rng.sample(list(CAPITALS), rng.choice([1, 1, 1, 2, 3]))
        title = TOPICS[kind.category].format(sector=sector.name.lower(), tech=tech.name)
        where = countries[recipients[0]].name
        activity, _ = m.Activity.objects.update_or_create(
            iati_identifier=f"XI-DEMO-A{n:04d}",
            defaults={
                "plan": plan,
                "reporting_org": reporter,
                "title": {"en": f"{title} in {where} (demo)"},
                "description": {
                    "en": f"Synthetic demo record: {kind.name.lower()} on {tech.name} for "
                    f"{sector.name.lower()} in {where}. Not a real activity."
                },
                "kind": kind,
                "workflow_state": rng.choice(STATES),
                "default_currency": "USD",
                "is_demo": True,
                **_status_and_dates(rng),
            },
        )
        activity.pillars.set([kind.pillar])
        activity.sectors.set([sector])
        activity.technologies.set([tech])
        for code, pct in zip(recipients, _split(rng, len(recipients)), strict=True):
            children[m.RecipientCountry].append(
                m.RecipientCountry(activity=activity, country=countries[code], percentage=pct)
            )
            lat, lon = CAPITALS[code]
            children[m.Location].append(
                m.Location(
                    activity=activity,
                    name={"en": f"{countries[code].name} site"},
                    latitude=Decimal(str(round(lat + rng.uniform(-0.5, 0.5), 4))),
                    longitude=Decimal(str(round(lon + rng.uniform(-0.5, 0.5), 4))),
                    country=countries[code],
                )
            )
        dac = sector.dac_codes[rng.randrange(len(sector.dac_codes))]
        children[m.ActivitySector].append(
            m.ActivitySector(activity=activity, code=dac, percentage=Decimal(100))
        )
        funder = funders[rng.randrange(len(funders))]
        implementer = african_orgs[rng.randrange(len(african_orgs))]
        children[m.ParticipatingOrg] += [
            m.ParticipatingOrg(activity=activity, organisation=funder, role=1, ref=funder.iati_ref),
            m.ParticipatingOrg(
                activity=activity, organisation=reporter, role=2, ref=reporter.iati_ref
            ),
            m.ParticipatingOrg(
                activity=activity, organisation=implementer, role=4, ref=implementer.iati_ref
            ),
        ]
        _money(activity, rng, recipients[0], funder, implementer, children)
        if kind.code in REPORTS and activity.status != ActivityStatus.PIPELINE:
            reports.append((activity, kind.code))
    # Records of an older demo set that this one no longer has are pruned, not left behind.
    demo.exclude(
        iati_identifier__in=[f"XI-DEMO-A{n:04d}" for n in range(1, ACTIVITY_COUNT + 1)]
    ).filter(milestone_events__isnull=True).delete()
    for model, rows in children.items():
        model.objects.bulk_create(rows)
    _results(reports, indicators, rng)
    _security_lab_milestone(plan)
    _demonstration_projects_midway(plan)
    return ACTIVITY_COUNT


def _money(activity, rng, country_code, funder, implementer, children) -> None:
    currency = rng.choice(["USD", "USD", "CNY", LOCAL_CURRENCY.get(country_code, "USD")])
    start = activity.planned_start
    years = max(1, (activity.planned_end - start).days // 365)
    total = Decimal(rng.randrange(50, 5000) * 1000)
    for y in range(years):
        period_start = start + dt.timedelta(days=365 * y)
        children[m.Budget].append(
            m.Budget(
                activity=activity,
                period_start=period_start,
                period_end=period_start + dt.timedelta(days=364),
                value=(total / years).quantize(Decimal("1")),
                currency=currency,
                value_date=period_start,
                status=2 if activity.status > 1 else 1,
            )
        )
    if activity.actual_start is None:
        return
    common = {
        "activity": activity,
        "currency": currency,
        "provider_org_ref": funder.iati_ref,
        "provider_org_name": {"en": funder.name},
        "receiver_org_ref": implementer.iati_ref,
        "receiver_org_name": {"en": implementer.name},
    }
    when = activity.actual_start
    children[m.Transaction].append(
        m.Transaction(
            type=TransactionType.OUTGOING_COMMITMENT,
            date=when,
            value=total,
            value_date=when,
            **common,
        )
    )
    paid = Decimal(0)
    for i in range(rng.randrange(1, 4)):
        when = when + dt.timedelta(days=rng.randrange(30, 200))
        if when > dt.date(2026, 11, 1):
            break
        amount = (total * Decimal(rng.randrange(10, 30)) / 100).quantize(Decimal("1"))
        paid += amount
        children[m.Transaction].append(
            m.Transaction(
                type=TransactionType.DISBURSEMENT,
                date=when,
                value=amount,
                value_date=when,
                ref=f"{activity.iati_identifier}-D{i + 1}",
                **common,
            )
        )


def _results(reports, indicators, rng) -> None:
    for activity, kind_code in reports:
        code, low, high = REPORTS[kind_code]
        indicator = indicators[code]
        result = m.Result.objects.create(
            activity=activity, type=1, title={"en": f"{indicator.name} (demo)"}
        )
        ri = m.ResultIndicator.objects.create(
            result=result,
            standard_indicator=indicator,
            title={"en": indicator.name},
            unit=indicator.unit,
            baseline_year=activity.actual_start.year,
            baseline_value=Decimal(0),
        )
        start = activity.actual_start
        m.IndicatorPeriod.objects.create(
            indicator=ri,
            period_start=start,
            period_end=start + dt.timedelta(days=364),
            target_value=Decimal(high),
            actual_value=Decimal(rng.randrange(low, high + 1)),
        )


# Demonstration projects the demo shows as counted: most of the plan's ten, as midway through.
DEMONSTRATION_PROJECTS_COUNTED = 7


def _demonstration_projects_midway(plan) -> None:
    """Keep the demo's demonstration-project target short of its ten, as a real plan midway
    would be: past the first seven counted, the rest wait in review (submitted)."""
    from progress.metrics import demonstration_projects_query

    counted = demonstration_projects_query(plan).filter(is_demo=True).order_by("iati_identifier")
    waiting = list(counted.values_list("pk", flat=True)[DEMONSTRATION_PROJECTS_COUNTED:])
    m.Activity.objects.filter(pk__in=waiting).update(workflow_state=WorkflowState.SUBMITTED)


def _security_lab_milestone(plan) -> None:
    target = plan.targets.filter(metric="milestone").first()
    evidence = (
        m.Activity.objects.filter(plan=plan, is_demo=True, kind__category=KindCategory.LABORATORY)
        .order_by("iati_identifier")
        .first()
    )
    if target is None or evidence is None:
        return
    evidence.workflow_state = WorkflowState.APPROVED
    evidence.save(update_fields=["workflow_state"])
    MilestoneEvent.objects.update_or_create(
        target=target,
        stage=MilestoneStage.EXPLORED,
        defaults={
            "reached_on": evidence.planned_start,
            "evidence": evidence,
            "note": "Demo milestone.",
        },
    )
