"""The person page: sections in order, staff-safety warnings first, the lead worker, and for
each section what this user may see, or plainly why not and whom to ask."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.people.actions import add_note, add_warning, set_lead_worker
from waypost.people.models import Person
from waypost.sharing.models import BreakGlass
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import add_one_of_each, give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


def _client(user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def _text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section_html(response, section: str) -> str:
    html = response.content.decode()
    start = html.index(f'<section class="govuk-!-margin-bottom-8" id="{section}"')
    return html[start : html.index("</section>", start)]


def test_the_recording_agency_sees_every_section_in_order(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user, preferred_name="Jojo")
    add_one_of_each(person, caseworker_user, world.council)
    response = caseworker_client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Jojo</h1>' in html
    positions = [html.index(f'id="{s.value}-heading"') for s in PERSON_SECTIONS]
    assert positions == sorted(positions)
    text = _text(response)
    for shown in (
        "CH00000",
        "A0000BC",
        "health note 0",
        "Hostel 0",
        "DWP letter 0",
        "Dr Verifier 0",
    ):
        assert shown in text
    assert "You cannot see" not in text


def test_staff_safety_warnings_come_first(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    add_warning(person, text="Has a dog that bites", by=caseworker_user, agency=world.council)
    html = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    warning = html.index("Has a dog that bites")
    assert "govuk-warning-text" in html[warning - 400 : warning]
    assert warning < html.index('id="lead-worker"') < html.index('id="identity-heading"')


def test_another_agency_without_consent_sees_the_warning_and_whom_to_ask(
    outreach_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user, given_name="Hidden")
    sign_agreement_for(world.council, world.outreach)
    add_warning(person, text="Carries a knife", by=caseworker_user, agency=world.council)
    add_note(person, kind="health", text="Diabetic", by=caseworker_user, agency=world.council)
    set_lead_worker(person, lead_worker=caseworker_user, by=caseworker_user)
    response = outreach_client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    text = _text(response)
    assert "Carries a knife" in text
    assert "Hidden" not in text and "Diabetic" not in text
    assert "Someone known to Coventry Housing Options" in text
    assert (
        "You cannot see Health for this person. The person has not agreed to share their "
        "record with your agency. To ask about it, contact Caseworker at Coventry Housing "
        "Options."
    ) in text


def test_without_a_lead_worker_the_recording_agency_is_the_contact(outreach_client, world):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)
    text = _text(outreach_client.get(f"/people/{person.pk}/"))
    assert "contact Coventry Housing Options, who recorded this person" in text


def test_a_section_outside_the_role_says_so(referrer_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    response = referrer_client.get(f"/people/{person.pk}/")
    health = _section_html(response, "health")
    assert "Your role does not include this section." in health
    assert "Jo Bloggs" in _text(response)  # identity is shared and in the referrer's role


def test_consent_for_some_sections_hides_the_rest_with_the_reason(
    outreach_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council, sections=[Section.IDENTITY])
    response = outreach_client.get(f"/people/{person.pk}/")
    assert "Jo Bloggs" in _text(response)
    assert "has not agreed to share this section with your agency" in _section_html(
        response, "health"
    )


def test_a_section_with_only_own_records_says_so(
    outreach_client, outreach_user, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    add_note(
        person, kind="support", text="Council's note", by=caseworker_user, agency=world.council
    )
    add_note(
        person, kind="support", text="Outreach's note", by=outreach_user, agency=world.outreach
    )
    support = _section_html(outreach_client.get(f"/people/{person.pk}/"), "support")
    assert "Only your agency’s records are shown here." in support
    assert "Outreach&#x27;s note" in support
    assert "Council" not in support


@pytest.mark.parametrize("persona", ["commissioner_client", "dpo_client", "admin_client"])
def test_roles_without_casework_are_refused(request, persona, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    response = request.getfixturevalue(persona).get(f"/people/{person.pk}/")
    assert response.status_code == 403


def test_an_agency_that_has_not_signed_gets_not_found(outreach_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    sign_agreement_for(world.council)
    assert outreach_client.get(f"/people/{person.pk}/").status_code == 404


def test_another_partnership_gets_not_found(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council)
    give_consent(person, caseworker_user, world.council)
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    sign_agreement_for(world.brum_council)
    assert _client(brum).get(f"/people/{person.pk}/").status_code == 404


def test_an_unknown_person_gets_not_found(caseworker_client, world):
    assert caseworker_client.get(f"/people/{Person().pk}/").status_code == 404


def test_a_merged_record_sends_the_user_to_the_kept_one(caseworker_client, caseworker_user, world):
    kept = make_person(world.council, by=caseworker_user)
    merged = make_person(world.council, by=caseworker_user)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    response = caseworker_client.get(f"/people/{merged.pk}/")
    assert response.status_code == 302
    assert response.url == f"/people/{kept.pk}/"


def test_each_section_shown_is_recorded_in_the_access_log(
    outreach_client, outreach_user, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council, sections=[Section.IDENTITY])
    outreach_client.get(f"/people/{person.pk}/")
    events = AccessEvent.objects.filter(user=outreach_user, person_id=person.pk)
    assert {e.section for e in events} == {Section.IDENTITY}
    assert {(e.channel, e.route, e.agency_id) for e in events} == {
        (Channel.PAGE, "people:detail", world.outreach.pk)
    }


def test_break_glass_opens_sections_and_is_logged_as_such(outreach_client, outreach_user, world):
    person = make_person(world.council)
    add_note(person, kind="health", text="Epileptic", by=None, agency=world.council)
    sign_agreement_for(world.council, world.outreach)
    BreakGlass.objects.create(
        user=outreach_user,
        agency=world.outreach,
        person=person,
        reason="Found unconscious",
        expires_at=BreakGlass.default_expiry(),
    )
    response = outreach_client.get(f"/people/{person.pk}/")
    assert "Epileptic" in _text(response)
    assert AccessEvent.objects.filter(
        user=outreach_user, section=Section.HEALTH, reason="break-glass"
    ).exists()


def test_the_page_includes_the_sharing_panel(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    html = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert 'id="sharing-panel-title"' in html


def test_links_to_add_appear_only_for_sections_the_user_may_write(
    referrer_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    html = referrer_client.get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/names/new/" in html  # identity: in the referrer's role
    assert f"/people/{person.pk}/support-needs/new/" not in html  # support: not in it
    assert f"/people/{person.pk}/change/identity/" in html


def test_the_page_costs_the_same_queries_however_many_records(
    caseworker_client, caseworker_user, world, django_assert_max_num_queries
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    set_lead_worker(person, lead_worker=caseworker_user, by=caseworker_user)
    add_one_of_each(person, caseworker_user, world.council, times=1)
    # With the SWEP banner and the Housing First link.
    with django_assert_max_num_queries(46) as one:
        caseworker_client.get(f"/people/{person.pk}/")
    add_one_of_each(person, caseworker_user, world.council, times=4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert caseworker_client.get(f"/people/{person.pk}/").status_code == 200


def test_every_section_shown_goes_in_the_access_log_in_one_insert(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    add_one_of_each(person, caseworker_user, world.council, times=1)
    with CaptureQueriesContext(connection) as queries:
        assert caseworker_client.get(f"/people/{person.pk}/").status_code == 200
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "audit_accessevent"' in q["sql"]]
    assert len(inserts) == 1
    events = AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk)
    assert len({e.section for e in events}) == events.count() > 3
