from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Workflow moves and finished imports queue their notifications (workspace.notify).
        from workspace import notify

        notify.connect()
