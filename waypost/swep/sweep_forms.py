"""Forms of the SWEP sweep: the list's night and filter, what happened with one person
(and the bed they accepted), and someone found who was not known before. Quick on a phone at
night; errors say what is wrong and how to fix it."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.housing.suitability import Fit
from waypost.outreach.contact_forms import BEDDED_DOWN_HINT, place_choices
from waypost.outreach.models import Place
from waypost.people.actions import birth_date_from
from waypost.people.forms import GenderFields, NameFields
from waypost.people.models import BirthDatePrecision
from waypost.swep.models import SweepOutcome
from waypost.swep.sweep_access import SHOW_ALL, SHOW_CHOICES, Beds, night_label
from waypost.swep.sweep_actions import NEEDS_REASON, REASON_MAX, Found

if TYPE_CHECKING:
    from waypost.people.matching import MatchQuery

NO_BED = "Choose the bed they accepted"
NO_PLACE = "Choose a place, or say where exactly you found them"
BED_TAKEN = "That bed is no longer free. Choose another bed"
NO_BEDS_FREE = (
    "There is no free bed that suits them. Record “Offered a bed, not yet decided” and ask "
    "the coordinator to find one"
)


def night_choices(nights: Sequence[date]) -> list[tuple[str, str]]:
    """The activation's nights, latest first."""
    return [(n.isoformat(), night_label(n)) for n in reversed(nights)]


def bed_label(fit: Fit) -> str:
    return f"{fit.unit.label} at {fit.unit.scheme.name}"


def bed_hint(fit: Fit) -> str:
    parts = [*fit.reasons, *(f"But: {c}" for c in fit.cautions)]
    return ". ".join(parts)


class NightField(forms.TypedChoiceField):
    def __init__(self, nights: Sequence[date], **kwargs: Any) -> None:
        super().__init__(
            choices=night_choices(nights),
            coerce=date.fromisoformat,
            error_messages={
                "required": "Choose the night",
                "invalid_choice": "Choose one of the nights SWEP was on",
            },
            **kwargs,
        )


class SweepFilterForm(forms.Form):
    """The list's night and filter, from the query string (never anything personal)."""

    night = forms.CharField(required=False)
    show = forms.ChoiceField(
        label="Show",
        choices=SHOW_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, nights: Sequence[date], default: date | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.nights = list(nights)
        self.default = default
        self.fields["night"] = NightField(nights, label="Night", required=False)

    def chosen(self) -> tuple[date | None, str]:
        """The night and filter asked for; the defaults for anything missing or not valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return (data.get("night") or self.default), (data.get("show") or SHOW_ALL)


OUTCOME_CHOICES = [
    (SweepOutcome.OFFERED, "Offered a bed, not yet decided"),
    (SweepOutcome.ACCEPTED, "Accepted a bed"),
    (SweepOutcome.DECLINED, "Declined a bed"),
    (SweepOutcome.NOT_FOUND, "Not found"),
]


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Why did they decline?",
        help_text="Needed when they declined. In their words if you can: it helps plan beds "
        "they would accept",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The reason must be {REASON_MAX:,} characters or fewer"},
    )


class SweepOutcomeForm(forms.Form):
    """What happened with one person on one night; for "accepted", the bed."""

    night = forms.CharField()  # replaced in __init__ by the activation's nights
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    declined_reason = _reason_field()
    bed = forms.ChoiceField(
        label="Which bed did they accept?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": BED_TAKEN},
    )

    def __init__(self, *args: Any, nights: Sequence[date], beds: Beds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.beds = beds
        self.fields["night"] = NightField(nights, label="Night")
        self.fields["bed"].choices = [(str(f.unit.pk), bed_label(f)) for f in beds.all]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == SweepOutcome.DECLINED and not data.get("declined_reason", "").strip():
            self.add_error("declined_reason", NEEDS_REASON)
        if outcome == SweepOutcome.ACCEPTED and not self.has_error("bed"):
            if not self.beds.all:
                self.add_error("bed", NO_BEDS_FREE)
            elif not data.get("bed"):
                self.add_error("bed", NO_BED)
        if outcome == SweepOutcome.ACCEPTED and data.get("bed"):
            data["fit"] = self.beds.find(data["bed"])
        return data

    def bed_options(self) -> list[dict[str, Any]]:
        """Radios for the beds, in two groups, with why each suits (for the template)."""
        chosen = self["bed"].value()
        groups = []
        counter = 0  # ids id_bed_0, id_bed_1...: the error summary links to the first
        for heading, fits in (
            ("Severe weather beds", self.beds.swep),
            ("Other emergency beds", self.beds.other),
        ):
            options = []
            for fit in fits:
                options.append(
                    {
                        "id": f"id_bed_{counter}",
                        "value": str(fit.unit.pk),
                        "label": bed_label(fit),
                        "hint": bed_hint(fit),
                        "checked": chosen == str(fit.unit.pk),
                    }
                )
                counter += 1
            if options:
                groups.append({"heading": heading, "options": options})
        return groups

    def add_action_errors(self, error: ValidationError) -> None:
        """Errors the action found (the bed just taken, SWEP ended), kept beside what was
        typed."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


# --- Someone found who was not known ---------------------------------------------------------

NEW_OUTCOME_CHOICES = [
    (SweepOutcome.OFFERED, "Offered a bed, not yet decided"),
    (SweepOutcome.ACCEPTED, "Accepted a bed: you choose the bed next"),
    (SweepOutcome.DECLINED, "Declined a bed"),
]


class SweepNewPersonForm(NameFields, GenderFields):
    """Someone found on the sweep: the name they gave, gender and approximate age (to look
    for an existing record and to choose a bed that suits), where they were and whether
    bedded down, and what they said to a bed."""

    estimated_age = forms.IntegerField(
        label="Approximate age (optional)",
        help_text="Your best guess, in years",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter their approximate age as a number, like 40",
            "min_value": "Their approximate age must be 0 or more",
            "max_value": "Their approximate age must be 120 or less",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What would help someone recognise them: appearance, clothes, a dog",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The description must be 1,000 characters or fewer"},
    )
    bedded_down = forms.TypedChoiceField(
        label="Were they bedded down?",
        help_text=BEDDED_DOWN_HINT,
        choices=[("yes", "Yes, bedded down"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they were bedded down"},
    )
    place = forms.ChoiceField(
        label="Where were they?",
        help_text="Hotspots first. If the place is not listed, say where below",
        required=False,
        error_messages={"invalid_choice": "Choose a place from the list"},
    )
    location_detail = forms.CharField(
        label="Where exactly? (optional)",
        help_text="For example, the doorway of the bank",
        max_length=200,
        required=False,
        error_messages={"max_length": "Where exactly must be 200 characters or fewer"},
    )
    night = forms.CharField()
    outcome = forms.ChoiceField(
        label="What did they say to a bed?",
        choices=NEW_OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they said to a bed"},
    )
    declined_reason = _reason_field()
    agency = forms.ModelChoiceField(
        label="Record for",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency you are working for",
        error_messages={"required": "Choose the agency you are recording this for"},
    )

    field_order = [
        "agency",
        "preferred_name",
        "given_name",
        "family_name",
        "gender",
        "gender_self_description",
        "estimated_age",
        "description",
        "bedded_down",
        "place",
        "location_detail",
        "night",
        "outcome",
        "declined_reason",
    ]

    def __init__(
        self,
        *args: Any,
        agencies: Sequence[Agency],
        places: Sequence[Place],
        nights: Sequence[date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["night"] = NightField(nights, label="Night")
        self.order_fields(self.field_order)
        self.only_agency = agencies[0] if len(agencies) == 1 else None
        if self.only_agency:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                pk__in=[a.pk for a in agencies]
            )
        self.places = {str(p.pk): p for p in places}
        self.fields["place"].choices = place_choices(places, with_partnership=False)  # type: ignore[attr-defined]
        self.fields[
            "preferred_name"
        ].help_text = "A nickname or the name they gave, if they would not give their full name"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_agency:
            data["agency"] = self.only_agency
        data["place_record"] = self.places.get(data.get("place") or "")
        if data["place_record"] is None and not data.get("location_detail", "").strip():
            if not self.has_error("place"):
                self.add_error("place", NO_PLACE)
        if (
            data.get("outcome") == SweepOutcome.DECLINED
            and not data.get("declined_reason", "").strip()
        ):
            self.add_error("declined_reason", NEEDS_REASON)
        return data

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "preferred_name": data["preferred_name"].strip(),
            "given_name": data["given_name"].strip(),
            "family_name": data["family_name"].strip(),
            "gender": data["gender"],
            "gender_self_description": data["gender_self_description"].strip(),
        }
        age = data.get("estimated_age")
        if age is not None:
            today = timezone.localdate()
            fields.update(
                birth_date_precision=BirthDatePrecision.ESTIMATED,
                estimated_age_years=age,
                estimated_on=today,
                birth_date=birth_date_from(
                    BirthDatePrecision.ESTIMATED, estimated_age=age, estimated_on=today
                ),
            )
        return fields

    def identifiers(self) -> dict[str, str]:
        return {}

    def match_query(self) -> "MatchQuery":
        from waypost.people.matching import MatchQuery

        return MatchQuery.for_new_person(self.person_fields(), {})

    def found(self) -> Found:
        data = self.cleaned_data
        return Found(
            bedded_down=data["bedded_down"],
            place=data["place_record"],
            location_detail=data["location_detail"].strip(),
            description=data["description"].strip(),
        )
