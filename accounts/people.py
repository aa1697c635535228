"""People pages: invite someone to a role, change or revoke roles, and accept an invitation.

Thin views over ``accounts.invitations``, which holds the rules (who may give which role) and
writes the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import invitations
from accounts.forms import AcceptForm, InviteForm, RoleForm
from accounts.models import Invitation, Role, RoleAssignment
from accounts.permissions import plans_with_role
from lib.forms import error_summary
from participants.models import Organisation
from plans.models import Plan


def _plan_managed(request: HttpRequest) -> Plan:
    """The plan whose people ``request.user`` manages (``?plan=slug``, else the default), or
    403 when they manage nobody there."""
    slug = request.GET.get("plan") or request.POST.get("plan")
    plan = get_object_or_404(Plan, slug=slug) if slug else Plan.objects.default()
    if plan is None:
        raise PermissionDenied(_("No plan is loaded."))
    orgs = invitations.manageable_organisations(request.user, plan.pk)
    if orgs is not None and not orgs:
        raise PermissionDenied(_("Only the secretariat and focal points manage people."))
    return plan


def _offered_roles(user, plan: Plan) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Role.choices
        if invitations.manageable_organisations(user, plan.pk) is None
        or value in invitations.ORGANISATION_ROLES
    ]


def _offered_organisations(user, plan: Plan):
    orgs = invitations.manageable_organisations(user, plan.pk)
    qs = Organisation.objects.filter(memberships__plan=plan).distinct().order_by("name")
    return qs if orgs is None else qs.filter(pk__in=orgs)


@never_cache
@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Who holds which role (that the user manages), open invitations, and the invite form."""
    plan = _plan_managed(request)
    form = InviteForm(
        request.POST or None,
        roles=_offered_roles(request.user, plan),
        organisations=_offered_organisations(request.user, plan),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(
                request.user,
                email=form.cleaned_data["email"],
                plan=plan,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
                language=get_language() or "",
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(f"{request.path}?plan={plan.slug}")
    if form.errors:
        status = 400
    return render(
        request,
        "accounts/people.html",
        {
            "plan": plan,
            "plans": Plan.objects.filter(pk__in=plans_with_role(request.user, *Role.values)),
            "form": form,
            "errors": error_summary(form),
            "roles": invitations.manageable_roles(request.user, plan.pk),
            "role_choices": _offered_roles(request.user, plan),
            "invitations": invitations.open_invitations(request.user, plan.pk),
        },
        status=status,
    )


@login_required
@require_POST
def role_change(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("plan"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            invitations.change_role(request.user, assignment, form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The role is changed."))
    return redirect(f"/accounts/people/?plan={assignment.plan.slug}")


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("plan"), pk=pk)
    slug = assignment.plan.slug
    invitations.revoke(request.user, assignment)
    messages.success(request, _("The role is revoked."))
    return redirect(f"/accounts/people/?plan={slug}")


@login_required
@require_POST
def invitation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("plan"), pk=pk)
    if action not in ("resend", "withdraw"):
        raise Http404(_("No such action."))
    if action == "resend":
        try:
            invitations.resend(request.user, invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A new link is on its way; the old one no longer works."))
    else:
        invitations.withdraw(request.user, invitation)
        messages.success(request, _("The invitation is withdrawn."))
    return redirect(f"/accounts/people/?plan={invitation.plan.slug}")


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: a new account with a password of their own, or (for someone who
    already has an account) the role added once they are signed in as that account."""
    try:
        invitation = invitations.find(token)
    except invitations.InvitationRefused as refusal:
        return render(
            request, "accounts/invitation_refused.html", {"reason": str(refusal)}, status=410
        )
    holder = invitations.existing_user(invitation)
    if holder is not None:
        if request.user != holder:
            return redirect_to_login(request.get_full_path())
        if request.method == "POST":
            invitations.accept(token, user=holder)
            messages.success(request, _("The role is yours."))
            return redirect("workspace:tasks")
        return render(request, "accounts/invitation.html", {"invitation": invitation, "form": None})
    form = AcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        assignment = invitations.accept(
            token,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
        )
        login(request, assignment.user, backend="accounts.signin.Backend")
        messages.success(request, _("Welcome: your account is ready and the role is yours."))
        return redirect("workspace:tasks")
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "form": form, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )
