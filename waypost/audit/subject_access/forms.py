"""Forms for the data protection officer's subject access pages."""

from collections.abc import Sequence
from typing import Any

from django import forms

from waypost.accounts.models import Partnership
from waypost.audit.forms import DateInput
from waypost.audit.models import RequestStatus
from waypost.people.actions import identifier_problem
from waypost.people.models import IdentifierKind


def _date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 27/3/2026",
        },
    )


class OpenRequestForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        error_messages={"required": "Select the partnership the request was made to"},
    )
    reference = forms.CharField(
        label="Your reference (optional)",
        required=False,
        max_length=100,
        help_text="For example your case number. Do not enter the person's name.",
    )
    received_on = _date_field(
        "Date received", help_text="The day the request arrived, even if it was not a working day"
    )
    id_needed = forms.TypedChoiceField(
        label="Did you need to ask for proof of identity?",
        choices=[("no", "No, we know who they are"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="The month to respond starts when the ID is verified.",
        error_messages={"required": "Select whether you needed to ask for proof of identity"},
    )
    id_requested_on = _date_field("Date you asked for ID", required=False)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person asked for, and how to reply to them.",
    )

    def __init__(self, *args: Any, partnerships: Sequence[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships])
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("id_needed") and not cleaned.get("id_requested_on"):
            if "id_requested_on" not in self.errors:
                self.add_error("id_requested_on", "Enter the date you asked for ID")
        if cleaned.get("id_needed") is False:
            cleaned["id_requested_on"] = None
        return cleaned


class FindPersonForm(forms.Form):
    identifier_kind = forms.ChoiceField(
        label="Kind of number",
        required=False,
        choices=[
            (IdentifierKind.NHS_NUMBER, "NHS number"),
            (IdentifierKind.NI_NUMBER, "National Insurance number"),
            (IdentifierKind.PRISON_NUMBER, "Prison number"),
            (IdentifierKind.CHAIN, "CHAIN id"),
            (IdentifierKind.HCLIC, "H-CLIC id"),
        ],
    )
    identifier_value = forms.CharField(
        label="Number",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    given_name = forms.CharField(
        label="First name (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    birth_date = _date_field("Date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get("identifier_value", "").strip()
        cleaned["identifier_value"] = value
        if value:
            problem = identifier_problem(cleaned.get("identifier_kind", ""), value)
            if problem:
                self.add_error("identifier_value", problem)
            return cleaned
        if not cleaned.get("family_name", "").strip() and "birth_date" not in self.errors:
            self.add_error(
                "family_name", "Enter a number, or a last name and date of birth, to search"
            )
        elif not cleaned.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", "Enter the date of birth to search by name")
        return cleaned


class ChoosePersonForm(forms.Form):
    person_id = forms.UUIDField(widget=forms.HiddenInput)


class IdVerifiedForm(forms.Form):
    verified_on = _date_field("Date ID was verified")


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="How many more months?",
        choices=[("1", "1 month"), ("2", "2 months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how many more months"},
    )
    reason = forms.CharField(
        label="Why does the request need more time?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only for a complex request or several requests from the same person. "
        "Tell the person, with this reason, within the first month.",
        error_messages={"required": "Enter why the request needs more time"},
    )

    def __init__(self, *args: Any, months_left: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if months_left < 2:
            field = self.fields["months"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("1", "1 month")]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (RequestStatus.COMPLETED, "Completed: the response has been sent"),
            (RequestStatus.REFUSED, "Refused: manifestly unfounded or excessive"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the request was completed or refused"},
    )
    reason = forms.CharField(
        label="Reason for refusing (if refused)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reason you gave the person, with their right to complain to the ICO.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("outcome") == RequestStatus.REFUSED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Enter why the request was refused")
        return cleaned
