"""Forms for a grant's budget lines and the spend recorded against them."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.funds.models import BudgetLine, Purpose
from waypost.lib.money import parse_pence, pounds_input
from waypost.people.forms import GovukDateField

MAX_LINE_PENCE = 1_000_000_000 * 100
SPEND_PURPOSES = [
    (Purpose.STAFF.value, Purpose.STAFF.label),
    (Purpose.ACCOMMODATION.value, Purpose.ACCOMMODATION.label),
    (Purpose.TRAINING.value, Purpose.TRAINING.label),
    (Purpose.TRAVEL.value, Purpose.TRAVEL.label),
    (Purpose.OTHER.value, Purpose.OTHER.label),
]


class BudgetLineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name of the budget line",
        max_length=200,
        help_text="For example: outreach staff, emergency accommodation, personal budgets",
        error_messages={"required": "Enter the name of the budget line"},
    )
    allocation = forms.CharField(
        label="Allocation, in pounds", help_text="How much of the award, like 45000 or 45000.50"
    )

    @classmethod
    def initial_for(cls, line: BudgetLine) -> dict[str, Any]:
        return {
            "version": line.version,
            "name": line.name,
            "allocation": pounds_input(line.allocation_pence),
        }

    def clean_allocation(self) -> int:
        return parse_pence(
            self.cleaned_data.get("allocation"),
            missing="Enter the allocation, like 45000 or 45000.50",
            maximum_pence=MAX_LINE_PENCE,
        )

    def apply_to(self, line: BudgetLine) -> BudgetLine:
        line.name = self.cleaned_data["name"].strip()
        line.allocation_pence = self.cleaned_data["allocation"]
        return line


class SpendForm(forms.Form):
    budget_line = forms.ModelChoiceField(
        label="Budget line",
        queryset=BudgetLine.objects.none(),
        empty_label="Choose the budget line",
        error_messages={"required": "Choose the budget line the money was spent from"},
    )
    purpose = forms.ChoiceField(
        label="What it paid for",
        choices=SPEND_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the money paid for"},
    )
    occurred_on = GovukDateField(what="the date of the spend", label="Date of the spend")
    amount = forms.CharField(label="Amount, in pounds", help_text="Like 1250 or 1250.50")
    description = forms.CharField(
        label="What was bought",
        max_length=120,
        help_text="Do not include anyone’s name or details: the ledger holds no personal data.",
        error_messages={"required": "Enter what was bought"},
    )
    reference = forms.CharField(
        label="Supplier and invoice reference",
        max_length=100,
        required=False,
        help_text="For example: ACME Lettings INV-2041. A supplier, never a person’s name.",
    )

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]

    def clean_amount(self) -> int:
        return parse_pence(
            self.cleaned_data.get("amount"),
            missing="Enter the amount spent, like 1250 or 1250.50",
            maximum_pence=MAX_LINE_PENCE,
        )

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise ValidationError("The date of the spend must be today or in the past")
        return day

    def full_description(self) -> str:
        data = self.cleaned_data
        reference = data["reference"].strip()
        text = data["description"].strip()
        return f"{text} ({reference})" if reference else text
