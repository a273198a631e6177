"""The housing needs form: what a place to stay must offer the person. Saving adds a new
record (placement_actions.record_housing_needs); the form starts from the latest one the user
may see."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from waypost.housing.models import HousingNeeds, SupportLevel
from waypost.people.models import Person

YES, NO = "yes", "no"
# Each of these is a BooleanField of HousingNeeds, asked as one group of checkboxes.
NEEDS = [
    ("pet", "They have a dog or other pet"),
    ("step_free", "They need step-free access"),
    ("wheelchair", "They use a wheelchair"),
    ("harm_reduction", "They use drugs or alcohol and need a harm reduction place"),
    ("avoid_city_centre", "They need to stay away from the city centre"),
]
SUPPORT_CHOICES = [
    (SupportLevel.NONE, "None needed"),
    (SupportLevel.LOW, "Low: visiting support"),
    (SupportLevel.MEDIUM, "Medium: staff on site by day"),
    (SupportLevel.HIGH, "High: staff on site day and night"),
]


def person_label(person: Person) -> str:
    born = person.birth_date_display()
    return f"{person.display_name}, born {born}" if person.birth_date else person.display_name


class NeedsForm(forms.Form):
    couple = forms.ChoiceField(
        label="Do they need a place with their partner?",
        choices=[(YES, "Yes, they are a couple"), (NO, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they need a place with their partner"},
    )
    partner_search = forms.CharField(
        label="Find their partner’s record (optional)",
        help_text="Their name, date of birth or an id such as an NHS number",
        required=False,
        max_length=200,
    )
    partner = forms.ChoiceField(
        label="Their partner",
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose their partner from the people found, or ‘None of these’"
        },
    )
    needs = forms.MultipleChoiceField(
        label="Does any of this apply to them?",
        help_text="Select all that apply",
        choices=NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    support_level = forms.ChoiceField(
        label="What support do they need where they stay?",
        choices=SUPPORT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the support they need where they stay"},
    )
    notes = forms.CharField(
        label="Anything else a place must offer (optional)",
        help_text="Do not add health details here: they belong in the health section",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        candidates: dict[str, Person],
        latest: HousingNeeds | None = None,
        latest_partner: Person | None = None,
        checking: bool = True,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {"support_level": SupportLevel.NONE}
        if latest is not None:
            initial = {
                "couple": YES if latest.couple else NO,
                "partner": str(latest_partner.pk) if latest_partner else "",
                "needs": [name for name, _ in NEEDS if getattr(latest, name)],
                "support_level": latest.support_level,
                "notes": latest.notes,
            }
        super().__init__(data, initial=initial, **kwargs)
        self.checking = checking
        self.candidates = candidates
        self.fields["partner"].choices = [  # type: ignore[attr-defined]
            (key, person_label(person)) for key, person in candidates.items()
        ] + [("", "None of these, or not on Waypost")]

    def full_clean(self) -> None:
        if not self.checking:
            # After "Find": keep what was typed, judge nothing (the form is not being sent).
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean_partner(self) -> Person | None:
        value = self.cleaned_data.get("partner") or ""
        return self.candidates.get(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("partner") is not None and data.get("couple") == NO:
            self.add_error(
                "partner",
                ValidationError(
                    "Choose ‘Yes, they are a couple’ to record their partner, or choose ‘None of "
                    "these’"
                ),
            )
        return data

    def action_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["needs"])
        return {
            "couple": data["couple"] == YES,
            "partner": data["partner"] if data["couple"] == YES else None,
            **{name: name in chosen for name, _ in NEEDS},
            "support_level": data["support_level"],
            "notes": data["notes"].strip(),
        }
