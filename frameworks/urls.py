from django.urls import path

from frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("plans/<slug:slug>/alignment/", views.plan_contribution, name="plan-contribution"),
    path("activities/<int:pk>/alignment/", views.activity_alignment, name="activity-alignment"),
]
