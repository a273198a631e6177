"""Forms for keeping the directory: a service (details, who it is for, categories, where,
contacts; its opening hours are in manage_hours_forms), a place, a closure, an area and an
organisation.

Errors say what is wrong and how to fix it; a refused save shows everything as it was typed.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from waypost.accounts.models import Agency, Partnership
from waypost.directory.manage_actions import (
    SERVICE_FIELDS,
    ContactDetails,
    PlaceDetails,
    ServiceDetails,
)
from waypost.directory.models import (
    Access,
    Area,
    GenderServed,
    Location,
    Organization,
    Service,
    ServiceStatus,
)
from waypost.directory.terms import CATEGORIES, CATEGORY_TAXONOMY, taxonomy_id
from waypost.people.forms import GovukDateField
from waypost.referrals.routing import normalise_postcode, postcode_problem

YES_NO = [("yes", "Yes"), ("no", "No")]
NEW_PLACE = "new"


def _yes_no(label: str, what: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose whether {what}"},
    )


def _as_yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _text(
    label: str,
    what: str,
    max_length: int,
    *,
    required: bool = False,
    rows: int = 0,
    **kwargs: Any,
) -> forms.CharField:
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def _email(label: str, help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


def _age(label: str, what: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": f"Enter {what} as a whole number, like 18",
            "min_value": f"Enter {what} of 0 or more",
            "max_value": f"Enter {what} of 120 or less",
        },
    )


# --- A service ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryGroup:
    """A top-level category and the categories under it, for the grouped checkboxes."""

    code: str
    name: str
    description: str
    children: tuple[tuple[str, str], ...]


def category_groups() -> list[CategoryGroup]:
    groups = []
    for term in CATEGORIES:
        if term.parent:
            continue
        children = tuple((t.code, t.name) for t in CATEGORIES if t.parent == term.code)
        groups.append(CategoryGroup(term.code, term.name, term.description, children))
    return groups


CATEGORY_CHOICES = [(t.code, t.name) for t in CATEGORIES]


class ServiceForm(forms.Form):
    """What a service is, who it is for, what it helps with, where, and how to reach it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Details
    name = _text(
        "Name", "the service's name", 200, required=True, help_text="Like Harnall Lane day centre"
    )
    description = _text(
        "What it does",
        "what it does",
        5000,
        required=True,
        rows=4,
        help_text="In plain English, for someone who has never heard of it",
    )
    status = forms.ChoiceField(
        label="Is it running?",
        choices=ServiceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the service is running"},
    )
    alert = _text(
        "Notice (optional)",
        "the notice",
        500,
        rows=2,
        help_text="A short notice shown at the top, like “No lunch on Friday 3 May”",
    )
    application_process = _text(
        "How to get in (optional)",
        "how to get in",
        2000,
        rows=3,
        help_text="What someone does to use it: just turn up, ring first, bring ID…",
    )
    fees_description = _text(
        "Cost (optional)",
        "the cost",
        500,
        help_text="Leave empty if it is free",
    )
    languages = _text(
        "Languages spoken (optional)",
        "the languages",
        500,
        help_text="Separate them with commas, like English, Polish, Arabic",
    )
    url = _text("Website (optional)", "the website", 500, help_text="Like https://example.org")
    # Who it is for
    gender = forms.ChoiceField(
        label="Who is it for?",
        choices=GenderServed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is for anyone, women only or men only"},
    )
    minimum_age = _age("Youngest age (optional)", "the youngest age", "Leave empty for no limit")
    maximum_age = _age(
        "Oldest age (optional)",
        "the oldest age",
        "For example 24 for an under 25s service. Leave empty for no limit.",
    )
    accepts_no_recourse = _yes_no(
        "Does it help people with no recourse to public funds?",
        "it helps people with no recourse to public funds",
    )
    needs_local_connection = _yes_no(
        "Does someone need a local connection to use it?",
        "someone needs a local connection",
    )
    access = forms.ChoiceField(
        label="How do people get in?",
        choices=Access.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how people get in"},
    )
    eligibility_description = _text(
        "Anything else about who it is for (optional)", "who it is for", 1000, rows=2
    )
    # Categories
    categories = forms.MultipleChoiceField(
        label="What does it help with?",
        choices=CATEGORY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply. People search by these.",
        error_messages={
            "required": "Choose at least one thing the service helps with",
            "invalid_choice": "Choose from the list",
        },
    )
    # Where
    places = forms.MultipleChoiceField(
        label="Where is it given?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each place. Tick none for a phone or online service.",
        error_messages={"invalid_choice": "Choose from the organisation's places"},
    )
    # Contact
    phone = _text(
        "Phone number for the public (optional)",
        "the phone number",
        50,
        help_text="Like 024 7696 0123",
    )
    email = _email("Email address for the public (optional)")
    referral_route = _text(
        "How professionals refer (optional)",
        "how professionals refer",
        3000,
        rows=4,
        help_text="Only staff signed in to Waypost see this: the form, the secure email "
        "address, who to ask for. Name no one who uses the service.",
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        service: Service | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        places = Location.objects.filter(organization=organization)
        if service is not None:
            places = Location.objects.filter(
                Q(organization=organization) | Q(services_here__service=service)
            ).distinct()
        self.place_list = list(places.prefetch_related("addresses").order_by("name", "pk"))
        self.fields["places"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), _place_label(p)) for p in self.place_list
        ] + [(NEW_PLACE, "Somewhere new")]

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {
            "status": ServiceStatus.ACTIVE,
            "gender": GenderServed.ANYONE,
            "access": Access.WALK_IN,
            "accepts_no_recourse": "no",
            "needs_local_connection": "no",
        }

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        ours = taxonomy_id(CATEGORY_TAXONOMY)
        phone = next(iter(service.phones.all()), None)
        return {
            "version": service.version,
            # The yes/no pair is shown as radios: set just below.
            **{key: getattr(service, key) for key in SERVICE_FIELDS},
            "accepts_no_recourse": _as_yes_no(service.accepts_no_recourse),
            "needs_local_connection": _as_yes_no(service.needs_local_connection),
            "languages": ", ".join(lang.name for lang in service.languages.all() if lang.name),
            "categories": [
                a.taxonomy_term.code
                for a in service.attributes.all()
                if a.taxonomy_term.taxonomy_id == ours
            ],
            "places": [str(sal.location_id) for sal in service.at_locations.all()],
            "phone": phone.number if phone else "",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error(
                "maximum_age", "The oldest age must be the same as or above the youngest"
            )
        return data

    @property
    def wants_new_place(self) -> bool:
        return NEW_PLACE in (self.data.getlist(self.add_prefix("places")) if self.data else [])

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        languages = [part.strip() for part in data["languages"].split(",") if part.strip()]
        return ServiceDetails(
            name=data["name"],
            description=data["description"],
            status=data["status"],
            alert=data["alert"],
            application_process=data["application_process"],
            fees_description=data["fees_description"],
            url=data["url"],
            email=data["email"],
            phone=data["phone"],
            referral_route=data["referral_route"],
            gender=data["gender"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            accepts_no_recourse=data["accepts_no_recourse"],
            needs_local_connection=data["needs_local_connection"],
            access=data["access"],
            eligibility_description=data["eligibility_description"],
            categories=list(data["categories"]),
            languages=languages,
        )

    def location_ids(self) -> list[str]:
        return [pk for pk in self.cleaned_data["places"] if pk != NEW_PLACE]


def _place_label(location: Location) -> str:
    address = next(iter(location.addresses.all()), None)
    if address is None:
        return location.name or "A place with no address"
    line = ", ".join(p for p in (address.address_1, address.postal_code) if p)
    if location.name and location.name != address.address_1:
        return f"{location.name}: {line}"
    return line


# --- A place -----------------------------------------------------------------------------------
def _coordinate(value: str, what: str, low: float, high: float, example: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(Decimal(text))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"Enter the {what} as a number, like {example}") from None
    if not low <= number <= high:
        raise ValidationError(
            f"Enter a {what} between {low} and {high} (in the UK), like {example}"
        )
    return round(number, 6)


# The UK and its nearby waters: a point outside is a typing mistake (or a swapped pair).
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)


class PlaceForm(forms.Form):
    """Where services are given: a name, an address, its area, directions and accessibility.
    In the service form it has the prefix "place" and is used when "Somewhere new" is ticked."""

    name = _text(
        "Name of the place (optional)",
        "the place's name",
        200,
        help_text="What people call it, like St Mary's church hall",
    )
    address_1 = _text("Address line", "the first line of the address", 200, required=True)
    city = _text("Town or city", "the town or city", 100, required=True)
    postal_code = _text("Postcode (optional)", "the postcode", 10)
    area = forms.ModelChoiceField(
        label="Area (optional)",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Choose the area",
        help_text="People search by area",
        error_messages={"invalid_choice": "Choose one of the partnership's areas"},
    )
    transportation = _text(
        "How to get there (optional)",
        "how to get there",
        1000,
        rows=2,
        help_text="Buses, the nearest station, the door to use",
    )
    accessibility = _text(
        "Accessibility (optional)",
        "the accessibility",
        1000,
        rows=2,
        help_text="Step-free entrance, accessible toilet, hearing loop…",
    )
    latitude = _text(
        "Latitude (optional)",
        "the latitude",
        20,
        help_text="For distances on the map, like 52.40806. Leave empty if you do not know.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    longitude = _text(
        "Longitude (optional)",
        "the longitude",
        20,
        help_text="Like -1.51055",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )
        self.fields["postal_code"].widget.attrs.update(
            {"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        )

    @staticmethod
    def initial_for(location: Location) -> dict[str, Any]:
        address = next(iter(location.addresses.all()), None)
        note = next(iter(location.accessibility.all()), None)
        return {
            "name": location.name,
            "address_1": address.address_1 if address else "",
            "city": address.city if address else "",
            "postal_code": address.postal_code if address else "",
            "area": location.area_id,
            "transportation": location.transportation,
            "accessibility": note.description if note else "",
            "latitude": "" if location.latitude is None else str(location.latitude),
            "longitude": "" if location.longitude is None else str(location.longitude),
        }

    def clean_postal_code(self) -> str:
        text = self.cleaned_data["postal_code"]
        problem = postcode_problem(text)
        if problem:
            raise ValidationError(problem)
        return normalise_postcode(text) if text.strip() else ""

    def clean_latitude(self) -> float | None:
        return _coordinate(self.cleaned_data["latitude"], "latitude", *UK_LATITUDE, "52.40806")

    def clean_longitude(self) -> float | None:
        return _coordinate(self.cleaned_data["longitude"], "longitude", *UK_LONGITUDE, "-1.51055")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_lat = data.get("latitude") is not None
        has_lng = data.get("longitude") is not None
        if has_lat and not has_lng and "longitude" not in self.errors:
            self.add_error("longitude", "Enter the longitude too, or leave both empty")
        if has_lng and not has_lat and "latitude" not in self.errors:
            self.add_error("latitude", "Enter the latitude too, or leave both empty")
        return data

    def place(self) -> PlaceDetails:
        data = self.cleaned_data
        return PlaceDetails(
            name=data["name"],
            address_1=data["address_1"],
            city=data["city"],
            postal_code=data["postal_code"],
            area=data["area"],
            transportation=data["transportation"],
            accessibility=data["accessibility"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )


# --- Contacts ----------------------------------------------------------------------------------
WHO_SEES = [("internal", "Professionals only"), ("public", "Everyone, on the public directory")]


class ContactForm(forms.Form):
    contact_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = _text("Name or team (optional)", "the name", 200, help_text="Like Duty worker")
    title = _text("Job title (optional)", "the job title", 200)
    phone = _text("Phone (optional)", "the phone number", 50)
    email = _email("Email (optional)")
    who_sees = forms.ChoiceField(
        label="Who may see this contact?",
        choices=WHO_SEES,
        widget=forms.RadioSelect,
        initial="internal",
        required=False,  # professionals only, unless chosen otherwise
    )
    remove = forms.BooleanField(label="Remove this contact", required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(k) for k in ("name", "title", "phone", "email"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("remove") and not data.get("contact_id") and self.is_blank():
            return data  # an empty row: nothing to add
        if not data.get("remove") and self.is_blank() and not self.errors:
            self.add_error("name", "Enter a name, job title, phone or email, or tick remove")
        return data

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            name=data.get("name", ""),
            title=data.get("title", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            internal=data.get("who_sees", "internal") != "public",
            contact_id=data.get("contact_id"),
            remove=bool(data.get("remove")),
        )


ContactFormSet = forms.formset_factory(ContactForm, extra=1, max_num=20, absolute_max=30)


def contacts_initial(service: Service | None) -> list[dict[str, Any]]:
    if service is None:
        return []
    rows = []
    for contact in service.contacts.all():
        phone = next(iter(contact.phones.all()), None)
        rows.append(
            {
                "contact_id": contact.pk,
                "name": contact.name,
                "title": contact.title,
                "phone": phone.number if phone else "",
                "email": contact.email,
                "who_sees": "internal" if contact.internal else "public",
            }
        )
    return rows


# --- Closures ----------------------------------------------------------------------------------
class ClosedTodayForm(forms.Form):
    reason = _text(
        "Why (optional)", "the reason", 200, help_text="Shown to the public, like “Staff training”"
    )


class ClosureForm(forms.Form):
    starts_on = GovukDateField(
        what="the first day it is closed",
        label="First day closed",
        help_text="For example, 24 12 2026",
    )
    ends_on = GovukDateField(
        what="the last day it is closed",
        label="Last day closed (optional)",
        required=False,
        help_text="Leave empty for one day",
    )
    reason = _text(
        "Why (optional)", "the reason", 200, help_text="Shown to the public, like “Christmas”"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and not ends and not self.has_error("ends_on"):
            data["ends_on"] = starts
        elif starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be the same as or after the first")
        return data


# --- Areas -------------------------------------------------------------------------------------
def _decimal_coordinate(value: str, what: str, low: float, high: float, example: str) -> Decimal:
    number = _coordinate(value, what, low, high, example)
    if number is None:
        raise ValidationError(f"Enter the {what} of the area's middle point, like {example}")
    return Decimal(str(number)).quantize(Decimal("0.00001"))


class AreaForm(forms.Form):
    name = _text(
        "Name", "the area's name", 100, required=True, help_text="Like Hillfields, or City centre"
    )
    latitude = _text(
        "Latitude of its middle point",
        "the latitude",
        20,
        required=True,
        help_text="Like 52.41350",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    longitude = _text(
        "Longitude of its middle point",
        "the longitude",
        20,
        required=True,
        help_text="Like -1.49800",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, partnerships: list[Partnership] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if partnerships and len(partnerships) > 1:
            self.fields["partnership"] = forms.ModelChoiceField(
                label="Partnership",
                queryset=Partnership.objects.filter(pk__in=[p.pk for p in partnerships]),
                empty_label="Choose the partnership",
                error_messages={
                    "required": "Choose the partnership",
                    "invalid_choice": "Choose one of your partnerships",
                },
            )
        self.partnerships = partnerships or []

    @staticmethod
    def initial_for(area: Area) -> dict[str, Any]:
        return {"name": area.name, "latitude": str(area.latitude), "longitude": str(area.longitude)}

    def clean_latitude(self) -> Decimal:
        return _decimal_coordinate(
            self.cleaned_data["latitude"], "latitude", *UK_LATITUDE, "52.41350"
        )

    def clean_longitude(self) -> Decimal:
        return _decimal_coordinate(
            self.cleaned_data["longitude"], "longitude", *UK_LONGITUDE, "-1.49800"
        )

    def partnership(self) -> Partnership:
        if "partnership" in self.cleaned_data:
            return self.cleaned_data["partnership"]
        return self.partnerships[0]


# --- Organisations -----------------------------------------------------------------------------
class OrganizationForm(forms.Form):
    name = _text("Name", "the organisation's name", 200, required=True)
    description = _text("What it does", "what it does", 3000, required=True, rows=3)
    agency = forms.ModelChoiceField(
        label="Which agency keeps its services? (optional)",
        help_text="Staff of this agency keep its services up to date. Leave empty for an "
        "organisation that does not use Waypost: coordinators keep its services.",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No agency",
        error_messages={"invalid_choice": "Choose one of the agencies in the list"},
    )
    email = _email("Email (optional)")
    website = _text("Website (optional)", "the website", 500)

    def __init__(
        self,
        *args: Any,
        agencies: list[Agency],
        partnerships: list[Partnership] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk__in=[a.pk for a in agencies]
        ).select_related("partnership")
        self.partnerships = partnerships or []
        if len(self.partnerships) > 1:
            field.label_from_instance = (  # type: ignore[attr-defined]
                lambda agency: f"{agency.name} ({agency.partnership.name})"
            )
            self.fields["partnership"] = forms.ModelChoiceField(
                label="Partnership",
                queryset=Partnership.objects.filter(pk__in=[p.pk for p in self.partnerships]),
                empty_label="Choose the partnership",
                error_messages={
                    "required": "Choose the partnership",
                    "invalid_choice": "Choose one of your partnerships",
                },
            )
            self.order_fields(["partnership"])

    @staticmethod
    def initial_for(organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "description": organization.description,
            "agency": organization.agency_id,
            "email": organization.email,
            "website": organization.website,
        }

    def partnership(self) -> Partnership:
        if "partnership" in self.cleaned_data:
            return self.cleaned_data["partnership"]
        return self.partnerships[0]
