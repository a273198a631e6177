"""Forms for alerts: the public alert form and status lookup, outreach's visit and forward
forms, and the partnership admin's area form. Errors say what is wrong and how to fix it."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.people.forms import GovukDateField
from waypost.referrals.models import (
    AgeRange,
    Alert,
    AlerterType,
    AreaPostcodeDistrict,
    HowOften,
    Outcome,
    SeenGender,
    TimeOfDay,
    format_reference,
    normalise_reference,
)
from waypost.referrals.routing import (
    district_problem,
    normalise_district,
    normalise_place,
    postcode_problem,
)

LOCATION_PROBLEM = (
    "We could not use your device’s location. Select “Use my location” again, or leave it "
    "out: the description of the place is enough."
)


def _text(label: str, *, max_length: int, what: str, required: bool = False, **kw: Any) -> Any:
    """A text box whose errors say what to enter and how long it may be."""
    messages = {"max_length": f"{what} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = f"Enter {what[0].lower()}{what[1:]}"
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=messages, **kw
    )


def _radios(label: str, choices: Any, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class AlertForm(forms.Form):
    """What StreetLink asks: where, when, what they look like, who is alerting."""

    # Where
    street = _text("Street or road (optional)", max_length=200, what="The street")
    building = _text(
        "Building or landmark (optional)",
        max_length=200,
        what="The building or landmark",
        help_text="For example, a shop, church, car park or bus station",
    )
    postcode = _text(
        "Postcode (optional)",
        max_length=10,
        what="The postcode",
        help_text="If you know it, or the first half of it, like CV1",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    town = _text(
        "Town, city or area",
        max_length=100,
        what="The town, city or area",
        help_text="For example, Coventry city centre or Earlsdon",
    )
    location_description = _text(
        "Describe exactly where they sleep",
        max_length=2000,
        what="The description of where they sleep",
        required=True,
        help_text="For example, “in the doorway of the bank opposite the bus station”. "
        "Outreach teams often look at night, so details help them find the right place.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)

    # When
    seen_on = GovukDateField(
        what="the date you last saw them there",
        label="When did you last see them there?",
        help_text="For example, 27 3 2026",
    )
    seen_time = _radios(
        "What time of day was it?", TimeOfDay.choices, "Choose the time of day, or Not sure"
    )
    how_often = _radios(
        "How often do you see them there?",
        HowOften.choices,
        "Choose how often you see them there, or Not sure",
    )

    # Who
    appearance = _text(
        "What do they look like?",
        max_length=1000,
        what="The description of the person",
        required=True,
        help_text="For example, their clothes, hair and build, and belongings such as the "
        "colour of their sleeping bag",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    age_range = _radios(
        "How old do they look?", AgeRange.choices, "Choose how old they look, or Not sure"
    )
    gender = _radios("Their gender", SeenGender.choices, "Choose their gender, or Not sure")
    name_if_known = _text("Their name, if you know it (optional)", max_length=200, what="Name")
    concerns = _text(
        "Is there anything the outreach team should be aware of? (optional)",
        max_length=2000,
        what="What the team should be aware of",
        help_text="For example, if they seemed unwell, have a dog, or you are worried about "
        "their safety",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    # About the alerter
    alerter_type = _radios("Who are you?", AlerterType.choices, "Choose who you are")
    wants_feedback = forms.BooleanField(
        label="Email me an update about what happens", required=False
    )
    alerter_email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        max_length=254,
        help_text="Only if you want an update. We use it for nothing else, and delete it once "
        "we have sent the update.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        problem = postcode_problem(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_seen_on(self) -> date | None:
        value: date | None = self.cleaned_data["seen_on"]
        if value and value > timezone.localdate():
            raise ValidationError("The date you last saw them must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_error("postcode") and not (
            data.get("postcode", "").strip() or data.get("town", "").strip()
        ):
            self.add_error("town", "Enter the town, city or area, or the postcode")
        if data.get("wants_feedback") and not data.get("alerter_email"):
            if not self.has_error("alerter_email"):
                self.add_error(
                    "alerter_email",
                    "Enter your email address to get an update, or untick “Email me an update”",
                )
        elif data.get("alerter_email") and not data.get("wants_feedback"):
            self.add_error(
                "wants_feedback",
                "Tick “Email me an update” if you want one, or delete your email address",
            )
        data["latitude"], data["longitude"] = self._location(data)
        return data

    def _location(self, data: dict[str, Any]) -> tuple[Decimal | None, Decimal | None]:
        raw_lat, raw_lon = data.get("latitude", ""), data.get("longitude", "")
        if not raw_lat and not raw_lon:
            return None, None
        try:
            lat = round(Decimal(raw_lat), 5)
            lon = round(Decimal(raw_lon), 5)
        except (InvalidOperation, ValueError):
            lat = lon = None
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.add_error(None, LOCATION_PROBLEM)
            return None, None
        return lat, lon

    def alert_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        text = (
            "street",
            "building",
            "postcode",
            "town",
            "location_description",
            "appearance",
            "name_if_known",
            "concerns",
        )
        return {
            **{name: data[name].strip() for name in text},
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "seen_on": data["seen_on"],
            "seen_time": data["seen_time"],
            "how_often": data["how_often"],
            "age_range": data["age_range"],
            "gender": data["gender"],
            "alerter_type": data["alerter_type"],
            "alerter_email": data["alerter_email"],
            "wants_feedback": data["wants_feedback"],
        }


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label="Alert reference",
        help_text="10 letters and numbers, like ABCDE-12345. It is on the page you saw after "
        "sending the alert.",
        max_length=30,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the alert reference"},
    )

    def clean_reference(self) -> str:
        reference = normalise_reference(self.cleaned_data["reference"])
        if len(reference) != 10:
            raise ValidationError(
                "An alert reference is 10 letters and numbers, like ABCDE-12345: check it"
            )
        if not Alert.objects.filter(reference=reference).exists():
            raise ValidationError(
                f"We could not find an alert with the reference {format_reference(reference)}. "
                "Check it and try again."
            )
        return reference


class VisitForm(forms.Form):
    """Outreach's verification visit."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    visited_on = GovukDateField(
        what="the date of the visit", label="Date of the visit", help_text="For example, 27 3 2026"
    )
    visited_time = forms.CharField(
        label="Time of the visit (optional)",
        help_text="In 24-hour time, like 23:30",
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    outcome = _radios("Outcome", Outcome.choices, "Choose the outcome of the visit")
    notes = _text(
        "Notes for the team (optional)",
        max_length=4000,
        what="The notes",
        help_text="Not sent to the person who made the alert",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    duplicates = forms.MultipleChoiceField(
        label="Record the same outcome for these likely duplicate alerts",
        help_text="Alerts about the same place and person, sent close together. Untick any "
        "that are about someone else.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "An alert you chose is not a likely duplicate of this alert any "
            "more (it may have been verified meanwhile). Check the list and save again."
        },
    )

    def __init__(self, *args: Any, duplicates: list[Alert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate_alerts = {str(a.pk): a for a in duplicates}
        if duplicates:
            self.fields["duplicates"].choices = [
                (str(a.pk), _duplicate_label(a)) for a in duplicates
            ]
        else:
            del self.fields["duplicates"]

    def clean_visited_on(self) -> date | None:
        value: date | None = self.cleaned_data["visited_on"]
        if value is None:
            raise ValidationError("Enter the date of the visit")
        if value > timezone.localdate():
            raise ValidationError("The date of the visit must be today or in the past")
        return value

    def clean_visited_time(self) -> time | None:
        value = self.cleaned_data["visited_time"].strip().replace(".", ":")
        if not value:
            return None
        try:
            return datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise ValidationError("Enter the time in 24-hour time, like 23:30") from None

    def visited_at(self) -> datetime:
        data = self.cleaned_data
        when = datetime.combine(data["visited_on"], data["visited_time"] or time(12, 0))
        return timezone.make_aware(when)

    def chosen_duplicates(self) -> list[Alert]:
        return [self.duplicate_alerts[pk] for pk in self.cleaned_data.get("duplicates", [])]


def _duplicate_label(alert: Alert) -> str:
    received = timezone.localtime(alert.received_at).strftime("%-d %b %Y %H:%M")
    description = alert.location_description[:80]
    return f"{alert.display_reference}, received {received}: {alert.place_summary}. {description}"


class ForwardForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership in Waypost",
        help_text="The partnership whose outreach team covers the place",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="Choose a partnership",
    )
    forwarded_to = _text(
        "Or a service outside Waypost",
        max_length=200,
        what="The service",
        help_text="Only if no partnership in Waypost covers the place: who you passed the "
        "alert to, like “StreetLink, for Leicester”. The person who sent the alert is told "
        "it was passed on.",
    )

    def __init__(self, *args: Any, current: Partnership | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Partnership.objects.order_by("name")
        if current is not None:
            queryset = queryset.exclude(pk=current.pk)
        self.fields["partnership"].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        partnership, outside = data.get("partnership"), data.get("forwarded_to", "").strip()
        if partnership is None and not outside:
            self.add_error(
                "partnership", "Choose a partnership, or enter the service outside Waypost"
            )
        elif partnership is not None and outside:
            self.add_error(
                "forwarded_to",
                "Choose a partnership or enter a service outside Waypost, not both",
            )
        return data


class AreaForm(forms.Form):
    districts = forms.CharField(
        label="Postcode districts",
        help_text="The first half of each postcode, separated by commas or on separate lines, "
        "like CV1, CV2",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        error_messages={"max_length": "Enter 5,000 characters or fewer"},
    )
    places = forms.CharField(
        label="Named places",
        help_text="Towns, suburbs and neighbourhoods, one on each line, for alerts that give a "
        "place but no postcode",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": "Enter 10,000 characters or fewer"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_districts(self) -> list[str]:
        raw = self.cleaned_data["districts"].replace(",", "\n").splitlines()
        entries = [entry.strip() for entry in raw if entry.strip()]
        problems = [p for p in (district_problem(e) for e in entries) if p]
        if problems:
            raise ValidationError(problems[:5])
        districts = sorted({normalise_district(e) for e in entries})
        taken = (
            AreaPostcodeDistrict.objects.filter(district__in=districts)
            .exclude(partnership=self.partnership)
            .select_related("partnership")
        )
        clashes = [
            f"{row.district} is already in {row.partnership.name}’s area: remove it there "
            "first, or leave it out here"
            for row in taken
        ]
        if clashes:
            raise ValidationError(clashes[:5])
        return districts

    def clean_places(self) -> list[str]:
        places = [line.strip() for line in self.cleaned_data["places"].splitlines()]
        too_long = [p for p in places if len(p) > 100]
        if too_long:
            raise ValidationError(f"“{too_long[0][:40]}…” is too long: 100 characters at most")
        return [p for p in places if normalise_place(p)]
