from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins, failed sign-ins and role changes reach the audit trail through signals.
        from accounts import audit  # noqa: F401
