"""manage.py import_iati FILE… — stream IATI 2.x activity files into the database."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.codes import WorkflowState
from interop.iati_import import default_plan, import_iati_files
from lib.commands import BaseCommand
from lib.progress import ProgressBar
from plans.models import Plan


class Command(BaseCommand):
    help = gettext_lazy(
        "Import IATI 2.01–2.03 activity XML files (streamed, any size). Re-importing updates "
        "activities in place by iati-identifier. Every refused activity is printed with its "
        "file, identifier and line; the command exits non-zero if anything was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", type=Path, help=gettext_lazy("IATI activity XML files")
        )
        parser.add_argument(
            "--plan", help=gettext_lazy("Slug of the plan to attach to (default: built-in)")
        )
        parser.add_argument(
            "--state",
            choices=[WorkflowState.DRAFT, WorkflowState.APPROVED],
            default=None,
            help=gettext_lazy(
                "Set this workflow state on every activity of the files, new or existing "
                "(default: new activities are drafts, existing ones keep their state)"
            ),
        )
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help=gettext_lazy("Write nothing from a file if any of its activities is refused"),
        )
        parser.add_argument("--user", help=gettext_lazy("Username to attribute the activities to"))
        parser.add_argument(
            "--progress",
            action="store_true",
            help=gettext_lazy("Draw the progress bar even when not a tty"),
        )

    def handle(self, *args, files, plan, state, all_or_nothing, user, progress, **options):
        try:
            target = Plan.objects.get(slug=plan) if plan else default_plan()
        except (Plan.DoesNotExist, LookupError) as exc:
            raise CommandError(
                _("No such plan: %(slug)r") % {"slug": plan} if plan else str(exc)
            ) from None
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("No such user: %(username)r") % {"username": user})
        for path in files:
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file") % {"path": path})
        summary = None
        for path in files:
            bar = ProgressBar(
                _("Importing %(file)s") % {"file": path.name}, self.stderr._out, force=progress
            )
            part = import_iati_files(
                [path],
                plan=target,
                state=state,
                user=importer,
                all_or_nothing=all_or_nothing,
                progress=bar.update,
            )
            if summary is None:
                summary = part
            else:
                summary.created += part.created
                summary.updated += part.updated
                summary.unchanged += part.unchanged
                summary.read += part.read
                summary.refusals += part.refusals
        for refusal in summary.refusals:
            self.stderr.write(_("REFUSED %(reason)s") % {"reason": refusal})
        self.stdout.write(
            _(
                "Files: %(files)s. Activities read: %(read)s, created: %(created)s, updated: "
                "%(updated)s, unchanged: %(unchanged)s, refused: %(refused)s. Plan: %(plan)s; "
                "state: %(state)s."
            )
            % {
                "files": len(files),
                "read": summary.read,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "refused": len(summary.refusals),
                "plan": target.slug,
                "state": state or _("draft for new activities, kept for existing ones"),
            }
        )
        if summary.refusals:
            raise CommandError(
                _("Refusals: %(count)s; see above.") % {"count": len(summary.refusals)}
            )
