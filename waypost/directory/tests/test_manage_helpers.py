"""Helpers for the tests of keeping services (imported by the other test_manage_* files), and
tests of the small pure helpers: times typed in the weekly grid, and "last checked" in words.

Fixtures are registered under the name without "_fixture" (import `outreach_service_fixture`,
ask for `outreach_service`), so test arguments do not shadow the import."""

from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from waypost.directory.manage_hours_forms import parse_time
from waypost.directory.manage_views import checked_words
from waypost.testing.directory import make_area, make_location, make_organization, make_service


class _FormValues(HTMLParser):
    """The values a browser would send for each form with method="post" (text inputs, hidden
    inputs, ticked boxes, textareas, selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.forms.append([])
        if not self._in_form:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind != "submit":
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.forms[-1].append((self._textarea, text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def form_values(html: str, marker: str = "version") -> dict[str, Any]:
    """The first POST form's values holding `marker`, as a dict for the test client (a name
    sent more than once becomes a list)."""
    parser = _FormValues()
    parser.feed(html)
    for fields in parser.forms:
        if any(name == marker for name, _ in fields):
            found: dict[str, Any] = {}
            for name, value in fields:
                if name == "csrfmiddlewaretoken":
                    continue
                if name in found:
                    found[name] = [
                        *(found[name] if isinstance(found[name], list) else [found[name]]),
                        value,
                    ]
                else:
                    found[name] = value
            return found
    raise AssertionError(f"No POST form with {marker} on the page")


def new_service_data(**overrides: Any) -> dict[str, Any]:
    """Everything the "Add a service" form needs, as typed; override any of it."""
    data: dict[str, Any] = {
        "name": "Harnall Lane breakfast club",
        "description": "A free cooked breakfast, tea and a warm room.",
        "status": "active",
        "alert": "",
        "application_process": "Just turn up.",
        "fees_description": "",
        "languages": "English, Polish",
        "url": "",
        "gender": "anyone",
        "minimum_age": "",
        "maximum_age": "",
        "accepts_no_recourse": "yes",
        "needs_local_connection": "no",
        "access": "walk_in",
        "eligibility_description": "",
        "categories": ["food", "day-centres"],
        "phone": "024 7696 0123",
        "email": "",
        "referral_route": "Email the manager on the secure address.",
        "hours-bank_holidays": "usual",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "20",
        "contacts-0-who_sees": "internal",
    }
    for code in ("mo", "tu", "we", "th", "fr", "sa", "su"):
        data[f"hours-{code}_opens"] = ""
        data[f"hours-{code}_closes"] = ""
    data.update(overrides)
    return data


@pytest.fixture(name="outreach_org")
def outreach_org_fixture(world):
    """Coventry Outreach's own organisation: its staff keep its services."""
    return make_organization(world.coventry, "Coventry Outreach", agency=world.outreach)


@pytest.fixture(name="outreach_service")
def outreach_service_fixture(world, outreach_org):
    """A service of Coventry Outreach, at its base in Hillfields, open weekdays."""
    area = make_area(world.coventry, "Hillfields")
    base = make_location(
        world.coventry, "Outreach base", organization=outreach_org, area=area, postal_code="CV1 5GA"
    )
    return make_service(
        world.coventry,
        "Street outreach drop-in",
        organization=outreach_org,
        categories=("housing-advice",),
        location=base,
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
    )


@pytest.fixture(name="hospital_service")
def hospital_service_fixture(world):
    """A service of the hospital trust (another agency in the same partnership)."""
    org = make_organization(world.coventry, "University Hospital Coventry", agency=world.hospital)
    return make_service(world.coventry, "Homeless discharge team", organization=org)


@pytest.fixture(name="charity_service")
def charity_service_fixture(world):
    """A service of a charity not linked to any agency: coordinators keep it."""
    org = make_organization(world.coventry, "St Michael's Food Bank")
    return make_service(world.coventry, "Saturday food bank", organization=org)


@pytest.fixture(name="birmingham_service")
def birmingham_service_fixture(world):
    """A service in the other partnership."""
    org = make_organization(world.birmingham, "Birmingham Day Centre", agency=world.brum_council)
    return make_service(world.birmingham, "Digbeth day centre", organization=org)


# --- The small helpers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9", time(9, 0)),
        ("09:00", time(9, 0)),
        ("9am", time(9, 0)),
        ("9.30pm", time(21, 30)),
        ("0930", time(9, 30)),
        ("21:30", time(21, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("midday", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("24:00", time(0, 0)),
        (" 8 pm ", time(20, 0)),
    ],
)
def test_times_are_read_as_people_type_them(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "9:75", "13pm", "nine", "9-5", ""])
def test_times_that_are_not_times_are_refused(typed):
    with pytest.raises(ValueError):
        parse_time(typed)


NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (3, "3 days ago"),
        (20, "2 weeks ago"),
        (100, "3 months ago"),
        (213, "7 months ago"),
        (400, "over a year ago"),
        (800, "over 2 years ago"),
    ],
)
def test_last_checked_is_said_in_words(days, words):
    assert checked_words(NOW - timedelta(days=days), NOW) == words
