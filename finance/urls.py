from __future__ import annotations

from django.urls import path

from finance import views

app_name = "finance"
urlpatterns = [
    path("finance/<slug:slug>/", views.finance_overview, name="overview"),
    path("finance/<slug:slug>/flows/", views.money_flows, name="flows"),
    path("finance/<slug:slug>/pledges/", views.pledges, name="pledges"),
    path("finance/<slug:slug>/pledges/new/", views.pledge_new, name="pledge-new"),
    path("finance/pledges/<int:pk>/edit/", views.pledge_edit, name="pledge-edit"),
    path("finance/pledges/<int:pk>/status/", views.pledge_status, name="pledge-status"),
    path("finance/<slug:slug>/calendar/", views.calendar, name="calendar"),
    path("finance/<slug:slug>/calendar/new/", views.deadline_new, name="deadline-new"),
    path("finance/<slug:slug>/calendar/quarters/", views.calendar_quarters, name="quarters"),
    path("finance/calendar/<int:pk>/edit/", views.deadline_edit, name="deadline-edit"),
    path("finance/calendar/<int:pk>/delete/", views.deadline_delete, name="deadline-delete"),
    path("finance/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path(
        "finance/<slug:slug>/scorecard/<int:organisation>/",
        views.scorecard_partner,
        name="scorecard-partner",
    ),
    path("finance/activities/<int:pk>/", views.activity_finance, name="activity"),
]
