from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from activities import checks  # noqa: F401  (registers the IATI code lists check)
