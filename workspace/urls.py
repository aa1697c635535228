from __future__ import annotations

from django.urls import path

from workspace import views

app_name = "workspace"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_thanks, name="join-thanks"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/preferences/", views.preferences, name="preferences"),
]
