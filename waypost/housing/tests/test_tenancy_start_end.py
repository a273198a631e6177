"""Starting a tenancy from a person's page (a home free to offer, floating support with the
agency providing it) and ending it: a home already let, a person who already holds a tenancy,
dates in the future or before the start, and a stale form are all refused with a clear
message; the by-name list follows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.housing.models import EndReason, Tenancy
from waypost.housing.tenancy_actions import start_tenancy
from waypost.housing.tests.test_tenancy_helpers import date_fields, house, make_home, make_landlord
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.testing.people import make_person


def _start(client, person, home, **extra):
    data = {
        "home": str(home.pk),
        **date_fields("started_on", timezone.localdate() - timedelta(days=3)),
        "floating_support": "yes",
        "floating_support_agency": "",
        "notes": "Keys collected",
        **extra,
    }
    return client.post(f"/housing/people/{person.pk}/tenancies/new/", data)


def test_a_caseworker_starts_a_tenancy(caseworker_client, caseworker_user, world):
    person = make_person(world.council)
    with transaction.atomic():
        put_on_list(person, ListStatus.EMERGENCY, agency=world.council, by=None)
    home = make_home(make_landlord(world.coventry))
    response = _start(caseworker_client, person, home, floating_support_agency=world.outreach.pk)
    tenancy = Tenancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/housing/tenancies/{tenancy.pk}/"
    assert tenancy.person == person and tenancy.property == home
    assert tenancy.landlord == home.landlord
    assert tenancy.floating_support and tenancy.floating_support_agency == world.outreach
    assert tenancy.recorded_by_agency == world.council
    assert tenancy.recorded_by == caseworker_user
    assert tenancy.notes == "Keys collected"
    home.refresh_from_db()
    assert home.is_available is False
    assert ByNameEntry.objects.get(person=person).status == ListStatus.HOUSED
    page = caseworker_client.get(response["Location"]).content.decode()
    assert "Tenancy started." in page and "Coventry Outreach" in page


def test_the_form_asks_for_the_floating_support_agency(caseworker_client, world):
    person = make_person(world.council)
    home = make_home(make_landlord(world.coventry))
    response = _start(caseworker_client, person, home)
    assert "Choose the agency that provides floating support" in response.content.decode()
    response = _start(caseworker_client, person, home, floating_support="")
    assert "Choose whether floating support is in place" in response.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _start(
        caseworker_client,
        person,
        home,
        floating_support="no",
        **date_fields("started_on", tomorrow),
    )
    assert "must be today or in the past" in response.content.decode()
    assert "Keys collected</textarea>" in response.content.decode()
    assert not Tenancy.objects.exists()


def test_without_support_no_agency_is_kept(caseworker_client, world):
    person = make_person(world.council)
    home = make_home(make_landlord(world.coventry))
    _start(
        caseworker_client,
        person,
        home,
        floating_support="no",
        floating_support_agency=world.outreach.pk,
    )
    tenancy = Tenancy.objects.get()
    assert not tenancy.floating_support and tenancy.floating_support_agency is None


def test_a_home_already_let_is_refused(caseworker_client, world):
    home = make_home(make_landlord(world.coventry))
    house(make_person(world.council, given_name="First"), world.council, home=home)
    # Offered again by mistake (say, marked available while let).
    home.is_available = True
    home.save()
    person = make_person(world.council, given_name="Second")
    response = _start(caseworker_client, person, home, floating_support="no")
    assert "That home is no longer free to offer: choose another" in response.content.decode()
    # The action refuses it too, for other callers (Housing First).
    with pytest.raises(ValidationError, match="already holds a tenancy of that home"):
        with transaction.atomic():
            start_tenancy(person, home, agency=world.council, by=None)
    assert Tenancy.objects.count() == 1


def test_someone_with_a_tenancy_cannot_start_another(caseworker_client, world):
    person = make_person(world.council)
    landlord = make_landlord(world.coventry)
    house(person, world.council, home=make_home(landlord))
    other = make_home(landlord, address="Flat 9, Spon Street")
    response = _start(caseworker_client, person, other, floating_support="no")
    assert "already has a tenancy that has not ended" in response.content.decode()
    assert Tenancy.objects.count() == 1
    # Nor is the button offered.
    page = caseworker_client.get(f"/housing/people/{person.pk}/tenancies/").content.decode()
    assert "Start a tenancy" not in page


def test_another_partnerships_home_is_not_offered(caseworker_client, world):
    person = make_person(world.council)
    elsewhere = make_home(make_landlord(world.birmingham, "Birmingham Homes"))
    response = _start(caseworker_client, person, elsewhere, floating_support="no")
    assert "That home is no longer free to offer" in response.content.decode()
    page = caseworker_client.get(f"/housing/people/{person.pk}/tenancies/new/").content.decode()
    assert "There are no homes free to offer" in page


def _end(client, tenancy, version, reason=EndReason.EVICTION, ended_on=None):
    ended_on = ended_on or timezone.localdate()
    return client.post(
        f"/housing/tenancies/{tenancy.pk}/end/",
        {**date_fields("ended_on", ended_on), "reason": reason, "version": version},
    )


def test_ending_a_tenancy_after_an_eviction_puts_them_at_risk(caseworker_client, world):
    person = make_person(world.council)
    with transaction.atomic():
        put_on_list(person, ListStatus.EMERGENCY, agency=world.council, by=None)
    tenancy = house(person, world.council, started_on=timezone.localdate() - timedelta(days=90))
    response = _end(caseworker_client, tenancy, tenancy.version)
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert tenancy.ended_on == timezone.localdate()
    assert tenancy.end_reason == EndReason.EVICTION
    assert ByNameEntry.objects.get(person=person).status == ListStatus.AT_RISK
    tenancy.property.refresh_from_db()
    assert tenancy.property.is_available is True  # free to offer to someone else
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert "Tenancy ended." in page and "Record that the tenancy has ended" not in page
    # Ending it again is not offered.
    again = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/end/")
    assert again.status_code == 302


def test_a_stale_end_form_is_refused(caseworker_client, coordinator_client, world):
    tenancy = house(make_person(world.council), world.council)
    version = tenancy.version
    # Someone refers it to the panel meanwhile (the version moves on).
    coordinator_client.post(
        f"/housing/tenancies/{tenancy.pk}/complex-needs-panel/", {"version": version}
    )
    response = _end(caseworker_client, tenancy, version)
    assert response.status_code == 200
    assert "Someone else changed this tenancy" in response.content.decode()
    tenancy.refresh_from_db()
    assert tenancy.ended_on is None and tenancy.complex_needs_panel_on == timezone.localdate()


def test_the_end_date_must_follow_the_start(caseworker_client, world):
    started = timezone.localdate() - timedelta(days=10)
    tenancy = house(make_person(world.council), world.council, started_on=started)
    response = _end(
        caseworker_client, tenancy, tenancy.version, ended_on=started - timedelta(days=1)
    )
    assert "The end date must be on or after the start date" in response.content.decode()
    response = _end(caseworker_client, tenancy, tenancy.version, reason="")
    assert "Choose why the tenancy ended" in response.content.decode()
    tenancy.refresh_from_db()
    assert tenancy.ended_on is None


def test_the_panel_referral_records_today(caseworker_client, world):
    tenancy = house(make_person(world.council), world.council)
    response = caseworker_client.post(
        f"/housing/tenancies/{tenancy.pk}/complex-needs-panel/", {"version": tenancy.version}
    )
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert tenancy.complex_needs_panel_on == timezone.localdate()
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert "Referral to the complex needs panel recorded for today." in page
    assert "Refer to the complex needs panel again" in page
    # A GET does nothing.
    assert (
        caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/complex-needs-panel/").status_code
        == 405
    )
