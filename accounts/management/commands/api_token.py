"""Create, list or revoke a user's API tokens from the command line."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from accounts.tokens import create_token, revoke_token
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Manage API tokens: `api_token create USER NAME` prints a new token once; "
        "`api_token list USER` shows a user's tokens; `api_token revoke USER ID` revokes one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["create", "list", "revoke"], help=gettext_lazy("what to do")
        )
        parser.add_argument("username", help=gettext_lazy("the user whose tokens these are"))
        parser.add_argument(
            "arg", nargs="?", help=gettext_lazy("token name (create) or token id (revoke)")
        )
        parser.add_argument(
            "--days",
            type=int,
            help=gettext_lazy("days the new token is valid (at most DIGICOOP_API_TOKEN_DAYS)"),
        )

    def handle(self, *args, action: str, username: str, arg: str | None, days=None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user %(username)r.") % {"username": username})
        if action == "create":
            token, clear = create_token(user, arg or "command line", days=days)
            self.stdout.write(
                _(
                    "Token %(name)r (id %(id)s) for %(username)s, valid until %(until)s UTC — "
                    "shown this once:"
                )
                % {
                    "name": token.name,
                    "id": token.pk,
                    "username": username,
                    "until": f"{token.expires_at:%Y-%m-%d %H:%M}",
                }
            )
            self.stdout.write(clear)
        elif action == "list":
            tokens = list(user.api_tokens.all())
            for t in tokens:
                day = f"{(t.revoked_at or t.expires_at):%Y-%m-%d}"
                if t.revoked_at:
                    state = _("revoked %(date)s") % {"date": day}
                elif t.is_expired:
                    state = _("expired %(date)s") % {"date": day}
                else:
                    state = _("expires %(date)s") % {"date": day}
                self.stdout.write(f"{t.pk}\t{t.name}\t{t.prefix}…\t{state}")
            self.stdout.write(
                ngettext(
                    "%(count)s token for %(username)s.",
                    "%(count)s tokens for %(username)s.",
                    len(tokens),
                )
                % {"count": len(tokens), "username": username}
            )
        else:
            if not (arg and arg.isdigit()):
                raise CommandError(_("Give the id of the token to revoke (see `api_token list`)."))
            if not revoke_token(user, int(arg)):
                raise CommandError(
                    _("%(username)s has no active token with id %(id)s.")
                    % {"username": username, "id": arg}
                )
            self.stdout.write(
                _("Token %(id)s of %(username)s revoked.") % {"id": arg, "username": username}
            )
