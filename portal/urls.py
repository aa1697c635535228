from __future__ import annotations

from django.urls import path

from portal import pages

# The namespace the pages had in progress, kept: templates, settings (the public cache's URL
# names) and tests reverse "progress:…".
app_name = "progress"
urlpatterns = [
    path("pillars/<slug:code>/", pages.pillar_detail, name="pillar"),
    path("organisations/", pages.organisation_list, name="organisations"),
    path("organisations/export.<str:fmt>", pages.organisation_export, name="organisations-export"),
    path("organisations/<int:pk>/", pages.organisation_detail, name="organisation"),
    path("sectors/", pages.sector_list, name="sectors"),
    path("sectors/<slug:code>/", pages.sector_detail, name="sector"),
    path("countries/<str:code>/", pages.country_detail, name="country"),
    path("charts/<slug:slug>.csv", pages.chart_download, name="chart-csv"),
    path("activities/export.<str:fmt>", pages.activity_export, name="activities-export"),
    path("plans/<slug:plan_slug>/targets/<slug:code>/", pages.target_records, name="target"),
]
