"""Choosing a toolkit's services: a checkbox for each running service of the partnership, and
beside each an optional place in the list.

Ticked services go in the order of their places; those without one follow, in the order of the
page. A service that is no longer running, or is not the partnership's, gets an error that says
so (never the other partnership's name for it), and everything else typed stays as it was.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from waypost.directory.models import Service

MAX_PLACE = 999
NOT_OURS = (
    "A service you chose is not in {partnership}'s directory. Choose from the services listed."
)
NOT_RUNNING = "{name} is not running now, so it cannot go in the toolkit. Save again without it."
PLACE_WITHOUT_TICK = (
    "You gave {name} a place in the list but did not choose it: tick {name}, or clear its place"
)
PLACE_NOT_NUMBER = "Enter {name}'s place in the list as a whole number, like 3"
PLACE_TOO_SMALL = "{name}'s place in the list must be 1 or more"
PLACE_TOO_LARGE = f"{{name}}'s place in the list must be {MAX_PLACE} or less"


class _ServicesField(forms.MultipleChoiceField):
    """Ticked service ids, checked against the partnership by the form (for clear errors)."""

    def validate(self, value: Any) -> None:
        pass


def place_field_name(service: Service) -> str:
    return f"place_{service.pk.hex}"


class ToolkitChoiceForm(forms.Form):
    # A digest of the choices as they were when the form was read (toolkit.fingerprint).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        partnership_name: str,
        services: Sequence[Service],
        not_running: Mapping[str, str],
        chosen: Sequence[Service] = (),
        seen: str = "",
    ) -> None:
        """`services` are the running services in the page's order; `not_running` maps the
        ids of the partnership's other services to their names; `chosen` are the services
        saved now, in order."""
        places = {s.pk: n for n, s in enumerate(chosen, start=1)}
        initial: dict[str, Any] = {"seen": seen, "services": [str(s.pk) for s in chosen]}
        for service in services:
            if service.pk in places:
                initial[place_field_name(service)] = places[service.pk]
        super().__init__(data, initial=initial)
        self.partnership_name = partnership_name
        self.services = list(services)
        self.not_running = dict(not_running)
        self.fields["services"] = _ServicesField(
            label="Services in this toolkit",
            choices=[(str(s.pk), s.name) for s in self.services],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for service in self.services:
            name = service.name
            self.fields[place_field_name(service)] = forms.IntegerField(
                label=f"Place in the list for {name}",
                required=False,
                min_value=1,
                max_value=MAX_PLACE,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "spellcheck": "false",
                        "class": "govuk-input--width-3",
                    }
                ),
                error_messages={
                    "invalid": PLACE_NOT_NUMBER.format(name=name),
                    "min_value": PLACE_TOO_SMALL.format(name=name),
                    "max_value": PLACE_TOO_LARGE.format(name=name),
                },
            )

    def clean_services(self) -> list[str]:
        ticked: list[str] = list(dict.fromkeys(self.cleaned_data.get("services") or []))
        running = {str(s.pk) for s in self.services}
        errors = []
        for value in ticked:
            if value in running:
                continue
            if value in self.not_running:
                errors.append(NOT_RUNNING.format(name=self.not_running[value]))
            else:
                errors.append(NOT_OURS.format(partnership=self.partnership_name))
        if errors:
            raise forms.ValidationError(list(dict.fromkeys(errors)))
        return ticked

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ticked = set(cleaned.get("services") or [])
        for service in self.services:
            field = place_field_name(service)
            if cleaned.get(field) is not None and str(service.pk) not in ticked:
                if "services" in self.errors:  # the list itself was refused: say that first
                    continue
                self.add_error(field, PLACE_WITHOUT_TICK.format(name=service.name))
        return cleaned

    def chosen_in_order(self) -> list[Service]:
        """The ticked services: by their place, then in the page's order."""
        ticked = set(self.cleaned_data["services"])
        picked = [(n, s) for n, s in enumerate(self.services) if str(s.pk) in ticked]
        return [
            s
            for n, s in sorted(
                picked,
                key=lambda item: (
                    self.cleaned_data.get(place_field_name(item[1])) or MAX_PLACE + 1,
                    item[0],
                ),
            )
        ]

    def place_field(self, service: Service) -> forms.BoundField:
        return self[place_field_name(service)]
