"""Forms for asking for money and deciding on a request. They check what was typed and say
how to fix it; the rules are in request_create and request_actions."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.funds.ledger import Position
from waypost.funds.models import PERSON_PURPOSES, Fund, Purpose
from waypost.lib.money import parse_pence, pounds
from waypost.people.forms import GovukDateField

AMOUNT_LIMIT_PENCE = 10_000 * 100


class RequestForm(forms.Form):
    fund = forms.ChoiceField(
        label="Which fund should pay?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the fund to ask", "invalid_choice": "Choose a fund"},
    )
    purpose = forms.ChoiceField(
        label="What is the money for?",
        widget=forms.RadioSelect,
        choices=[(p.value, p.label) for p in PERSON_PURPOSES],
        error_messages={
            "required": "Choose what the money is for",
            "invalid_choice": "Choose what the money is for",
        },
    )
    amount = forms.CharField(
        label="How much do they need, in pounds?",
        help_text="For example, 40 or 125.50",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )
    reason = forms.CharField(
        label="Why do they need it?",
        help_text="What it will make possible, like ‘A birth certificate to open a bank "
        "account for housing benefit’",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why they need the money",
            "max_length": "Use 2000 characters or fewer",
        },
    )
    pay_to = forms.CharField(
        label="Who should be paid? (optional)",
        help_text="A supplier, a landlord or the person themselves",
        required=False,
        max_length=200,
        error_messages={"max_length": "Use 200 characters or fewer"},
    )

    def __init__(
        self, *args: Any, funds: list[Fund], positions: dict[Any, Position], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.funds = {str(f.pk): f for f in funds}
        self.fields["fund"].choices = [  # type: ignore[attr-defined]
            (str(f.pk), f"{f.name}: {pounds(max(positions[f.pk].available, 0))} available")
            for f in funds
        ]

    def clean_fund(self) -> Fund:
        return self.funds[self.cleaned_data["fund"]]

    def clean_amount(self) -> int:
        return parse_pence(
            self.cleaned_data.get("amount"),
            missing="Enter how much they need, like 40 or 125.50",
            maximum_pence=AMOUNT_LIMIT_PENCE,
        )


class VersionForm(forms.Form):
    """Approve or withdraw: only the version the page showed, so a change in between is
    noticed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RefuseForm(VersionForm):
    refusal_reason = forms.CharField(
        label="Why are you refusing it?",
        help_text="The person who asked will see this",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are refusing the request",
            "max_length": "Use 2000 characters or fewer",
        },
    )


class PayForm(VersionForm):
    paid_on = GovukDateField(
        what="the date it was paid", help_text="For example, 27 3 2026", required=True
    )

    def clean_paid_on(self) -> date:
        paid_on: date = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise ValidationError("The date it was paid must be today or in the past")
        return paid_on


def purpose_label(value: str) -> str:
    return str(Purpose(value).label)
