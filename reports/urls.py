from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("request/", views.request_report, name="request"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/file", views.report_file, name="file"),
]
