"""The form for a named place or hotspot. Errors say what is wrong and how to fix it."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import Partnership
from waypost.outreach.models import Place, PlaceKind


def _coordinate(label: str, what: str, example: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=f"{what} in decimal degrees, like {example}",
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )


class PlaceForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label="Choose the partnership",
        error_messages={"required": "Choose the partnership the place is in"},
    )
    name = forms.CharField(
        label="Name",
        help_text="What the team calls it, like Broadgate or Pool Meadow bus station",
        max_length=120,
        error_messages={
            "required": "Enter the name of the place",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Is it a hotspot?",
        help_text="Hotspots are where people are often found sleeping rough: they are listed "
        "first on the street contact form",
        choices=[(PlaceKind.HOTSPOT, "Yes, a hotspot"), (PlaceKind.PLACE, "No, a named place")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a hotspot"},
    )
    area = forms.CharField(
        label="Area (optional)",
        help_text="The ward or district, for counts, like City centre or Digbeth",
        max_length=120,
        required=False,
        error_messages={"max_length": "The area must be 120 characters or fewer"},
    )
    latitude = _coordinate("Latitude (optional)", "North or south", "52.4081")
    longitude = _coordinate("Longitude (optional)", "East or west", "-1.5106")

    def __init__(self, *args: Any, partnerships: list[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_partnership = partnerships[0] if len(partnerships) == 1 else None
        if self.only_partnership is not None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = Partnership.objects.filter(  # type: ignore[attr-defined]
                pk__in=[p.pk for p in partnerships]
            )

    @staticmethod
    def initial_for(place: Place) -> dict[str, Any]:
        return {
            "name": place.name,
            "kind": place.kind,
            "area": place.area,
            "latitude": "" if place.latitude is None else str(place.latitude),
            "longitude": "" if place.longitude is None else str(place.longitude),
        }

    def _number(self, name: str, low: int, high: int, what: str) -> Decimal | None:
        raw = self.cleaned_data[name].strip()
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(f"Enter the {what} as a number, like 52.4081") from None
        if not value.is_finite() or not low <= value <= high:
            raise ValidationError(f"Enter a {what} between {low} and {high}")
        return value.quantize(Decimal("0.00001"))

    def clean_latitude(self) -> Decimal | None:
        return self._number("latitude", -90, 90, "latitude")

    def clean_longitude(self) -> Decimal | None:
        return self._number("longitude", -180, 180, "longitude")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_partnership is not None:
            data["partnership"] = self.only_partnership
        has_lat = data.get("latitude") is not None
        has_lon = data.get("longitude") is not None
        if has_lat != has_lon and not self.errors:
            missing = "longitude" if has_lat else "latitude"
            self.add_error(missing, f"Enter the {missing} as well, or neither")
        return data

    def place_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "area": data["area"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
        }
