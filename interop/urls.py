from django.urls import path

from interop import views

app_name = "interop"
urlpatterns = [
    path("interop/iati/upload/", views.iati_upload, name="iati-upload"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/iati.xml", views.iati_download, name="iati-download"),
    path("interop/activities/upload/", views.sheet_upload, name="sheet-upload"),
    path("interop/imports/", views.import_history, name="import-history"),
    path("interop/imports/<int:pk>/", views.import_job, name="import-job"),
    path("interop/imports/<int:pk>/status", views.import_job_status, name="import-job-status"),
    path("interop/imports/<int:pk>/retry/", views.import_job_retry, name="import-job-retry"),
    path("interop/imports/<int:pk>/file", views.import_job_file, name="import-job-file"),
    path(
        "open-data/activities-template.<str:fmt>",
        views.sheet_template,
        name="sheet-template",
    ),
    path("open-data/activities.<str:fmt>", views.sheet_export, name="sheet-export"),
]
