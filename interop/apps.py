from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = "Open-standard import and export"
    default_auto_field = "django.db.models.BigAutoField"
