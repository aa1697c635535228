"""Create the first administrator and print its password once; do nothing if one exists."""

from __future__ import annotations

import secrets

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Create an administrator account if none exists, printing its credentials once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help=gettext_lazy("the new administrator's username")
        )

    def handle(self, *args, username: str, **options):
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(_("An administrator already exists; no account created."))
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, "", password)
        banner = "=" * 60
        self.stdout.write(banner)
        self.stdout.write(_("Administrator created — shown this once, keep it safe:"))
        self.stdout.write("  " + _("username: %(username)s") % {"username": username})
        self.stdout.write("  " + _("password: %(password)s") % {"password": password})
        self.stdout.write(_("Change it at /admin/password_change/."))
        self.stdout.write(banner)
