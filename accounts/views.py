"""Account pages: API tokens (a user creates, sees once and revokes their own) and the audit
trail (the secretariat browses, filters and exports it)."""

from __future__ import annotations

import csv
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import AuditEvent, AuditKind
from accounts.permissions import audit_events, is_secretariat
from accounts.tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label=gettext_lazy("Name"), help_text=gettext_lazy("e.g. the integration")
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("At most %(days)s; empty for the longest."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.DIGICOOP_API_TOKEN_DAYS
        self.fields["days"].max_value = longest
        self.fields["days"].validators.append(MaxValueValidator(longest))
        self.fields["days"].widget.attrs["max"] = longest
        self.fields["days"].help_text = self.fields["days"].help_text % {"days": longest}


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = create_token(
            request.user, form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if revoke_token(request.user, token_id):
        messages.success(request, _("The token is revoked; it no longer works."))
    else:
        messages.error(request, _("There is no such active token of yours."))
    return redirect("token-list")


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Event"),
        required=False,
        choices=[("", gettext_lazy("any")), *AuditKind.choices],
    )
    actor = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    since = forms.DateField(label=gettext_lazy("From (YYYY-MM-DD)"), required=False)
    until = forms.DateField(label=gettext_lazy("To (YYYY-MM-DD)"), required=False)


AUDIT_PAGE = 100


@never_cache
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The secretariat browses, filters and exports (``?format=csv``) the audit trail."""
    events = audit_events(request.user, AuditEvent.objects.select_related("plan"))
    if not is_secretariat(request.user, None):
        raise PermissionDenied(_("Only the secretariat browses the audit trail."))
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["actor"]:
            events = events.filter(actor_name__iexact=data["actor"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, AUDIT_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"form": form, "page": page})


def _cell(text: str) -> str:
    # A user name or target a spreadsheet would run as a formula is kept as text.
    return f"'{text}" if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _audit_csv(events) -> StreamingHttpResponse:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    # The page's own column headings, in the reader's language (read, never imported back).
    header = [
        _("When"),
        _("Who"),
        pgettext("audit trail", "Event"),
        _("Plan"),
        _("What"),
        _("From"),
        _("Details"),
    ]

    def rows():
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    _cell(e.actor_name),
                    e.kind,
                    e.plan.slug if e.plan else "",
                    _cell(e.target),
                    e.address or "",
                    _cell(json.dumps(e.detail, ensure_ascii=False, sort_keys=True)),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
