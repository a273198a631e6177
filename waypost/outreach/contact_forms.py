"""The street contact form: one page, quick on a phone at night. Errors say what is wrong and
how to fix it; the rules themselves are in contact_actions.contact_problems (the API shows the
same words)."""

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.outreach.contact_actions import (
    DESCRIPTION_MAX,
    LOCATION_PROBLEM,
    NO_PERSON,
    NOTES_MAX,
    contact_problems,
    coordinates,
)
from waypost.outreach.models import Activity, Offer, Place, PlaceKind
from waypost.people.forms import GovukDateField
from waypost.people.models import Person

KNOWN = "known"
UNIDENTIFIED = "unidentified"
BEDDED_DOWN_HINT = (
    "Seen sleeping, or bedded down about to sleep, in the open air (on the street, in a "
    "doorway, park or bus shelter) or somewhere not designed for people to live in (a car "
    "park, stairwell, tent, car or derelict building). Sitting or begging in the street is "
    "not bedded down."
)
# The form's fields for each of contact_problems' keys.
PROBLEM_FIELDS = {
    "description": "description",
    "place": "place",
    "contacted_at": "contacted_time",
    "activities": "activities",
    "offered": "offered",
    "accepted": "accepted",
    "notes": "notes",
    "latitude": None,
}


def _checkboxes(label: str, choices: Any, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )


def place_choices(places: Sequence[Place], *, with_partnership: bool) -> list[Any]:
    """The place select: hotspots first, then named places, each by name."""

    def label(place: Place) -> str:
        text = f"{place.name} ({place.area})" if place.area else place.name
        return f"{text}, {place.partnership.name}" if with_partnership else text

    groups = []
    for kind, heading in ((PlaceKind.HOTSPOT, "Hotspots"), (PlaceKind.PLACE, "Named places")):
        options = [(str(p.pk), label(p)) for p in places if p.kind == kind]
        if options:
            groups.append((heading, sorted(options, key=lambda o: o[1].lower())))
    return [("", "Not at a place on this list"), *groups]


def parse_time(value: str) -> time | None:
    """A time as staff type it: 23:30, 2330, 23.30, 9:15, 11pm or 11:30pm."""
    text = value.strip().lower().replace(" ", "").replace(".", ":")
    suffix = ""
    if text.endswith(("am", "pm")):
        text, suffix = text[:-2], text[-2:]
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    elif text.isdigit() and suffix:
        text = f"{text}:00"
    try:
        parsed = datetime.strptime(text, "%H:%M").time()
    except ValueError:
        return None
    if suffix:
        if not 1 <= parsed.hour <= 12:
            return None
        hour = parsed.hour % 12 + (12 if suffix == "pm" else 0)
        parsed = parsed.replace(hour=hour)
    return parsed


class ContactForm(forms.Form):
    """Who, where, when, bedded down or not, what they were doing, what was offered and
    accepted. `lookup_person(id)` answers the person with that id when the user may record a
    contact with them (else None); `checking=False` keeps what was typed without judging it
    (after "Find", before the form is sent)."""

    agency = forms.ModelChoiceField(
        label="Record for",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency you are working for",
        error_messages={"required": "Choose the agency you are recording this for"},
    )
    who = forms.ChoiceField(
        label="Who did you meet?",
        choices=[(KNOWN, "Someone we know"), (UNIDENTIFIED, "Not identified yet")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose “Someone we know” or “Not identified yet”"},
    )
    person_search = forms.CharField(
        label="Find them by name",
        help_text="A name they use, a date of birth or an identifier, like Mick Smith",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    person = forms.CharField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label="Describe them",
        help_text="What would help someone recognise them: appearance, clothes, a name they "
        "gave, a dog, where they are from",
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"The description must be {DESCRIPTION_MAX:,} characters or fewer"
        },
    )
    place = forms.ChoiceField(
        label="Place",
        help_text="Hotspots first. If the place is not listed, use your location or say where "
        "below.",
        required=False,
        error_messages={"invalid_choice": "Choose a place from the list"},
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    location_detail = forms.CharField(
        label="Where exactly? (optional)",
        help_text="For example, the doorway of the bank, or the stairwell of the car park",
        max_length=200,
        required=False,
        error_messages={"max_length": "Where exactly must be 200 characters or fewer"},
    )
    contacted_on = GovukDateField(
        what="the date you met them",
        label="Date",
        help_text="Today, unless you are recording it later. For example, 27 3 2026",
    )
    contacted_time = forms.CharField(
        label="Time",
        help_text="Now, unless you are recording it later. In 24-hour time, like 23:30",
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": "Enter the time you met them, like 23:30"},
    )
    bedded_down = forms.TypedChoiceField(
        label="Were they bedded down?",
        help_text=BEDDED_DOWN_HINT,
        choices=[("yes", "Yes, bedded down"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they were bedded down"},
    )
    activities = _checkboxes(
        "What were they doing? (optional)",
        Activity.choices,
        "Tick all that apply. This helps with tasking; it is not recorded as blame.",
    )
    offered = _checkboxes("What did you offer? (optional)", Offer.choices, "Tick all you offered")
    accepted = _checkboxes(
        "What did they accept? (optional)", Offer.choices, "Only what you offered"
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="Anything the team should know next time",
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The notes must be {NOTES_MAX:,} characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        agencies: Sequence[Agency],
        places: Sequence[Place],
        lookup_person: Callable[[UUID], Person | None],
        checking: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.checking = checking
        self.lookup_person = lookup_person
        self.only_agency = agencies[0] if len(agencies) == 1 else None
        if self.only_agency:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                pk__in=[a.pk for a in agencies]
            )
        several = len({a.partnership_id for a in agencies}) > 1
        self.places = {str(p.pk): p for p in places}
        self.fields["place"].choices = place_choices(places, with_partnership=several)  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        if not self.checking:
            # Keep what was typed, judge nothing: the form is not being sent yet.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean_contacted_time(self) -> time | None:
        parsed = parse_time(self.cleaned_data["contacted_time"])
        if parsed is None:
            raise ValidationError("Enter the time in 24-hour time, like 23:30")
        return parsed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency: Agency | None = self.only_agency or data.get("agency")
        data["agency"] = agency
        person = self._person(data)
        data["person_record"] = person
        place = self.places.get(data.get("place") or "")
        data["place_record"] = place
        located = coordinates(data.get("latitude"), data.get("longitude"))
        if located is None:
            self.add_error(None, LOCATION_PROBLEM)
            located = (None, None)
        data["latitude"], data["longitude"] = located
        contacted_at = self._contacted_at(data)
        data["contacted_at"] = contacted_at
        if agency is not None:
            if person is not None and person.partnership_id != agency.partnership_id:
                self.add_error("person_search", "Choose someone in the partnership you record for")
            if place is not None and place.partnership_id != agency.partnership_id:
                self.add_error("place", "Choose a place in the partnership you record for")
        unidentified = data.get("who") == UNIDENTIFIED
        problems = contact_problems(
            person=person,
            description=data.get("description", "") if unidentified else "",
            place=place,
            latitude=data["latitude"],
            location_detail=data.get("location_detail", ""),
            contacted_at=contacted_at,
            activities=data.get("activities", []),
            offered=data.get("offered", []),
            accepted=data.get("accepted", []),
        )
        if not unidentified:
            # Someone known needs no description; a missing person is already an error.
            problems.pop("description", None)
        for key, message in problems.items():
            name = PROBLEM_FIELDS.get(key)
            if name is None or not self.has_error(name):
                self.add_error(name, message)
        return data

    def _person(self, data: dict[str, Any]) -> Person | None:
        if data.get("who") != KNOWN:
            return None
        raw = (data.get("person") or "").strip()
        person = None
        if raw:
            try:
                person = self.lookup_person(UUID(raw))
            except ValueError:
                person = None
        if person is None:
            self.add_error("person_search", NO_PERSON)
        return person

    @staticmethod
    def initial_time() -> dict[str, Any]:
        """Now, in Europe/London, to the minute: what the form starts with."""
        now = timezone.localtime()
        return {"contacted_on": now.date(), "contacted_time": now.strftime("%H:%M")}

    def _contacted_at(self, data: dict[str, Any]) -> datetime | None:
        day: date | None = data.get("contacted_on")
        at: time | None = data.get("contacted_time")
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at))

    def action_fields(self) -> dict[str, Any]:
        """The keyword arguments of contact_actions.record_street_contact."""
        data = self.cleaned_data
        known = data["who"] == KNOWN
        return {
            "agency": data["agency"],
            "person": data["person_record"] if known else None,
            "description": "" if known else data["description"],
            "contacted_at": data["contacted_at"],
            "place": data["place_record"],
            "location_detail": data["location_detail"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "bedded_down": data["bedded_down"],
            "activities": data["activities"],
            "offered": data["offered"],
            "accepted": data["accepted"],
            "notes": data["notes"],
        }

    def add_action_errors(self, error: ValidationError) -> None:
        """Errors the action found (a race the form could not see), on the right fields."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.message_dict.items():
            name = PROBLEM_FIELDS.get(key)
            for message in errors:
                self.add_error(name if name in self.fields else None, message)


class FindPersonForm(forms.Form):
    """Identifying a contact: find the person's record as the people search does."""

    q = forms.CharField(
        label="Search by name, date of birth or identifier",
        help_text="For example Jo Bloggs, 1 3 1980, or an NHS number",
        max_length=200,
        error_messages={"required": "Enter a name, date of birth or identifier to search for"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
