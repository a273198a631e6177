"""One referral for the triage team: everything the referrer sent, the duties with their
clocks, and the forms that act on it (accept, first contact, triage, duties, closing,
reconnection). Stale edits keep what was typed; only the partnership's team (and the assigned
caseworker) reach any of it."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.referrals import triage_actions as actions
from waypost.referrals.models import Duty, Referral, ReferralStatus
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral
from waypost.testing.personas import make_user, mark_recently_authenticated


@pytest.fixture
def referral(world, referrer_user):
    return make_test_referral(by=referrer_user, agency=world.hospital, partnership=world.coventry)


def _accept(referral, user):
    return actions.accept_referral(referral, version=referral.version, assign_to=user, by=user)


def _date(prefix, day):
    return {f"{prefix}_{n}": str(part) for n, part in enumerate((day.day, day.month, day.year))}


def _client(user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


# --- The page ----------------------------------------------------------------------------------


def test_the_team_sees_what_the_referrer_sent_and_the_read_is_logged(
    caseworker_client, caseworker_user, referral, world
):
    page = caseworker_client.get(f"/referrals/{referral.pk}/").content.decode()
    assert f"Referral {referral.display_reference}" in page
    for shown in (
        "Dawn Hartley",
        "12 April 1979",
        "07700 900123",
        "Safe to leave a message",
        "On ward 12 until discharge",
        "Her sister can no longer put her up",
        "Told me (verbal consent)".lower(),
        "University Hospital Coventry",
        "Duty to Refer",
        "024 7696 4000",
        "discharge.team@uhcw.example",
        "Waiting for triage",
    ):
        assert shown in page, shown
    assert f"/referrals/{referral.pk}/accept/" in page
    event = AccessEvent.objects.get(user=caseworker_user, subject_type="referral")
    assert event.route == "referrals:detail" and event.agency == world.council


def test_a_discharge_referral_shows_the_discharge_panel(caseworker_client, world, referrer_user):
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry,
        discharge=discharge_fields(),
    )  # fmt: skip
    page = caseworker_client.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'id="discharge-plan-title"' in page


def test_open_duties_show_their_clock_and_expiring_ones_are_red(
    caseworker_client, caseworker_user, referral
):
    Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - timedelta(days=60))
    referral.refresh_from_db()
    accepted = _accept(referral, caseworker_user)
    actions.start_duty(
        accepted, version=accepted.version, kind="prevention",
        started_on=timezone.localdate() - timedelta(days=51), by=caseworker_user,
    )  # fmt: skip
    page = caseworker_client.get(f"/referrals/{referral.pk}/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Expires in 5 days</strong>' in page


# --- Accept and assign -------------------------------------------------------------------------


def test_accepting_assigns_yourself_by_default_and_sets_the_lead_agency(
    caseworker_client, caseworker_user, referral, world
):
    form = caseworker_client.get(f"/referrals/{referral.pk}/accept/").content.decode()
    assert re.search(rf'<option value="{caseworker_user.pk}" selected>', form)
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/accept/",
        {"version": referral.version, "assign_to": caseworker_user.pk},
    )
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.assigned_to == caseworker_user
    assert referral.lead_agency == world.council
    page = caseworker_client.get(response.url).content.decode()
    assert "accepted and assigned to you" in page


def test_only_the_team_is_offered_to_assign(caseworker_client, referral, world, outreach_user):
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    form = caseworker_client.get(f"/referrals/{referral.pk}/accept/").content.decode()
    assert str(brum.pk) not in form and str(outreach_user.pk) not in form
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/accept/", {"version": referral.version, "assign_to": brum.pk}
    )
    assert "not in the housing options team" in response.content.decode()


# --- First contact, triage, duties -------------------------------------------------------------


def test_first_contact_is_recorded_from_the_form(caseworker_client, caseworker_user, referral):
    accepted = _accept(referral, caseworker_user)
    today = timezone.localdate()
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/first-contact/",
        {"version": accepted.version, **_date("contact_on", today), "contact_time": ""},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert timezone.localtime(accepted.first_contact_at).date() == today


def test_first_contact_on_the_day_received_without_a_time_is_not_before_the_referral(
    caseworker_client, caseworker_user, referral
):
    # Received at 3pm yesterday; the caseworker says "yesterday" and gives no time.
    yesterday = timezone.localdate() - timedelta(days=1)
    received = timezone.make_aware(datetime.combine(yesterday, time(15, 0)))
    Referral.objects.filter(pk=referral.pk).update(received_at=received)
    referral.refresh_from_db()
    accepted = _accept(referral, caseworker_user)
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/first-contact/",
        {"version": accepted.version, **_date("contact_on", yesterday)},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.first_contact_at == received


def _triage_form(version, **overrides):
    data = {
        "version": version,
        "eligibility": "eligible",
        "local_connection": "here",
        "connection_area": "",
        "public_funds": "has_recourse",
        "route": "prevention",
        "notes": "Sister may take her back if mediation works.",
    }
    data.update(overrides)
    return data


def test_the_triage_form_explains_and_checks_the_routes(
    caseworker_client, caseworker_user, referral
):
    accepted = _accept(referral, caseworker_user)
    url = f"/referrals/{referral.pk}/triage/"
    page = caseworker_client.get(url).content.decode()
    assert "Refer them to the NRPF team and for free immigration advice" in page
    response = caseworker_client.post(url, _triage_form(accepted.version, route="nrpf_pathway"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "only for someone with no recourse to public funds" in page
    # NRPF answers suggest the NRPF route beside the form.
    assert re.search(r"No Recourse to Public Funds pathway <strong[^>]*>Suggested", page) is None
    page = caseworker_client.post(
        url,
        _triage_form(accepted.version, public_funds="nrpf", local_connection="elsewhere"),
    ).content.decode()
    assert "Enter the area they have a local connection to" in page
    assert re.search(r"No Recourse to Public Funds pathway <strong[^>]*>Suggested", page)
    assert re.search(r"Reconnection to another area <strong[^>]*>Suggested", page)
    response = caseworker_client.post(url, _triage_form(accepted.version))
    assert response.status_code == 302
    assert accepted.triages.get().route == "prevention"


def test_a_stale_version_keeps_what_was_typed(caseworker_client, caseworker_user, referral):
    accepted = _accept(referral, caseworker_user)
    stale = accepted.version
    # Someone else records first contact meanwhile.
    actions.record_first_contact(accepted, version=stale, at=timezone.now(), by=caseworker_user)
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/triage/", _triage_form(stale, route="emergency_bed")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this referral" in page
    assert "Sister may take her back if mediation works." in page
    assert re.search(r'<input[^>]*name="route" value="emergency_bed"[^>]*checked', page)
    assert f'name="version" value="{stale + 1}"' in page
    assert not accepted.triages.exists()


def test_a_duty_started_from_the_form_runs_56_days(caseworker_client, caseworker_user, referral):
    accepted = _accept(referral, caseworker_user)
    today = timezone.localdate()
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/duty/",
        {"version": accepted.version, "kind": "prevention", **_date("started_on", today)},
    )
    assert response.status_code == 302
    duty = Duty.objects.get(referral=referral)
    assert duty.ends_on == today + timedelta(days=56)
    again = caseworker_client.post(
        f"/referrals/{referral.pk}/duty/",
        {"version": accepted.version + 1, "kind": "relief", **_date("started_on", today)},
    )
    assert "prevention duty is still open" in again.content.decode()
    assert Duty.objects.filter(referral=referral).count() == 1


def test_ending_prevention_as_homeless_starts_relief(caseworker_client, caseworker_user, referral):
    accepted = _accept(referral, caseworker_user)
    today = timezone.localdate()
    duty = actions.start_duty(
        accepted, version=accepted.version, kind="prevention", started_on=today,
        by=caseworker_user,
    )  # fmt: skip
    url = f"/referrals/{referral.pk}/duty/{duty.pk}/end/"
    assert "Start the relief duty on the same day" in caseworker_client.get(url).content.decode()
    response = caseworker_client.post(
        url,
        {"version": accepted.version + 1, "outcome": "became_homeless",
         **_date("ended_on", today), "notes": "", "start_relief": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Duty.objects.get(referral=referral, ended_on__isnull=True).kind == "relief"


def test_closing_is_refused_with_a_clear_message_while_a_duty_is_open(
    caseworker_client, caseworker_user, referral
):
    accepted = _accept(referral, caseworker_user)
    actions.start_duty(
        accepted, version=accepted.version, kind="prevention",
        started_on=timezone.localdate(), by=caseworker_user,
    )  # fmt: skip
    url = f"/referrals/{referral.pk}/close/"
    assert "End the prevention duty" in caseworker_client.get(url).content.decode()
    response = caseworker_client.post(url, {"version": accepted.version + 1, "reason": "withdrawn"})
    assert response.status_code == 200
    assert "A duty is still open: record how it ended" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_closed_referral_takes_no_more_changes(caseworker_client, caseworker_user, referral):
    actions.close_referral(
        referral, version=referral.version, reason="advice_only", by=caseworker_user
    )
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/triage/", _triage_form(referral.version + 1)
    )
    assert response.status_code == 302
    page = caseworker_client.get(response.url).content.decode()
    assert "This referral is closed, so nothing was recorded." in page


def test_a_reconnection_offer_defaults_its_follow_up_to_a_week_later(
    caseworker_client, caseworker_user, referral
):
    accepted = _accept(referral, caseworker_user)
    today = timezone.localdate()
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/reconnection/",
        {
            "version": accepted.version,
            "destination": "Leicester",
            "destination_contact": "Leicester Housing Options, Sam Patel, 0116 454 1000",
            "offer": "Train ticket; hostel room booked",
            **_date("offered_on", today),
            "follow_up_on_0": "", "follow_up_on_1": "", "follow_up_on_2": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert referral.reconnection_offers.get().follow_up_on == today + timedelta(days=7)


# --- Who may reach it --------------------------------------------------------------------------


def _every_page(referral, duty, offer):
    base = f"/referrals/{referral.pk}"
    return [
        f"{base}/",
        f"{base}/accept/",
        f"{base}/assign/",
        f"{base}/first-contact/",
        f"{base}/person/",
        f"{base}/triage/",
        f"{base}/duty/",
        f"{base}/duty/{duty.pk}/end/",
        f"{base}/close/",
        f"{base}/reconnection/",
        f"{base}/reconnection/{offer.pk}/response/",
        f"{base}/reconnection/{offer.pk}/follow-up/",
    ]


@pytest.fixture
def everything(caseworker_user, referral):
    accepted = _accept(referral, caseworker_user)
    duty = actions.start_duty(
        accepted, version=accepted.version, kind="prevention",
        started_on=timezone.localdate(), by=caseworker_user,
    )  # fmt: skip
    accepted.refresh_from_db()
    offer = actions.record_reconnection_offer(
        accepted, version=accepted.version, destination="Leicester", destination_contact="x",
        offer="x", offered_on=timezone.localdate(), follow_up_on=timezone.localdate(),
        by=caseworker_user,
    )  # fmt: skip
    return _every_page(referral, duty, offer)


@pytest.mark.parametrize(
    "persona", ["referrer", "brum_caseworker", "brum_coordinator", "outreach", "commissioner"]
)
def test_everyone_but_the_team_gets_not_found_on_every_page(
    request, persona, everything, world, referral
):
    users = {
        "brum_caseworker": lambda: make_user(
            "cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER
        ),
        "brum_coordinator": lambda: make_user(
            "co@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
        ),
    }
    user = users[persona]() if persona in users else request.getfixturevalue(f"{persona}_user")
    client = _client(user)
    for path in everything:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"version": "1"}).status_code == 404, path
    referral.refresh_from_db()
    assert referral.triages.count() == 0 and referral.status == ReferralStatus.ACCEPTED


def test_the_coordinator_reaches_every_page(coordinator_client, everything):
    for path in everything:
        assert coordinator_client.get(path).status_code in (200, 302), path


def test_a_missing_referral_is_not_found(caseworker_client):
    import uuid

    assert caseworker_client.get(f"/referrals/{uuid.uuid4()}/").status_code == 404
