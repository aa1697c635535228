"""The pages of the forgotten-password flow: Django's views with the rules of
``accounts.password_reset`` (same answer for every address, rate limits, audit)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from accounts import audit, password_reset
from accounts.models import AuditKind
from accounts.signin import client_ip


@method_decorator(never_cache, name="dispatch")
class ResetView(auth_views.PasswordResetView):
    form_class = password_reset.ResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        address = client_ip(self.request) or None
        if password_reset.too_many_from(address):
            return render(self.request, "registration/password_reset_paused.html", status=429)
        if not password_reset.record_request(self.request, form.cleaned_data["email"]):
            # Over the address's limit: answered as always, but nothing more is sent to it.
            return super(auth_views.PasswordContextMixin, self).form_valid(form)
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "minutes": _minutes()}


@method_decorator(never_cache, name="dispatch")
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            AuditKind.PASSWORD_RESET,
            actor=self.user,
            request=self.request,
            target=f"user {self.user.get_username()}",
            change="password set",
        )
        return response


def _minutes() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 60
