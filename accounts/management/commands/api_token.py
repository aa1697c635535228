"""Create, list or revoke a user's API tokens from the command line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = (
        "Manage API tokens: `api_token create USER NAME` prints a new token once; "
        "`api_token list USER` shows a user's tokens; `api_token revoke USER ID` revokes one."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("username")
        parser.add_argument("arg", nargs="?", help="token name (create) or token id (revoke)")
        parser.add_argument(
            "--days", type=int, help="days the new token is valid (at most DIGICOOP_API_TOKEN_DAYS)"
        )

    def handle(self, *args, action: str, username: str, arg: str | None, days=None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if action == "create":
            token, clear = create_token(user, arg or "command line", days=days)
            self.stdout.write(
                f"Token {token.name!r} (id {token.pk}) for {username}, valid until "
                f"{token.expires_at:%Y-%m-%d %H:%M} UTC — shown this once:\n{clear}"
            )
        elif action == "list":
            tokens = list(user.api_tokens.all())
            for t in tokens:
                if t.revoked_at:
                    state = f"revoked {t.revoked_at:%Y-%m-%d}"
                else:
                    state = f"{'expired' if t.is_expired else 'expires'} {t.expires_at:%Y-%m-%d}"
                self.stdout.write(f"{t.pk}\t{t.name}\t{t.prefix}…\t{state}")
            self.stdout.write(f"{len(tokens)} token(s) for {username}.")
        else:
            if not (arg and arg.isdigit()):
                raise CommandError("Give the id of the token to revoke (see `api_token list`).")
            if not revoke_token(user, int(arg)):
                raise CommandError(f"{username} has no active token with id {arg}.")
            self.stdout.write(f"Token {arg} of {username} revoked.")
