"""Create the first administrator and print its password once; do nothing if one exists."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand

from accounts.models import User


class Command(BaseCommand):
    help = "Create an administrator account if none exists, printing its credentials once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator already exists; no account created.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, "", password)
        banner = "=" * 60
        self.stdout.write(
            f"{banner}\nAdministrator created — shown this once, keep it safe:\n"
            f"  username: {username}\n  password: {password}\n"
            f"Change it at /admin/password_change/.\n{banner}"
        )
