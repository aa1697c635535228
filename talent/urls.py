from __future__ import annotations

from django.urls import path

from talent import views

app_name = "talent"

urlpatterns = [
    path("talent/", views.dashboard, name="dashboard"),
    path("talent/secretariat/", views.secretariat, name="secretariat"),
    path("talent/programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("activities/<int:activity_pk>/programme/", views.programme_edit, name="programme-edit"),
    path("talent/programmes/<int:pk>/enrol/", views.enrol_one, name="enrol"),
    path("talent/programmes/<int:pk>/upload/", views.upload, name="upload"),
    path("talent/template.<str:fmt>", views.template_download, name="template"),
    path("talent/enrolments/<int:pk>/certificate/", views.certificate_issue, name="certificate"),
    path("talent/certificates/<str:code>.pdf", views.certificate_download, name="certificate-pdf"),
    path("talent/duplicates/", views.duplicates, name="duplicates"),
    path("talent/plans/<slug:slug>/duplicates/", views.duplicates, name="plan-duplicates"),
    path("talent/duplicates/<int:pk>/merge/", views.pair_merge, name="pair-merge"),
    path("talent/duplicates/<int:pk>/not-same/", views.pair_not_same, name="pair-not-same"),
    path("talent/persons/<uuid:ref>/", views.person_detail, name="person"),
    path("talent/persons/<uuid:ref>/merge/", views.person_merge, name="person-merge"),
    path("talent/persons/<uuid:ref>/unmerge/", views.person_unmerge, name="person-unmerge"),
    path("talent/persons/<uuid:ref>/export.json", views.person_export, name="person-export"),
    path("talent/persons/<uuid:ref>/erase/", views.person_erase, name="person-erase"),
    path("verify/<str:code>", views.verify, name="verify"),
]
