from __future__ import annotations

from django.urls import path

from activities import views

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("new/", views.activity_create, name="activity-create"),
    path("<int:pk>/", views.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/history/", views.activity_history, name="activity-history"),
    path("<int:pk>/results/", views.activity_results, name="activity-results"),
    path(
        "<int:pk>/results/<int:result_id>/remove/",
        views.result_remove,
        name="activity-result-remove",
    ),
    path(
        "<int:pk>/documents/<int:document_id>/",
        views.activity_document,
        name="activity-document",
    ),
    path("<int:pk>/submit/", views.activity_submit, name="activity-submit"),
    path("<int:pk>/approve/", views.activity_approve, name="activity-approve"),
    path("<int:pk>/return/", views.activity_return, name="activity-return"),
    path("<int:pk>/archive/", views.activity_archive, name="activity-archive"),
    path("<int:pk>/delete/", views.activity_delete, name="activity-delete"),
]
