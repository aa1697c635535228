from __future__ import annotations

from django.urls import path

from finance import views

app_name = "finance"
urlpatterns = [
    path("finance/<slug:slug>/", views.finance_overview, name="overview"),
    path("finance/<slug:slug>/flows/", views.money_flows, name="flows"),
    path("finance/<slug:slug>/pledges/", views.pledges, name="pledges"),
    path("finance/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path(
        "finance/<slug:slug>/scorecard/<int:organisation>/",
        views.scorecard_partner,
        name="scorecard-partner",
    ),
    path("finance/activities/<int:pk>/", views.activity_finance, name="activity"),
]
