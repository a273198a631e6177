""" "Referrals you sent" and one of them: the referrer sees what their agency sent and what
became of it (status, who handles it, duty outcomes, the discharge outcome), never the
housing team's triage, reconnection offers or the person's record; another agency's
referrals answer 404; every referral shown is in the access log."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.people.actions import add_note
from waypost.referrals.models import (
    Discharge,
    Duty,
    ReconnectionOffer,
    Referral,
    Triage,
)
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user

MINE = "/referrals/mine/"
# What the housing team recorded that the referrer must never see.
SECRETS = (
    "TRIAGE-NOTE-7731",  # triage notes
    "Not eligible for assistance",  # eligibility
    "No recourse to public funds",  # public funds
    "Reconnection to another area",  # the route chosen
    "Leicester",  # the local connection and the reconnection destination
    "Train ticket to Leicester",  # the reconnection offer
    "DUTY-NOTE-5512",  # the caseworker's notes on the duty's outcome
    "Bloggs-Record",  # the linked person's record
)


def _assert_nothing_kept_by_the_housing_team(page: str, referral: Referral) -> None:
    for secret in (*SECRETS, f"/people/{referral.person_id}/"):
        assert secret not in page, secret


def _referral(world, referrer_user, **overrides):
    return make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry, **overrides
    )


@pytest.fixture
def handled(world, referrer_user, caseworker_user):
    """A discharge referral the housing team triaged, linked to a person, with a relief duty
    that ended successfully and somewhere to go on the day."""
    referral = _referral(world, referrer_user, discharge=discharge_fields())
    person = make_person(world.council, by=caseworker_user, family_name="Bloggs-Record")
    Referral.objects.filter(pk=referral.pk).update(
        status="accepted",
        accepted_at=timezone.now(),
        lead_agency=world.council,
        assigned_to=caseworker_user,
        person=person,
    )
    Triage.objects.create(
        referral=referral,
        eligibility="not_eligible",
        local_connection="elsewhere",
        connection_area="Leicester",
        public_funds="nrpf",
        route="reconnection",
        notes="TRIAGE-NOTE-7731",
        recorded_by=caseworker_user,
    )
    ReconnectionOffer.objects.create(
        referral=referral,
        destination="Leicester",
        destination_contact="Leicester hub, 0116 000 0000",
        offer="Train ticket to Leicester",
        offered_on=date.today(),
        follow_up_on=date.today() + timedelta(days=7),
    )
    started = date.today() - timedelta(days=20)
    Duty.objects.create(
        referral=referral,
        kind="prevention",
        started_on=started,
        ends_on=Duty.end_date_for(started),
        ended_on=started + timedelta(days=5),
        outcome="became_homeless",
        outcome_notes="DUTY-NOTE-5512",
    )
    Duty.objects.create(
        referral=referral,
        kind="relief",
        started_on=started + timedelta(days=5),
        ends_on=Duty.end_date_for(started + timedelta(days=5)),
        ended_on=date.today(),
        outcome="secured_6_months",
        outcome_notes="DUTY-NOTE-5512",
    )
    Discharge.objects.filter(referral=referral).update(
        accommodation_confirmed=True,
        confirmed_accommodation="supported",
        discharged_on=date.today(),
        outcome="supported",
    )
    referral.refresh_from_db()
    return referral


def test_the_list_shows_outcomes_but_nothing_the_housing_team_keeps(
    referrer_client, handled, world, referrer_user
):
    waiting = _referral(world, referrer_user, given_name="Eve")
    page = referrer_client.get(MINE).content.decode()
    assert page.index(waiting.display_reference) < page.index(handled.display_reference)
    assert "Dawn Hartley" in page  # the name as they typed it
    assert "Waiting for triage" in page and "Accepted" in page
    assert "Prevention duty: became homeless (the relief duty starts)" in page
    assert "Relief duty: accommodation secured for 6 months or more" in page
    assert f"Left {date.today():%-d %b %Y}: supported housing or a hostel" in page
    _assert_nothing_kept_by_the_housing_team(page, handled)


def test_one_referral_shows_what_was_sent_and_what_became_of_it(
    referrer_client, handled, caseworker_user
):
    page = referrer_client.get(f"{MINE}{handled.pk}/").content.decode()
    assert f"Referral {handled.display_reference}" in page
    assert "Her sister can no longer put her up" in page  # their own words
    assert "Wound dressing changed daily" in page
    assert "Coventry Housing Options" in page  # who handles it
    assert caseworker_user.full_name not in page  # not which caseworker
    assert "Started" in page and "Accommodation secured for 6 months or more" in page
    assert "Confirmed" in page and "Supported housing or a hostel" in page
    assert "open the referral for triage" not in page
    _assert_nothing_kept_by_the_housing_team(page, handled)


def test_a_waiting_discharge_referral_says_nowhere_is_confirmed_yet(
    referrer_client, world, referrer_user
):
    referral = _referral(world, referrer_user, discharge=discharge_fields())
    page = referrer_client.get(MINE).content.decode()
    assert "Nowhere to go confirmed yet" in page
    page = referrer_client.get(f"{MINE}{referral.pk}/").content.decode()
    assert "Not confirmed yet" in page and "No duty has started yet" in page


def test_the_linked_persons_record_stays_behind_the_access_policy(
    referrer_client, handled, world, caseworker_user
):
    person = handled.person
    add_note(person, kind="housing", text="HOUSING-NOTE-9120", by=caseworker_user,
             agency=world.council)  # fmt: skip
    # The hospital has not signed the sharing agreement: the record is not there for it.
    assert referrer_client.get(f"/people/{person.pk}/").status_code == 404
    # Signed, and the person agreed to share everything: a referrer's role still sees only
    # identity, contact and safeguarding, never the housing history.
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    page = referrer_client.get(f"/people/{person.pk}/").content.decode()
    assert "Bloggs-Record" in page
    assert "HOUSING-NOTE-9120" not in page
    # And the referral page still shows nothing from the record.
    page = referrer_client.get(f"{MINE}{handled.pk}/").content.decode()
    assert "Bloggs-Record" not in page


def test_another_agencys_referral_is_not_found(outreach_client, coordinator_client, handled, world):
    """Outreach refer too, but not for the hospital; the triage team reads it on its own page."""
    for client in (outreach_client, coordinator_client):
        assert client.get(f"{MINE}{handled.pk}/").status_code == 404
        assert client.get(f"{MINE}{handled.pk}/sent/").status_code == 404
        assert handled.display_reference not in client.get(MINE).content.decode()
    assert not AccessEvent.objects.filter(
        subject_id=str(handled.pk), route__startswith="referrals:s"
    )


def test_a_referrer_on_the_triage_team_is_pointed_to_the_full_referral(world, client):
    from waypost.testing.personas import mark_recently_authenticated

    user = make_user("both@coventry.test", agency=world.council, role=Role.CASEWORKER)
    referral = make_test_referral(by=user, agency=world.council, partnership=world.coventry)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    page = client.get(f"{MINE}{referral.pk}/").content.decode()
    assert f'href="/referrals/{referral.pk}/"' in page


def test_each_referral_shown_is_in_the_access_log(referrer_client, referrer_user, handled, world):
    other = _referral(world, referrer_user, given_name="Eve")
    referrer_client.get(MINE)
    listed = AccessEvent.objects.filter(user=referrer_user, route="referrals:mine")
    assert {e.subject_id for e in listed} == {str(handled.pk), str(other.pk)}
    assert {e.section for e in listed} == {"housing_history"}
    referrer_client.get(f"{MINE}{handled.pk}/")
    one = AccessEvent.objects.get(user=referrer_user, route="referrals:sent_detail")
    assert one.subject_id == str(handled.pk) and one.person_id == handled.person_id
    assert one.agency == world.hospital


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_a_fixed_number_of_reads(referrer_client, world, referrer_user):
    """Each row adds its access-log row and nothing else, however many duties it has."""
    names = ["Ann", "Bea", "Cat", "Dee", "Eli", "Fay"]
    for name in names[:2]:
        referral = _referral(world, referrer_user, given_name=name, discharge=discharge_fields())
        Duty.objects.create(referral=referral, kind="prevention", started_on=date.today(),
                            ends_on=Duty.end_date_for(date.today()))  # fmt: skip
    two = _queries(referrer_client, MINE)
    for name in names[2:]:
        _referral(world, referrer_user, given_name=name)
    assert _queries(referrer_client, MINE) == two + 4
    # 11 fixed reads (sign-in, count, page, duties, the SWEP banner), 2 log rows
    assert two <= 13, two


def test_the_list_pages_by_25(referrer_client, world, referrer_user, django_assert_max_num_queries):
    letters = "abcdefghijklmnopqrstuvwxyz"
    for n in range(26):  # "Pat Zeda" is the oldest, "Pat Zedz" the newest
        _referral(world, referrer_user, given_name="Pat", family_name=f"Zed{letters[n]}")
    with django_assert_max_num_queries(11 + 25):  # the page, then one access-log row a referral
        first = referrer_client.get(MINE).content.decode()
    assert "Pat Zedz" in first and "Pat Zeda" not in first
    second = referrer_client.get(f"{MINE}?page=2").content.decode()
    assert "Pat Zeda" in second and "Pat Zedz" not in second
