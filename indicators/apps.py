from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Country digital indicators"
    default_auto_field = "django.db.models.BigAutoField"
