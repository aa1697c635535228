"""Signing in with a second factor, and enrolling an authenticator app.

Signing in is two steps for an enrolled user: the password form (Django's, so django-axes
counts its failures) remembers who passed it in the session, *without* signing them in; the
code form then signs them in. A wrong code is a failed sign-in for django-axes and the audit
trail, and a locked-out account gets no further even with the right code.
"""

from __future__ import annotations

import time

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts import audit, twofactor
from accounts.models import AuditKind

PENDING = "second_factor_pending"
# The code must follow the password within this many seconds.
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("The 6 digits your authenticator app shows, or a backup code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SignInView(LoginView):
    """Django's sign-in, stopping after the password for a user with an authenticator."""

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.enrolled(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_redirect_url(),
        }
        return redirect("login-code")


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@never_cache
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, _("Sign in with your password first (it is valid 5 minutes)."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True  # AxesMiddleware answers with the lock-out page
            request.axes_credentials = credentials
            return HttpResponse(status=429)
        device = twofactor.verify(user, form.cleaned_data["code"])
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={**credentials, "factor": "code"},
                request=request,
            )
            form.add_error("code", _("This code is not right (or was already used)."))
        else:
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("home")
            return redirect(target)
    return render(request, "registration/login_code.html", {"form": form})


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator (QR code and secret, confirmed by a code), see its state, get
    new backup codes, or turn it off (not where the policy requires it)."""
    user = request.user
    form = CodeForm(request.POST or None)
    context: dict = {"form": form, "required": twofactor.required(user)}
    if twofactor.enrolled(user):
        if request.method == "POST" and form.is_valid():
            action = request.POST.get("action")
            if twofactor.verify(user, form.cleaned_data["code"]) is None:
                form.add_error("code", _("This code is not right (or was already used)."))
            elif action == "backup-codes":
                context["backup_codes"] = twofactor.new_backup_codes(user)
                audit.record(AuditKind.SECOND_FACTOR, request=request, change="new backup codes")
            elif action == "turn-off" and not context["required"]:
                twofactor.turn_off(user)
                audit.record(AuditKind.SECOND_FACTOR, request=request, change="turned off")
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("two-factor")
        context["enrolled"] = True
        return render(request, "accounts/two_factor.html", context)
    device = twofactor.pending_device(user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(user, device, form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("This code is not right: check the app's clock and retry."))
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            audit.record(AuditKind.SECOND_FACTOR, request=request, change="enrolled")
            context.update(enrolled=True, backup_codes=codes, form=CodeForm())
            return render(request, "accounts/two_factor.html", context)
    context.update(
        qr=twofactor.qr_svg(device, _("QR code for your authenticator app")),
        secret=twofactor.secret_text(device),
    )
    return render(request, "accounts/two_factor.html", context)
