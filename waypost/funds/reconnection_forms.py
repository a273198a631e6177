"""Forms for reconnection offers, their outcome and follow-up, and personal budgets. Errors
say what is wrong and how to fix it; dates are checked again by the actions."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.funds.models import Connection, FollowUp, Fund, FundKind, OfferStatus
from waypost.lib.money import parse_pence, pounds
from waypost.people.forms import GovukDateField

EXAMPLE_DATE = "For example, 27 3 2026"


def _date(what: str, label: str, **kwargs: Any) -> GovukDateField:
    kwargs.setdefault("help_text", EXAMPLE_DATE)
    return GovukDateField(what=what, label=label, **kwargs)


def _past(value: date | None, what: str) -> date:
    if value is None:
        raise ValidationError(f"Enter {what}")
    if value > timezone.localdate():
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be today or in the past")
    return value


def _funds(partnership_id: Any, kind: str) -> Any:
    return Fund.objects.filter(partnership_id=partnership_id, kind=kind).order_by("name")


class OfferForm(forms.Form):
    destination = forms.CharField(
        label="Where would they go?",
        help_text="The town, area or country",
        max_length=200,
        error_messages={
            "required": "Enter where they would go",
            "max_length": "Where they would go must be 200 characters or fewer",
        },
    )
    connection = forms.ChoiceField(
        label="What is their connection there?",
        choices=Connection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their connection there"},
    )
    details = forms.CharField(
        label="What is arranged? (optional)",
        help_text="Who is expecting them, and the support waiting for them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offered_on = _date("the date of the offer", "When was it offered?")
    fund = forms.ModelChoiceField(
        label="Which fund pays for it? (optional)",
        help_text="Ask for the travel money on the offer's page once it is recorded",
        queryset=Fund.objects.none(),
        required=False,
        empty_label="Not from a fund",
        error_messages={"invalid_choice": "Choose one of the partnership's reconnection funds"},
    )

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"offered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        funds = _funds(partnership_id, FundKind.RECONNECTION)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        if not funds.exists():
            del self.fields["fund"]

    def clean_offered_on(self) -> date:
        return _past(self.cleaned_data["offered_on"], "the date of the offer")


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="What happened?",
        choices=[
            (OfferStatus.ACCEPTED, "They accepted: travel is being arranged"),
            (OfferStatus.TRAVELLED, "They travelled"),
            (OfferStatus.DECLINED, "They declined"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened to the offer"},
    )
    travelled_on = _date(
        "the date they travelled",
        "When did they travel?",
        required=False,
        help_text=f"Needed if they travelled. {EXAMPLE_DATE}",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == OfferStatus.TRAVELLED and "travelled_on" not in self.errors:
            try:
                data["travelled_on"] = _past(data.get("travelled_on"), "the date they travelled")
            except ValidationError as error:
                self.add_error("travelled_on", error)
        return data


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Did the reconnection hold?",
        choices=FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the reconnection held"},
    )
    followed_up_on = _date("the date of the follow-up", "When did you find out?")
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="How you found out, and anything the next worker should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("followed_up_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_followed_up_on(self) -> date:
        return _past(self.cleaned_data["followed_up_on"], "the date of the follow-up")


class BudgetForm(forms.Form):
    fund = forms.ModelChoiceField(
        label="Which fund is it from?",
        queryset=Fund.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the fund the budget is from",
            "invalid_choice": "Choose one of the partnership's personal budget funds",
        },
    )
    amount = forms.CharField(
        label="Amount, in pounds",
        help_text="For example, 500 or 450.50",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the amount of the budget, like 500 or 450.50"},
    )
    agreed_on = _date("the date it was agreed", "When was it agreed?")
    ends_on = _date(
        "the date it ends",
        "When does it end? (optional)",
        required=False,
        help_text=f"Leave empty if it runs until it is spent. {EXAMPLE_DATE}",
    )
    notes = forms.CharField(
        label="What is it for? (optional)",
        help_text="What the person wants to spend it on, agreed with them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, partnership_id: Any, unallocated: dict, **kwargs: Any):
        kwargs.setdefault("initial", {"agreed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["fund"]
        funds = _funds(partnership_id, FundKind.PERSONAL_BUDGETS)
        field.queryset = funds  # type: ignore[attr-defined]
        if len(unallocated) == 1:
            self.initial.setdefault("fund", next(iter(unallocated)))
        field.label_from_instance = lambda f: (  # type: ignore[attr-defined]
            f"{f.name}: {pounds(max(unallocated.get(f.pk, 0), 0))} not yet promised"
        )

    def clean_amount(self) -> int:
        return parse_pence(
            self.cleaned_data["amount"], missing="Enter the amount of the budget, like 500"
        )

    def clean_agreed_on(self) -> date:
        return _past(self.cleaned_data["agreed_on"], "the date it was agreed")
