from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from activities.permissions import activity_view
from activities.states import Action
from frameworks.alignment import set_alignments
from frameworks.models import Agenda2063Goal, SdgTarget
from frameworks.permissions import can_tag
from frameworks.services import agenda2063_contribution, sdg_contribution
from plans.models import Plan


class AlignmentForm(forms.Form):
    sdg_targets = forms.MultipleChoiceField(
        label=_("SDG targets"), required=False, widget=forms.SelectMultiple(attrs={"size": 12})
    )
    agenda2063_goals = forms.MultipleChoiceField(
        label=_("Agenda 2063 goals"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg_targets"].choices = [
            (t.code, f"{t.code} — {t.title.get(language) or t.title.get('en', '')}"[:140])
            for t in SdgTarget.objects.all()
        ]
        self.fields["agenda2063_goals"].choices = [
            (str(g.number), f"{g.number}. {g.title.get('en', '')}")
            for g in Agenda2063Goal.objects.all()
        ]


@activity_view(Action.VIEW)
def activity_alignment(request: HttpRequest, activity: Activity) -> HttpResponse:
    # Loaded and checked like every activity page: a draft one may not see is "not found",
    # so the page does not reveal that it exists; seen but not taggable is refused.
    if not can_tag(request.user, activity):
        raise PermissionDenied
    language = (get_language() or "en").split("-")[0]
    initial = {
        "sdg_targets": [a.target_id for a in activity.sdg_alignments.all() if a.target_id],
        "agenda2063_goals": [
            str(g) for g in activity.agenda2063_alignments.values_list("goal_id", flat=True)
        ],
    }
    form = AlignmentForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        set_alignments(
            activity,
            form.cleaned_data["sdg_targets"],
            form.cleaned_data["agenda2063_goals"],
            by=request.user,
        )
        messages.success(request, _("Alignment saved."))
        return redirect("frameworks:activity-alignment", pk=activity.pk)
    context = {
        "activity": activity,
        "form": form,
        "sdg": activity.sdg_alignments.select_related("goal", "target").order_by("goal__number"),
        "a2063": activity.agenda2063_alignments.select_related("goal"),
    }
    return render(request, "frameworks/activity_alignment.html", context)


def plan_contribution(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    language = (get_language() or "en").split("-")[0]
    context = {
        "plan": plan,
        "sdg": sdg_contribution(plan, language),
        "a2063": agenda2063_contribution(plan),
    }
    return render(request, "frameworks/contribution.html", context)
