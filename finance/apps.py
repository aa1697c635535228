from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"
    default_auto_field = "django.db.models.BigAutoField"
