"""The public status page: found by the unguessable reference, showing only the status and
dates, never what was typed about the person or the alerter."""

import re

from django.utils import timezone

from waypost.referrals.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    AlertStatus,
    new_reference,
    normalise_reference,
)
from waypost.referrals.tests.helpers import make_alert

PERSONAL = ("Hertford", "Boots", "green coat", "CV1", "Dave", "Coughing", "alerter@example.com")


def _alert(**fields):
    fields.setdefault("name_if_known", "Dave")
    fields.setdefault("concerns", "Coughing")
    fields.setdefault("building", "Boots")
    fields.setdefault("wants_feedback", True)
    fields.setdefault("alerter_email", "alerter@example.com")
    return make_alert(**fields)


def test_references_are_long_random_codes():
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(len(r) == REFERENCE_LENGTH and set(r) <= set(REFERENCE_ALPHABET) for r in references)


def test_typed_references_are_read_forgivingly():
    assert normalise_reference("abcde-fghjk") == "ABCDEFGHJK"
    assert normalise_reference(" ABCDE FGHJK ") == "ABCDEFGHJK"
    assert normalise_reference("OIL23-45678") == "01123" + "45678"


def test_the_status_page_shows_the_status_and_nothing_personal(client, areas):
    alert = _alert()
    response = client.get(f"/alerts/status/{alert.reference}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert alert.display_reference in page
    assert "Outcome not yet known" in page
    assert f"by {alert.due_on:%-d %B %Y}" in page
    body = re.search(r"<main.*</main>", page, re.S).group(0)
    for typed in PERSONAL:
        assert typed not in body, typed
    assert response["Cache-Control"].startswith("max-age=0")
    assert 'name="robots" content="noindex"' in page


def test_the_status_page_shows_the_outcome_in_plain_words(client, areas, world):
    alert = _alert()
    alert.status = AlertStatus.CLOSED
    alert.outcome = "engaging"
    alert.closed_at = timezone.now()
    alert.save()
    page = client.get(f"/alerts/status/{alert.reference}/").content.decode()
    assert "Engaging with services" in page
    assert "now working with local services" in page
    assert "Outcome recorded" in page


def test_an_out_of_area_alert_says_it_is_being_passed_on(client, areas):
    alert = _alert(postcode="LS1 4AP", town="Leeds")
    assert alert.status == AlertStatus.OUT_OF_AREA
    page = client.get(f"/alerts/status/{alert.reference}/").content.decode()
    assert "Being passed on" in page


def test_a_reference_typed_another_way_leads_to_the_one_status_address(client, areas):
    alert = _alert()
    typed = f"{alert.reference[:5].lower()}-{alert.reference[5:].lower()}"
    response = client.get(f"/alerts/status/{typed}/")
    assert response.status_code == 302
    assert response.url == f"/alerts/status/{alert.reference}/"


def test_an_unknown_reference_is_not_found(client, db):
    assert client.get("/alerts/status/ABCDEFGHJK/").status_code == 404
    assert client.get("/alerts/sent/ABCDEFGHJK/").status_code == 404


def test_the_lookup_form_finds_an_alert_or_says_why_not(client, areas):
    alert = _alert()
    response = client.get("/alerts/status/", {"reference": alert.display_reference.lower()})
    assert response.status_code == 302
    assert response.url == f"/alerts/status/{alert.reference}/"

    page = client.get("/alerts/status/", {"reference": "ABCDE-FGHJK"}).content.decode()
    assert "We could not find an alert with the reference ABCDE-FGHJK" in page
    assert 'value="ABCDE-FGHJK"' in page
    page = client.get("/alerts/status/", {"reference": "123"}).content.decode()
    assert "An alert reference is 10 letters and numbers" in page
    page = client.get("/alerts/status/", {"reference": ""}).content.decode()
    assert "Enter the alert reference" in page


def test_the_lookup_page_without_a_reference_shows_the_form(client, db):
    response = client.get("/alerts/status/")
    assert response.status_code == 200
    assert "Check an alert you sent" in response.content.decode()
    assert "There is a problem" not in response.content.decode()
