"""The directory search form (a GET form, the same for the public and for professionals).

A choice that is not one of the choices (an old link, an area since removed) is dropped and
the rest of the search still runs; only words too long to search for are an error. A device
location arrives as `lat` and `lng`, already rounded by the page's script, and is rounded again
here (waypost.directory.geo) before it goes back into any link.
"""

from typing import Any

from django import forms

from waypost.directory import geo
from waypost.directory.models import Area
from waypost.directory.search import ELIGIBILITY_CHOICES, Point, SearchQuery
from waypost.directory.terms import CATEGORIES

MAX_TEXT = 100


def need_choices() -> list[tuple[str, Any]]:
    """The categories, with the children of a parent in a group after "all of them"."""
    choices: list[tuple[str, Any]] = [("", "Anything")]
    for term in CATEGORIES:
        if term.parent:
            continue
        children = [(t.code, t.name) for t in CATEGORIES if t.parent == term.code]
        if children:
            choices.append((term.name, [(term.code, f"{term.name}: all kinds"), *children]))
        else:
            choices.append((term.code, term.name))
    return choices


NEED_NAMES = {t.code: t.name for t in CATEGORIES}
ELIGIBILITY_NAMES = dict(ELIGIBILITY_CHOICES)


class SearchForm(forms.Form):
    need = forms.ChoiceField(label="What do you need help with?", required=False)
    area = forms.ChoiceField(
        label="Where are you?",
        required=False,
        help_text="The nearest services come first, with how far away they are.",
    )
    in_area = forms.BooleanField(label="Only show services in this area", required=False)
    open_now = forms.BooleanField(label="Open now", required=False)
    eligibility = forms.MultipleChoiceField(
        label="Who it is for and how to get in",
        help_text="“Women only” and “Young people” show only the services just for them, "
        "not the services open to everyone.",
        required=False,
        choices=ELIGIBILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    q = forms.CharField(
        label="Name or word to search for (optional)",
        required=False,
        max_length=MAX_TEXT,
        error_messages={
            "max_length": f"Search words must be {MAX_TEXT} characters or fewer",
        },
    )
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, place_name: str, areas: list[Area]) -> None:
        super().__init__(data)
        self.areas = {str(a.pk): a for a in areas}
        self.fields["need"].choices = need_choices()  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", f"Anywhere in {place_name}")] + [  # type: ignore[attr-defined]
            (str(a.pk), a.name) for a in areas
        ]

    def full_clean(self) -> None:
        super().full_clean()
        # A choice that is not one of the choices is dropped, not an error (an old link).
        for name in ("need", "area", "in_area", "open_now", "eligibility", "lat", "lng"):
            self._errors.pop(name, None)  # type: ignore[union-attr]

    def query(self) -> SearchQuery:
        """What to search for. Invalid parts are dropped one by one, never the whole search."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def valid(name: str, default: Any) -> Any:
            return default if name in self.errors else data.get(name, default)

        area = self.areas.get(valid("area", "") or "")
        near = self.device_location()
        if near is None and area is not None:
            near = Point(float(area.latitude), float(area.longitude), f"the middle of {area.name}")
        return SearchQuery(
            need=valid("need", "") or "",
            area=area if area is not None and valid("in_area", False) else None,
            text=(valid("q", "") or "").strip(),
            eligibility=frozenset(e for e in self._ticked() if e in ELIGIBILITY_NAMES),
            open_now=bool(valid("open_now", False)),
            near=near,
        )

    def _ticked(self) -> list[str]:
        """The eligibility boxes ticked, keeping the real ones when an old link adds others."""
        if hasattr(self.data, "getlist"):
            return list(self.data.getlist("eligibility"))
        value = self.data.get("eligibility", [])
        return [value] if isinstance(value, str) else list(value)

    def device_location(self) -> Point | None:
        """The device's location, rounded, when the page's script sent a real one."""
        try:
            lat = float(self.data.get("lat", ""))
            lng = float(self.data.get("lng", ""))
        except (TypeError, ValueError):
            return None
        if not geo.usable(lat, lng):
            return None
        lat, lng = geo.rounded(lat, lng)
        return Point(lat, lng, "your location")

    @property
    def area_chosen(self) -> Area | None:
        return self.areas.get(str(self.data.get("area", "")))


def query_pairs(query: SearchQuery, *, area: Area | None = None) -> list[tuple[str, str]]:
    """The search as query-string pairs (without the page), so paging keeps every filter.
    `area` is the area chosen to measure from, when it is not also a filter."""
    pairs: list[tuple[str, str]] = []
    if query.need:
        pairs.append(("need", query.need))
    chosen = query.area or area
    if chosen is not None:
        pairs.append(("area", str(chosen.pk)))
    if query.area is not None:
        pairs.append(("in_area", "on"))
    if query.open_now:
        pairs.append(("open_now", "on"))
    pairs += [("eligibility", e) for e, _ in ELIGIBILITY_CHOICES if e in query.eligibility]
    if query.text:
        pairs.append(("q", query.text))
    if query.near is not None and query.near.label == "your location":
        pairs += [("lat", f"{query.near.latitude:.3f}"), ("lng", f"{query.near.longitude:.3f}")]
    return pairs


def chosen_filters(query: SearchQuery) -> list[str]:
    """The filters in words, for "Showing: …"."""
    chosen = []
    if query.need:
        chosen.append(NEED_NAMES.get(query.need, query.need))
    if query.area is not None:
        chosen.append(f"In {query.area.name}")
    if query.open_now:
        chosen.append("Open now")
    chosen += [name for code, name in ELIGIBILITY_CHOICES if code in query.eligibility]
    if query.text:
        chosen.append(f"“{query.text}”")
    return chosen
