"""The figures of the public pages, each with the link to the records it counts.

Activity figures are counted over ``activities.queries.find_activities`` as an anonymous visitor
sees it, with the same filters the activity list takes: following a figure's link lists
exactly the records the figure counts, because both come from one query.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.codes import ActivityStatus, WorkflowState
from activities.countries import country_counts
from activities.models import Activity, ParticipatingOrg
from activities.queries import ActivityFilters, find_activities
from lib.charts import Chart, Row
from lib.formatting import format_compact_money, format_number
from participants.models import Country, MembershipStatus, Organisation
from plans.models import ActivityKind, Pillar, Plan
from talent import counting

APPROVED = WorkflowState.APPROVED.value


@dataclass(frozen=True)
class Scope:
    """What a page is about: the plan, narrowed to a pillar, country, sector or organisation."""

    plan: Plan
    pillar: str | None = None
    country: str | None = None
    sector: str | None = None
    organisation: int | None = None

    def narrowed(self, **more) -> Scope:
        return replace(self, **more)

    def filters(self, **more) -> ActivityFilters:
        values = {
            "plan": self.plan.slug,
            "workflow_state": APPROVED,
            "pillar": self.pillar,
            "country": self.country,
            "sector": self.sector,
            "organisation": self.organisation,
            **more,
        }
        return ActivityFilters.from_mapping(values)

    def activities(self, **more) -> QuerySet[Activity]:
        """Approved activities of the scope, as the public list finds them."""
        return find_activities(AnonymousUser(), self.filters(**more))

    def link(self, **more) -> str:
        filters = self.filters(**more)
        query = {k: v for k, v in vars(filters).items() if v not in (None, "")}
        return f"{reverse('activity-list')}?{urlencode(query)}"

    def query(self) -> str:
        """The scope as a query string, for downloads of its charts."""
        values = {
            "plan": self.plan.slug,
            "pillar": self.pillar,
            "country": self.country,
            "sector": self.sector,
            "organisation": self.organisation,
        }
        return urlencode({k: v for k, v in values.items() if v})

    def count(self, **more) -> int:
        return self.activities(**more).count()


def _grouped(scope: Scope, column: str) -> dict:
    """Distinct approved activities of the scope per value of ``column``, in one query."""
    ids = scope.activities().order_by().values("pk")
    rows = (
        Activity.objects.filter(pk__in=ids)
        .order_by()
        .values(column)
        .annotate(n=Count("pk", distinct=True))
        .values_list(column, "n")
    )
    return dict(rows)


def activities_by_status(scope: Scope) -> Chart:
    counts = _grouped(scope, "status")
    chart = Chart("activities-by-status", _("Approved activities by status"), _("Activities"))
    chart.rows = [
        Row(
            label,
            counts.get(value, 0),
            format_number(counts.get(value, 0)),
            scope.link(status=value),
        )
        for value, label in ActivityStatus.choices
    ]
    return chart


def activities_by_kind(scope: Scope) -> Chart:
    counts = _grouped(scope, "kind__code")
    # The kind's name in the reader's language (str() is localized), not the stored English.
    kinds = {kind.code: str(kind) for kind in ActivityKind.objects.filter(plan=scope.plan)}
    chart = Chart("activities-by-kind", _("Approved activities by kind"), _("Activities"))
    chart.rows = sorted(
        (
            Row(
                name, counts.get(code, 0), format_number(counts.get(code, 0)), scope.link(kind=code)
            )
            for code, name in kinds.items()
            if counts.get(code)
        ),
        key=lambda r: (-r.value, r.label),
    )
    return chart


@dataclass(frozen=True)
class PillarLine:
    pillar: Pillar
    activities: int
    activities_href: str
    partners: int
    partners_href: str


def pillars_table(scope: Scope) -> list[PillarLine]:
    """Activities and partner organisations of each pillar (two grouped queries)."""
    activities = _grouped(scope, "pillars__code")
    partners = partners_by_pillar(scope.plan)
    lines = []
    for pillar in scope.plan.pillars.order_by("order", "code"):
        lines.append(
            PillarLine(
                pillar,
                activities.get(pillar.code, 0),
                scope.link(pillar=pillar.code),
                partners.get(pillar.code, 0),
                organisations_link(scope.plan, pillar=pillar.code),
            )
        )
    return lines


def activities_by_pillar(scope: Scope) -> Chart:
    chart = Chart("activities-by-pillar", _("Approved activities by pillar"), _("Activities"))
    chart.rows = [
        Row(line.pillar.name, line.activities, format_number(line.activities), line.activities_href)
        for line in pillars_table(scope)
    ]
    return chart


def latest_activities(scope: Scope, limit: int = 8) -> list[Activity]:
    return list(scope.activities().order_by("-updated_at", "-pk")[:limit])


# Partners: member organisations and the approved activities they report or take part in.


def members(plan: Plan) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__plan=plan, memberships__status=MembershipStatus.APPROVED
    )


def _taking_part(plan: Plan, **activity_filter) -> Q:
    """Organisations reporting or taking part in an approved activity matching the filter."""
    approved = Activity.objects.filter(plan=plan, workflow_state=APPROVED, **activity_filter)
    participating = ParticipatingOrg.objects.filter(
        activity__in=approved.values("pk"), organisation__isnull=False
    ).values("organisation_id")
    return Q(pk__in=approved.values("reporting_org_id")) | Q(pk__in=participating)


@dataclass
class OrganisationFilters:
    type: str | None = None
    country: str | None = None
    region: str | None = None  # AU region of the organisation's country
    pillar: str | None = None
    sector: str | None = None
    q: str | None = None


def find_organisations(plan: Plan, f: OrganisationFilters) -> QuerySet[Organisation]:
    """The plan's member organisations matching every filter given, by name.

    A pillar or sector keeps the members that report or take part in an approved activity of
    it: the partners a pillar page counts.
    """
    qs = members(plan).select_related("country")
    if f.type:
        qs = qs.filter(type=f.type)
    if f.country:
        qs = qs.filter(country_id=f.country.upper())
    if f.region:
        qs = qs.filter(country__au_region=f.region)
    if f.pillar:
        qs = qs.filter(_taking_part(plan, pillars__code=f.pillar))
    if f.sector:
        qs = qs.filter(_taking_part(plan, sectors__code=f.sector))
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(acronym__icontains=f.q))
    return qs.distinct().order_by("name", "pk")


def organisations_link(plan: Plan, **filters) -> str:
    query = {"plan": plan.slug, **{k: v for k, v in filters.items() if v}}
    return f"{reverse('progress:organisations')}?{urlencode(query)}"


def partners_by_pillar(plan: Plan) -> dict[str, int]:
    """Member organisations taking part in each pillar: one count per pillar (few pillars)."""
    return {
        code: find_organisations(plan, OrganisationFilters(pillar=code)).count()
        for code in plan.pillars.values_list("code", flat=True)
    }


# Trainees: the talent registry's public figures of an organisation and a country (its charts
# are talent.charts).


def talents_trained_by(plan: Plan, organisation: Organisation) -> int:
    """Distinct talents with a counted completion in a programme this organisation provides."""
    return counting.distinct_talents(
        counting.completed_in_period(plan).filter(provider=organisation)
    )


def talents_from(plan: Plan, country: Country) -> str:
    """Distinct talents of a country as the public may see it ("<5" for a small count)."""
    for cell in counting.public_breakdown(plan, "country"):
        if cell.key == country.code:
            return cell.shown
    return "0"


# The map: one value per AU member state for the chosen measure.

MEASURES = {
    "activities": lambda: _("Approved activities"),
    "finance": lambda: _("Disbursements (USD)"),
    "trainees": lambda: _("Digital talents trained"),
}


class UnknownMeasure(ValueError):
    pass


def measure_by_country(plan: Plan, measure: str) -> tuple[dict[str, Decimal], dict[str, str]]:
    """(value per country code, value as shown) for the map; shown is what the public sees."""
    if measure == "activities":
        scope = Scope(plan)
        # Countries on the activity or, where it has none, on its transactions.
        counts = country_counts(scope.activities())
        return (
            {k: Decimal(v) for k, v in counts.items() if k},
            {k: format_number(v) for k, v in counts.items() if k},
        )
    if measure == "trainees":
        cells = counting.public_breakdown(plan, "country")
        # A suppressed cell is drawn as the lowest class, never as "none".
        values = {c.key: Decimal(c.count if not c.hidden else 1) for c in cells if c.key}
        return values, {c.key: c.shown for c in cells if c.key}
    if measure == "finance":
        from finance.services import measure_by_country as finance_by_country

        au = set(Country.objects.filter(au_member=True).values_list("code", flat=True))
        values = {c: usd for c, usd in finance_by_country(plan, "disbursed").items() if c in au}
        shown = {c: format_compact_money(usd, "USD") for c, usd in values.items()}
        return values, shown
    raise UnknownMeasure(measure)


@dataclass(frozen=True)
class AfricaMap:
    measure: str
    title: str
    svg: str
    rows: list[Row]  # the same values as a table, every AU member state
    legend: list[tuple[str, str]]  # (colour, range as shown)

    @property
    def empty(self) -> bool:
        return not any(r.value for r in self.rows)


def africa_map(plan: Plan, measure: str) -> AfricaMap:
    """Every AU member state coloured by the measure, each linked to its country page."""
    from portal import africa_map as drawing

    values, shown = measure_by_country(plan, measure)
    title = MEASURES[measure]()
    countries = list(Country.objects.filter(au_member=True).order_by("name"))
    level = drawing.levels({c.code: float(values.get(c.code, 0)) for c in countries})
    areas, rows = [], []
    for c in countries:
        href = reverse("progress:country", args=[c.code])
        label = shown.get(c.code, "0")
        areas.append(
            drawing.MapArea(c.code, c.name, href, values.get(c.code, 0), label, level[c.code])
        )
        rows.append(Row(c.name, values.get(c.code, 0), label, href))
    top = float(max(values.values(), default=0))
    legend = [(drawing.PALETTE[0], _("none"))] + [
        (drawing.PALETTE[n], f"{format_number(low)}–{format_number(high)}")
        for n, low, high in drawing.legend_steps(top)
    ]
    return AfricaMap(measure, title, drawing.africa_svg(areas, title), rows, legend)


def activities_by_sector(scope: Scope) -> Chart:
    counts = _grouped(scope, "sectors__code")
    names = dict(scope.plan.sectors.order_by("name").values_list("code", "name"))
    chart = Chart("activities-by-sector", _("Approved activities by sector"), _("Activities"))
    chart.rows = sorted(
        (
            Row(
                name,
                counts.get(code, 0),
                format_number(counts.get(code, 0)),
                scope.link(sector=code),
                key=code,
            )
            for code, name in names.items()
        ),
        key=lambda r: (-r.value, r.label),
    )
    return chart


@dataclass(frozen=True)
class Place:
    name: str
    latitude: Decimal
    longitude: Decimal
    activity: Activity

    @property
    def href(self) -> str:
        return reverse("activity-detail", args=[self.activity.pk])


def locations(scope: Scope, limit: int = 500) -> list[Place]:
    """Located places of the scope's approved activities (in the scope's country, if any)."""
    from activities.models import Location

    rows = (
        Location.objects.filter(
            activity__in=scope.activities().order_by().values("pk"), latitude__isnull=False
        )
        .select_related("activity")
        .order_by("activity__iati_identifier", "pk")
    )
    if scope.country:
        rows = rows.filter(Q(country_id=scope.country) | Q(country__isnull=True))
    return [
        Place(f"{r} — {r.activity.title_text()}", r.latitude, r.longitude, r.activity)
        for r in rows[:limit]
    ]


def locations_svg(scope: Scope, country: Country) -> str:
    from portal import africa_map as drawing

    places = locations(scope)
    title = _("%(n)s located places of approved activities in %(country)s") % {
        "n": format_number(len(places)),
        "country": country.name,
    }
    return drawing.country_svg(country.code, places, title) if places else ""


# Finance: the finance app's totals (finance.services.finance_summary), never recomputed here.


@dataclass(frozen=True)
class FinancePanel:
    committed: object  # finance.services.Measure
    disbursed: object
    policy: str  # how amounts were converted to US dollars
    rule: str  # the counting rule (each dollar once)
    href: str  # the activities carrying the money
    missing: int  # sums (per currency and year) that could not be converted

    @property
    def empty(self) -> bool:
        return not (self.committed.lines or self.disbursed.lines)

    @property
    def originals(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """(currency, committed, disbursed) in each currency reported, as reported."""
        committed, disbursed = self.committed.originals, self.disbursed.originals
        return [(c, committed.get(c), disbursed.get(c)) for c in sorted({*committed, *disbursed})]


def finance_summary_of(scope: Scope):
    from finance.services import finance_summary

    return finance_summary(
        scope.plan, country=scope.country, pillar=scope.pillar, organisation=scope.organisation
    )


def finance_panel(scope: Scope, summary=None) -> FinancePanel:
    summary = summary or finance_summary_of(scope)
    return FinancePanel(
        summary.measures["committed"],
        summary.measures["disbursed"],
        summary.policy,
        summary.rule,
        scope.link(),
        len(summary.missing),
    )


def _finance_row(label: str, summary, href: str, key: str = "") -> Row:
    value = summary.disbursed_usd
    return Row(label, value, format_compact_money(value, "USD"), href, key)


def finance_by_year(scope: Scope, summary=None) -> Chart:
    """Disbursements by the year of their value date, from one finance summary's lines (each
    line is one currency and year, converted by finance.services)."""
    summary = summary or finance_summary_of(scope)
    measure = summary.measures["disbursed"]
    per_year: dict[int, Decimal] = {}
    for line in measure.lines:
        if line.usd is not None:
            per_year[line.value_year] = per_year.get(line.value_year, Decimal(0)) + line.usd
    chart = Chart("finance-by-year", _("Disbursements by year (USD)"), _("US dollars"))
    for year in range(scope.plan.period_start.year, scope.plan.period_end.year + 1):
        value = per_year.get(year, Decimal(0))
        chart.rows.append(
            Row(str(year), value, format_compact_money(value, "USD"), scope.link(year=year))
        )
    chart.note = summary.policy
    if measure.internal_usd:
        chart.note += " " + _(
            "Yearly figures include money passed between the plan's activities (%(usd)s), "
            "which the total counts once."
        ) % {"usd": format_compact_money(measure.internal_usd, "USD")}
    return chart


def finance_by_pillar(scope: Scope) -> Chart:
    from finance.services import finance_summary

    chart = Chart("finance-by-pillar", _("Disbursements by pillar (USD)"), _("US dollars"))
    for pillar in scope.plan.pillars.order_by("order", "code"):
        summary = finance_summary(
            scope.plan, country=scope.country, pillar=pillar.code, organisation=scope.organisation
        )
        chart.rows.append(
            _finance_row(pillar.name, summary, scope.link(pillar=pillar.code), pillar.code)
        )
        chart.note = summary.policy
    return chart
