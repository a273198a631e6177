"""Forms for money in: takings typed by hand, and a settlement file to import."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.funds.income_actions import MAX_INCOME_PENCE
from waypost.funds.models import IncomeSource, SettlementFormat
from waypost.lib.money import parse_pence
from waypost.lib.virus_scan import upload_problem
from waypost.people.forms import GovukDateField

MAX_FILE_BYTES = 5 * 1024 * 1024


class IncomeForm(forms.Form):
    source = forms.ChoiceField(
        label="Where did the money come from?",
        choices=IncomeSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the money came from"},
    )
    occurred_on = GovukDateField(
        what="the date the money came in",
        label="Date the money came in",
        help_text="For example, 27 3 2026",
    )
    amount = forms.CharField(
        label="Amount, in pounds",
        help_text="Like 250 or 250.50",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        required=False,
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="For example, “Collection tins at the cathedral, Christmas week”. "
        "Do not write anyone’s name.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The description must be 200 characters or fewer"},
    )

    def clean_amount(self) -> int:
        try:
            return parse_pence(
                self.cleaned_data.get("amount"),
                missing="Enter the amount, like 250 or 250.50",
                maximum_pence=MAX_INCOME_PENCE,
            )
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None

    def clean_occurred_on(self) -> date:
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise ValidationError("The date the money came in must be today or in the past")
        return value  # type: ignore[return-value]


class SettlementForm(forms.Form):
    file_format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=SettlementFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of settlement file it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file exported from the card reader or payment provider’s website",
        error_messages={
            "required": "Select a settlement file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError("The selected file must be smaller than 5 MB")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError("The selected file must be a CSV")
        if problem := upload_problem(upload):  # every upload is scanned, not only those kept
            raise ValidationError(problem)
        return upload
