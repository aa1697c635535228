"""The public pages of a plan: pillars, members, sectors, countries, and chart downloads.

Thin views: read the filters (a bad value is a 400 naming it, never a 500), call the figures
of portal.figures, render. Every figure on these pages links to the records it counts.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.services import approved_activities_in, country_figures
from interop import sheets
from participants.models import AURegion, Country, Organisation, OrganisationType
from plans.models import Plan, Sector
from portal import figures
from portal.figures import OrganisationFilters, Scope
from portal.targets import records_behind, target_lines
from talent.charts import trainee_charts


class BadFilter(ValueError):
    """A filter value the page cannot use; the message names it and what was expected."""


def plan_from(request: HttpRequest) -> Plan:
    slug = request.GET.get("plan")
    if slug:
        return get_object_or_404(Plan, slug=slug)
    plan = Plan.objects.default()
    if plan is None:
        raise Http404(_("No plan is loaded yet."))
    return plan


def bad_filter(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/bad_filter.html", {"message": message}, status=400)


def scope_from(request: HttpRequest, plan: Plan) -> Scope:
    """The scope named by the query string, each value checked against the plan's lists."""
    get = request.GET
    scope = Scope(plan)
    if get.get("pillar"):
        if not plan.pillars.filter(code=get["pillar"]).exists():
            raise BadFilter(_("“%(v)s” is not a pillar of this plan.") % {"v": get["pillar"]})
        scope = scope.narrowed(pillar=get["pillar"])
    if get.get("sector"):
        if not plan.sectors.filter(code=get["sector"]).exists():
            raise BadFilter(_("“%(v)s” is not a sector of this plan.") % {"v": get["sector"]})
        scope = scope.narrowed(sector=get["sector"])
    if get.get("country"):
        code = get["country"].upper()
        if not Country.objects.filter(code=code).exists():
            raise BadFilter(
                _("“%(v)s” is not an ISO 3166-1 country code (e.g. KE).") % {"v": get["country"]}
            )
        scope = scope.narrowed(country=code)
    if get.get("organisation"):
        if (
            not get["organisation"].isdigit()
            or not Organisation.objects.filter(pk=get["organisation"]).exists()
        ):
            raise BadFilter(
                _("“%(v)s” is not the number of an organisation.") % {"v": get["organisation"]}
            )
        scope = scope.narrowed(organisation=int(get["organisation"]))
    return scope


def measure_from(request: HttpRequest) -> str:
    measure = request.GET.get("measure") or "activities"
    if measure not in figures.MEASURES:
        raise BadFilter(
            _("“%(v)s” is not a map measure; choose one of: %(choices)s.")
            % {"v": measure, "choices": ", ".join(figures.MEASURES)}
        )
    return measure


def activity_charts(scope: Scope) -> list:
    return [figures.activities_by_status(scope), figures.activities_by_kind(scope)]


def pillar_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_from(request)
    pillar = get_object_or_404(plan.pillars, code=code)
    scope = Scope(plan, pillar=pillar.code)
    context = {
        "plan": plan,
        "pillar": pillar,
        "lines": target_lines(plan, plan.targets.filter(pillar=pillar)),
        "chart_query": scope.query(),
        "count": scope.count(),
        "count_href": scope.link(),
        "partners": figures.find_organisations(plan, OrganisationFilters(pillar=pillar.code)),
        "partners_href": figures.organisations_link(plan, pillar=pillar.code),
        "charts": activity_charts(scope),
        "latest": figures.latest_activities(scope),
        "finance": figures.finance_panel(scope),
    }
    return render(request, "portal/pillar.html", context)


def _blank(choices) -> list:
    return [("", gettext_lazy("Any")), *choices]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(required=False, label=gettext_lazy("Search"), max_length=200)
    type = forms.ChoiceField(
        required=False, label=gettext_lazy("Type"), choices=_blank(OrganisationType.choices)
    )
    country = forms.ChoiceField(required=False, label=gettext_lazy("Country"))
    region = forms.ChoiceField(
        required=False, label=gettext_lazy("AU region"), choices=_blank(AURegion.choices)
    )
    pillar = forms.ChoiceField(required=False, label=gettext_lazy("Pillar"))
    sector = forms.ChoiceField(required=False, label=gettext_lazy("Sector"))

    def __init__(self, plan: Plan, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        countries = Country.objects.filter(organisations__memberships__plan=plan).distinct()
        self.fields["country"].choices = _blank(countries.values_list("code", "name"))
        self.fields["pillar"].choices = _blank(plan.pillars.values_list("code", "name"))
        self.fields["sector"].choices = _blank(plan.sectors.values_list("code", "name"))

    def filters(self) -> OrganisationFilters:
        return OrganisationFilters(**{k: v or None for k, v in self.cleaned_data.items()})

    def problems(self) -> str:
        return "; ".join(
            f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


def _organisations(request: HttpRequest):
    plan = plan_from(request)
    form = OrganisationFilterForm(plan, request.GET)
    query = {k: v for k, v in request.GET.items() if k in form.fields}
    if not form.is_valid():
        raise BadFilter(form.problems())
    return plan, form, figures.find_organisations(plan, form.filters()), query


def organisation_list(request: HttpRequest) -> HttpResponse:
    try:
        plan, form, organisations, _query = _organisations(request)
    except BadFilter as exc:
        return bad_filter(request, str(exc))
    by_type: dict[str, list] = {}
    for org in organisations:
        by_type.setdefault(org.get_type_display(), []).append(org)
    context = {
        "plan": plan,
        "form": form,
        "groups": sorted(by_type.items()),
        "count": organisations.count(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/organisations.html", context)


def organisation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Downloads are CSV or XLSX."))
    try:
        plan, _form, organisations, _query = _organisations(request)
    except BadFilter as exc:
        return bad_filter(request, str(exc))
    rows = [[_("Name"), _("Acronym"), _("Type"), _("Country"), _("Website"), _("Page")]]
    for org in organisations:
        rows.append(
            [
                org.name,
                org.acronym,
                org.get_type_display(),
                org.country.name if org.country else "",
                org.website,
                request.build_absolute_uri(f"/organisations/{org.pk}/"),
            ]
        )
    return sheets.response(rows, fmt, f"{plan.slug}-members")


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_from(request)
    organisation = get_object_or_404(Organisation.objects.select_related("country"), pk=pk)
    scope = Scope(plan, organisation=organisation.pk)
    context = {
        "plan": plan,
        "organisation": organisation,
        "chart_query": scope.query(),
        "memberships": organisation.memberships.select_related("plan").order_by("plan__title"),
        "count": scope.count(),
        "count_href": scope.link(),
        "charts": activity_charts(scope),
        "latest": figures.latest_activities(scope),
        "talents": figures.talents_trained_by(plan, organisation),
        "finance": figures.finance_panel(scope),
    }
    return render(request, "portal/organisation.html", context)


def sector_list(request: HttpRequest) -> HttpResponse:
    plan = plan_from(request)
    chart = figures.activities_by_sector(Scope(plan))
    context = {"plan": plan, "chart": chart, "chart_query": Scope(plan).query()}
    return render(request, "portal/sectors.html", context)


def sector_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_from(request)
    sector = get_object_or_404(Sector, plan=plan, code=code)
    scope = Scope(plan, sector=sector.code)
    context = {
        "plan": plan,
        "sector": sector,
        "chart_query": scope.query(),
        "count": scope.count(),
        "count_href": scope.link(),
        "partners": figures.find_organisations(plan, OrganisationFilters(sector=sector.code)),
        "partners_href": figures.organisations_link(plan, sector=sector.code),
        "charts": activity_charts(scope),
        "latest": figures.latest_activities(scope),
    }
    return render(request, "portal/sector.html", context)


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404(_("No such country"))
    plan = plan_from(request)
    scope = Scope(plan, country=country.code)
    context = {
        "plan": plan,
        "country": country,
        "chart_query": scope.query(),
        "figures": country_figures(country),
        "activities": approved_activities_in(country).filter(plan=plan)[:50],
        "count": scope.count(),
        "count_href": scope.link(),
        "charts": activity_charts(scope),
        "partners": figures.members(plan).filter(country=country).order_by("name"),
        "partners_href": figures.organisations_link(plan, country=country.code),
        "talents": figures.talents_from(plan, country),
        "finance": figures.finance_panel(scope),
        "locations_svg": figures.locations_svg(scope, country),
    }
    return render(request, "portal/country.html", context)


CHARTS = {
    "activities-by-status": figures.activities_by_status,
    "activities-by-kind": figures.activities_by_kind,
    "activities-by-pillar": figures.activities_by_pillar,
    "activities-by-sector": figures.activities_by_sector,
    "finance-by-year": figures.finance_by_year,
    "finance-by-pillar": figures.finance_by_pillar,
}


def chart_download(request: HttpRequest, slug: str) -> HttpResponse:
    """A chart's rows as CSV, for the scope named in the query string."""
    plan = plan_from(request)
    try:
        scope = scope_from(request, plan)
    except BadFilter as exc:
        return bad_filter(request, str(exc))
    if slug in CHARTS:
        chart = CHARTS[slug](scope)
    else:
        chart = next((c for c in trainee_charts(plan) if c.slug == slug), None)
        if chart is None:
            raise Http404(_("No such chart"))
    return sheets.response(chart.csv_rows(), "csv", slug)


def target_records(request: HttpRequest, plan_slug: str, code: str) -> HttpResponse:
    """The records behind a target's figure: exactly those it counts."""
    plan = get_object_or_404(Plan, slug=plan_slug)
    target = get_object_or_404(plan.targets.select_related("plan", "standard_indicator"), code=code)
    records = records_behind(target)
    if records is None:
        raise Http404(_("This figure counts persons, not records; see the talent registry."))
    records = records.select_related("reporting_org", "kind").order_by("iati_identifier")
    context = {"plan": plan, "target": target, "records": records, "count": records.count()}
    return render(request, "portal/target.html", context)


def home_panels(request: HttpRequest, plan: Plan) -> dict:
    """What the plan overview shows besides the plan itself (raises BadFilter on a bad
    measure): targets with their history, pillars, the map, charts, the latest activities."""
    measure = measure_from(request)
    scope = Scope(plan)
    summary = figures.finance_summary_of(scope)
    return {
        "lines": target_lines(plan),
        "pillar_lines": figures.pillars_table(scope),
        "africa": figures.africa_map(plan, measure),
        "measures": [(k, v()) for k, v in figures.MEASURES.items()],
        "charts": [*activity_charts(scope), figures.activities_by_sector(scope)],
        "finance": figures.finance_panel(scope, summary),
        "finance_charts": [
            figures.finance_by_year(scope, summary),
            figures.finance_by_pillar(scope),
        ],
        "trainee_charts": trainee_charts(plan),
        "latest": figures.latest_activities(scope),
        "chart_query": scope.query(),
        "members": figures.members(plan).count(),
        "members_href": figures.organisations_link(plan),
    }


def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The activity list, filtered as on its page, as CSV or XLSX with labels, not codes."""
    from django.conf import settings

    from activities.filters import ActivityFilterForm
    from activities.queries import find_activities
    from portal.downloads import activity_rows

    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Downloads are CSV or XLSX."))
    form = ActivityFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return bad_filter(
            request,
            "; ".join(f"{form.fields[n].label}: {' '.join(e)}" for n, e in form.errors.items()),
        )
    rows = activity_rows(find_activities(request.user, form.filters()), settings.SITE_URL)
    return sheets.response(rows, fmt, "activities")
