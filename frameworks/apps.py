from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "SDG and Agenda 2063 alignment"
    default_auto_field = "django.db.models.BigAutoField"
