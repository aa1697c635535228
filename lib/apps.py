from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    default = True

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from lib.public_cache import watch_writes

        # Every statement on every connection (web, job workers, commands) passes by the
        # public cache's write watch, so no door can change public data and leave it stale.
        connection_created.connect(watch_writes, dispatch_uid="lib.public_cache")
