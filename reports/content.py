"""What a report shows, gathered from the domain functions the portal's pages call.

Nothing is counted here: targets come from ``portal.targets.target_lines`` (the dashboard's
own lines: ``progress.services.target_progress`` plus the month-by-month history), activity
charts and the map from ``portal.figures``, money from ``finance.services.finance_summary``
(through the figures' finance panel and charts) and its per-country twin
``measure_by_country``, trainees from ``talent.counting``'s public breakdowns (small cells
suppressed) and contributions from ``frameworks.services``. The report only chooses, orders
and lays out.

Targets are cumulative from the plan's start to the data's cut-off (the day the report is
made), exactly as the dashboard shows them; a reporting period narrows the activities listed,
the demonstration projects and the years of the finance table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.countries import country_counts
from activities.models import Activity
from finance.services import measure_by_country
from frameworks.services import Contribution, agenda2063_contribution, sdg_contribution
from lib.charts import Chart, Row
from lib.formatting import format_compact_money
from participants.models import Country
from plans.models import Pillar
from portal import figures
from portal.figures import FinancePanel, Scope
from portal.targets import TargetLine, target_lines
from progress import metrics
from reports.services import ReportSpec
from talent import counting
from talent.charts import trainee_charts

ANNEX_LIMIT = 2000  # rows of the annex; beyond, the report says how many more and where
# Demonstration projects described one by one (a few lines each; the target asks for ten):
# beyond, the report says how many more, so the PDF stays a bounded length at any scale.
DEMONSTRATION_LIMIT = 50
KEY_ACTIVITIES = 6  # per pillar


@dataclass
class PillarSection:
    pillar: Pillar
    lines: list[TargetLine]
    count: int
    charts: list[Chart]
    key_activities: list[Activity]


@dataclass
class Trainees:
    total: str  # as the public sees it ("<5" for a small count)
    scope_note: str  # what the breakdowns cover
    enrolled_not_completed: int | None
    charts: list[Chart]


@dataclass
class Report:
    spec: ReportSpec
    title: str
    scope_title: str
    generated: dt.datetime
    cutoff: dt.date
    count: int  # approved activities of the scope in the period
    lines: list[TargetLine]
    pillars: list[PillarSection]
    finance: FinancePanel
    finance_by_year: Chart
    finance_by_country: Chart
    trainees: Trainees
    demonstration_projects: list[Activity]
    demonstration_more: int  # counted but not described (beyond DEMONSTRATION_LIMIT)
    sdg: list[Contribution]
    agenda2063: list[Contribution]
    africa: figures.AfricaMap
    locations_svg: str
    charts: list[Chart]
    annex: list[Activity]
    annex_more: int
    rules: list[tuple[str, str]] = field(default_factory=list)  # (target, what counts)
    demo: bool = False  # synthetic demonstration data: said on the cover

    @property
    def empty(self) -> bool:
        """No approved record in the scope and no target moved: the report says so."""
        return not self.count and not any(line.progress.value for line in self.lines)

    @property
    def language(self) -> str:
        return self.spec.language


def in_period(activities: QuerySet[Activity], spec: ReportSpec) -> QuerySet[Activity]:
    """Activities under way at some time in the period (by actual dates, else planned);
    the whole plan period keeps every activity, as the dashboard counts them."""
    if spec.whole_period:
        return activities
    started = Q(actual_start__lte=spec.end) | Q(
        actual_start__isnull=True, planned_start__lte=spec.end
    )
    undated = Q(actual_start__isnull=True, planned_start__isnull=True)
    ended = Q(actual_end__isnull=False, actual_end__lt=spec.start) | Q(
        actual_end__isnull=True, planned_end__isnull=False, planned_end__lt=spec.start
    )
    return activities.filter(started | undated).exclude(ended)


def scope_of(spec: ReportSpec) -> Scope:
    return Scope(
        spec.plan,
        pillar=spec.pillar.code if spec.pillar else None,
        country=spec.country.code if spec.country else None,
    )


def _titles(spec: ReportSpec) -> tuple[str, str]:
    if spec.pillar:
        scope = _("Pillar: %(name)s") % {"name": spec.pillar}
    elif spec.country:
        scope = _("Country: %(name)s") % {"name": spec.country}
    else:
        scope = _("The whole plan")
    return _("Progress report"), scope


def _listed(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities of ``qs`` with what a listed row shows, read by primary key: a pillar's
    query is DISTINCT (over the pillars join), and the database then sorts every whole row of
    the pillar to keep the first few (seconds at 100,000 activities); ordering the activity
    table alone, it keeps only the rows asked for."""
    return (
        Activity.objects.filter(pk__in=qs.order_by().values("pk"))
        .select_related("kind", "reporting_org")
        .prefetch_related("recipient_countries__country", "sectors")
    )


def _finance_by_year(scope: Scope, spec: ReportSpec, summary) -> Chart:
    chart = figures.finance_by_year(scope, summary)
    years = range(spec.start.year, spec.end.year + 1)
    chart.rows = [row for row in chart.rows if int(row.label) in years]
    return chart


def _finance_by_country(scope: Scope, activities: QuerySet[Activity], policy: str) -> Chart:
    """Disbursements in each country the scope's activities go to (their own recipient
    countries or, where they give none, their transactions'), each equal to that country's
    finance summary within the scope's pillar: all countries from one grouped call."""
    chart = Chart(
        "finance-by-country", _("Disbursements by recipient country (USD)"), _("US dollars")
    )
    disbursed = measure_by_country(
        scope.plan, "disbursed", pillar=scope.pillar, organisation=scope.organisation
    )
    reached = [code for code in country_counts(activities.order_by()) if code in disbursed]
    rows = []
    for country in Country.objects.filter(code__in=reached):
        usd = disbursed[country.code]
        rows.append(
            Row(str(country), usd, format_compact_money(usd, "USD"),
                scope.link(country=country.code), country.code)
        )  # fmt: skip
    chart.rows = sorted(rows, key=lambda r: (-r.value, r.label))
    chart.note = policy if rows else ""
    return chart


def _trainees(spec: ReportSpec) -> Trainees:
    plan = spec.plan
    charts = trainee_charts(plan)
    if spec.country:
        total = figures.talents_from(plan, spec.country)
        note = _("Digital talents from %(country)s; the breakdowns below are the whole plan's.") % {
            "country": spec.country
        }
        return Trainees(total, note, None, charts)
    if spec.pillar:
        cells = counting.public_breakdown(plan, "pillar")
        total = next((c.shown for c in cells if c.key == str(spec.pillar.pk)), "0")
        note = _(
            "Digital talents trained in programmes of this pillar; the breakdowns below are "
            "the whole plan's."
        )
        return Trainees(total, note, None, charts)
    talents = counting.digital_talents(plan)
    shown = counting.suppress([counting.Cell("all", "", talents)], partition=False)[0].shown
    return Trainees(shown, "", counting.enrolled_not_completed(plan), charts)


def _pillar_sections(spec: ReportSpec, scope: Scope) -> list[PillarSection]:
    pillars = [spec.pillar] if spec.pillar else list(spec.plan.pillars.order_by("order", "code"))
    sections = []
    for pillar in pillars:
        narrowed = scope.narrowed(pillar=pillar.code)
        activities = in_period(narrowed.activities(), spec)
        # Latest started first, undated last on every database (PostgreSQL sorts NULL first in
        # a descending order, SQLite last: a plain "-actual_start" listed undated activities as
        # "key" on PostgreSQL only).
        key = _listed(activities).order_by(
            F("actual_start").desc(nulls_last=True),
            F("planned_start").desc(nulls_last=True),
            "iati_identifier",
        )
        sections.append(
            PillarSection(
                pillar,
                target_lines(spec.plan, spec.plan.targets.filter(pillar=pillar)),
                activities.count(),
                [figures.activities_by_status(narrowed), figures.activities_by_kind(narrowed)],
                list(key[:KEY_ACTIVITIES]),
            )
        )
    return sections


def _contributions(rows: list[Contribution]) -> list[Contribution]:
    return [row for row in rows if row.activities]


def gather(spec: ReportSpec, today: dt.date | None = None) -> Report:
    """Everything the report shows, in the active language (the caller sets it)."""
    plan = spec.plan
    scope = scope_of(spec)
    activities = in_period(scope.activities(), spec)
    targets = plan.targets.all()
    if spec.pillar:
        targets = targets.filter(pillar=spec.pillar)
    lines = target_lines(plan, targets, today)
    summary = figures.finance_summary_of(scope)
    demonstration = metrics.demonstration_projects_query(plan).filter(
        pk__in=activities.order_by().values("pk")
    )
    projects = list(_listed(demonstration).order_by("actual_start", "pk")[:DEMONSTRATION_LIMIT])
    title, scope_title = _titles(spec)
    annex = _listed(activities).order_by("iati_identifier")
    count = activities.count()
    return Report(
        spec=spec,
        title=title,
        scope_title=scope_title,
        generated=timezone.now(),
        cutoff=today or timezone.localdate(),
        count=count,
        lines=lines,
        pillars=_pillar_sections(spec, scope),
        finance=figures.finance_panel(scope, summary),
        finance_by_year=_finance_by_year(scope, spec, summary),
        finance_by_country=_finance_by_country(scope, activities, summary.policy),
        trainees=_trainees(spec),
        demonstration_projects=projects,
        demonstration_more=max(0, demonstration.count() - len(projects)),
        sdg=_contributions(sdg_contribution(plan, spec.language)),
        agenda2063=_contributions(agenda2063_contribution(plan)),
        africa=figures.africa_map(plan, "activities"),
        locations_svg=figures.locations_svg(scope, spec.country) if spec.country else "",
        charts=[
            figures.activities_by_status(scope),
            figures.activities_by_kind(scope),
            figures.activities_by_sector(scope),
            figures.finance_by_pillar(scope),
        ],
        annex=list(annex[:ANNEX_LIMIT]),
        annex_more=max(0, count - ANNEX_LIMIT),
        rules=[(line.progress.target.localized("statement"), line.progress.rule) for line in lines],
        demo=scope.activities().filter(is_demo=True).exists(),
    )


def sections() -> list[tuple[str, str]]:
    """The report's chapters (anchor, heading) in order, for the table of contents."""
    return [
        ("summary", _("Summary of targets")),
        ("targets", _("Targets one by one")),
        ("pillars", _("Pillars and key activities")),
        ("finance", _("Finance")),
        ("trainees", _("Digital talents trained")),
        ("demonstration", _("Demonstration projects")),
        ("frameworks", _("Contribution to the SDGs and Agenda 2063")),
        ("map", _("Map of Africa")),
        ("charts", _("Charts")),
        ("method", _("Note on method")),
        ("annex", _("Annex: activities counted")),
    ]
