"""Forms for support plans and the timeline filter. The rules live in plan_actions (which the
meeting pages call too); these check what a person typed and say how to fix it."""

from typing import Any

from django import forms
from django.utils import timezone

from waypost.accounts.models import Agency, Membership
from waypost.cases.models import Goal, PlanStatus
from waypost.cases.timeline import Kind
from waypost.people.forms import GovukDateField
from waypost.sharing.policy import FRONTLINE_ROLES


def staff_choices(agencies: Any) -> list[tuple[str, str]]:
    """Front-line staff of these agencies, as "Name, Agency" (one query)."""
    rows = (
        Membership.objects.active()
        .filter(agency__in=agencies, role__in=FRONTLINE_ROLES)
        .select_related("user", "agency")
        .order_by("user__full_name", "user__email", "agency__name")
    )
    seen: dict[str, str] = {}
    for m in rows:
        seen.setdefault(str(m.user_id), f"{m.user.full_name or m.user.email}, {m.agency.name}")
    return list(seen.items())


class GoalForm(forms.Form):
    text = forms.CharField(
        label="What do they want to achieve?",
        help_text="In their own words where you can, like ‘Get my own flat near my sister’",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the goal",
            "max_length": "Use 500 characters or fewer",
        },
    )


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What needs to be done?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what needs to be done",
            "max_length": "Use 500 characters or fewer",
        },
    )
    goal = forms.ChoiceField(label="Which goal is it for?", required=False)
    owner_agency = forms.ModelChoiceField(
        label="Which agency will do it?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that will do it"},
    )
    owner = forms.ChoiceField(
        label="Who will do it (optional)",
        help_text="Someone who works for that agency. Leave it for the agency to decide.",
        required=False,
    )
    due_on = GovukDateField(
        what="the date it is due", help_text="For example, 27 3 2026", required=True
    )

    def __init__(
        self, *args: Any, goals: list[Goal], agencies: Any, staff: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["goal"].choices = [("", "Not part of a goal")] + [  # type: ignore[attr-defined]
            (str(g.pk), g.text) for g in goals
        ]
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", "No one yet")] + staff  # type: ignore[attr-defined]
        self.goals = {str(g.pk): g for g in goals}

    def clean_due_on(self) -> Any:
        due = self.cleaned_data["due_on"]
        if due and due < timezone.localdate():
            raise forms.ValidationError("The date it is due must be today or in the future")
        return due

    def clean_goal(self) -> Goal | None:
        value = self.cleaned_data.get("goal")
        return self.goals.get(value) if value else None


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Is it done?",
        choices=[
            (PlanStatus.OPEN, "Not yet: it is still to do"),
            (PlanStatus.DONE, "Yes, it is done"),
            (PlanStatus.CANCELLED, "It will not be done: cancel it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is done"},
    )
    outcome = forms.CharField(
        label="What happened (optional when done)",
        help_text="Needed when you cancel it: say why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )
    due_on = GovukDateField(what="the date it is due", required=True)
    owner = forms.ChoiceField(label="Who will do it", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, staff: list[tuple[str, str]], current_due: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "No one yet")] + staff  # type: ignore[attr-defined]
        self.current_due = current_due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == PlanStatus.CANCELLED and not data.get("outcome", "").strip():
            self.add_error("outcome", "Say why the action is cancelled")
        due = data.get("due_on")
        # A date may stay in the past (it is overdue), but a new one must not be.
        if due and due != self.current_due and due < timezone.localdate():
            self.add_error("due_on", "A new date it is due must be today or in the future")
        return data


class CloseGoalForm(forms.Form):
    status = forms.ChoiceField(
        label="Why is the goal closing?",
        choices=[
            (PlanStatus.DONE, "They achieved it"),
            (PlanStatus.CANCELLED, "They no longer want it, or it no longer fits"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the goal is closing"},
    )


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show only",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def kinds(self) -> list[str]:
        if self.is_bound and self.is_valid():
            return list(self.cleaned_data["kind"])
        return []


class AgencyActionsFilterForm(forms.Form):
    unassigned = forms.BooleanField(label="Only actions no one has taken on", required=False)
