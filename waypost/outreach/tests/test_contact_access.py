"""Who sees street contacts. Outreach workers, coordinators and caseworkers only; a contact
with a known person only through the access policy (the person's contact section, for the
agency that recorded it); a contact with someone not identified yet only for staff whose
agency recorded it or signed the sharing agreement; another partnership never (404). Every
read is in the access log; nothing personal in URLs or messages."""

import itertools

import pytest
from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.audit.models import AccessEvent, Section
from waypost.outreach.contact_access import contacts_visible_q, recording_memberships
from waypost.outreach.models import StreetContact
from waypost.outreach.tests.contact_helpers import (
    birmingham_outreach_user,
    form_data,
    make_contact,
)
from waypost.sharing.actions import break_glass
from waypost.sharing.policy import access_for
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated

LISTS = ["/street/contacts/", "/street/contacts/new/", "/street/contacts/unidentified/"]


def _contact_pages(contact):
    base = f"/street/contacts/{contact.pk}/"
    return [base, f"{base}identify/", f"{base}identify/new/"]


def _client(user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.mark.parametrize("persona", ["outreach_client", "coordinator_client", "caseworker_client"])
def test_outreach_workers_coordinators_and_caseworkers_reach_the_pages(request, persona, world):
    sign_agreement_for(world.council, world.outreach)
    contact = make_contact(world.outreach)
    client = request.getfixturevalue(persona)
    for url in LISTS + _contact_pages(contact):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "!!MISSING" not in response.content.decode(), url


@pytest.mark.parametrize(
    "persona", ["referrer_client", "commissioner_client", "admin_client", "dpo_client"]
)
def test_other_roles_are_refused(request, persona, world):
    sign_agreement_for(world.council, world.outreach, world.hospital)
    contact = make_contact(world.outreach)
    client = request.getfixturevalue(persona)
    for url in LISTS + _contact_pages(contact):
        assert client.get(url).status_code == 403, url
        assert client.post(url, form_data()).status_code == 403, url
    assert StreetContact.objects.count() == 1


def test_another_partnership_sees_nothing(world, outreach_user):
    sign_agreement_for(world.council, world.outreach)
    unidentified = make_contact(world.outreach, outreach_user)
    person = make_person(world.outreach)
    give_consent(person, outreach_user, world.outreach)
    known = make_contact(world.outreach, outreach_user, person=person)
    brum = birmingham_outreach_user(world)
    sign_agreement_for(brum.memberships.get().agency)
    client = _client(brum)
    for contact in (unidentified, known):
        for url in _contact_pages(contact):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"person": str(person.pk)}).status_code == 404, url
    for url in ("/street/contacts/", "/street/contacts/unidentified/"):
        page = client.get(url).content.decode()
        assert str(unidentified.pk) not in page and str(known.pk) not in page
    assert not AccessEvent.objects.filter(user=brum)
    unidentified.refresh_from_db()
    assert unidentified.person is None


def test_a_contact_that_does_not_exist_is_not_found(outreach_client):
    import uuid

    assert outreach_client.get(f"/street/contacts/{uuid.uuid4()}/").status_code == 404


def test_someone_not_identified_is_seen_by_agencies_that_signed_or_recorded_it(
    world, outreach_user, caseworker_client, outreach_client
):
    contact = make_contact(world.outreach, outreach_user)
    url = f"/street/contacts/{contact.pk}/"
    # The recording agency always sees it; the council has not signed the agreement.
    assert outreach_client.get(url).status_code == 200
    assert caseworker_client.get(url).status_code == 404
    assert str(contact.pk) not in caseworker_client.get("/street/contacts/").content.decode()
    sign_agreement_for(world.council)
    assert caseworker_client.get(url).status_code == 200
    assert str(contact.pk) in caseworker_client.get("/street/contacts/").content.decode()


def test_a_known_persons_contact_follows_their_sharing_permission(
    world, outreach_user, caseworker_user, caseworker_client
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.outreach, given_name="Zofia", family_name="Nowak")
    contact = make_contact(world.outreach, outreach_user, person=person, notes="CONTACT-NOTE-41")
    url = f"/street/contacts/{contact.pk}/"
    # Signed, but no permission to share: the council does not see the outreach team's contact.
    assert caseworker_client.get(url).status_code == 404
    assert "CONTACT-NOTE-41" not in caseworker_client.get("/street/contacts/").content.decode()

    # Contact and location shared, identity not: the contact, without the name.
    give_consent(person, outreach_user, world.outreach, sections=[Section.CONTACT])
    page = caseworker_client.get(url).content.decode()
    assert "CONTACT-NOTE-41" in page and "Zofia" not in page
    assert "their name is not shared with you" in page
    listing = caseworker_client.get("/street/contacts/").content.decode()
    assert "Someone whose name is not shared with you" in listing and "Zofia" not in listing

    give_consent(person, outreach_user, world.outreach)
    assert "Zofia Nowak" in caseworker_client.get(url).content.decode()
    events = AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk)
    assert {(e.section, e.subject_type, e.route) for e in events} >= {
        (Section.CONTACT, "street_contact", "outreach:contact"),
        (Section.CONTACT, "street_contact", "outreach:contacts"),
        (Section.IDENTITY, "person", "outreach:contact"),
    }
    assert all(e.subject_id in (str(contact.pk), str(person.pk)) for e in events)


def test_the_recording_agency_always_sees_its_own_contacts(world, outreach_user, outreach_client):
    person = make_person(world.council)  # the council's record, never shared with outreach
    contact = make_contact(world.outreach, outreach_user, person=person)
    page = outreach_client.get(f"/street/contacts/{contact.pk}/").content.decode()
    assert "Doorway of the old bank" in page
    assert "Jo Bloggs" not in page  # identity stays the council's


def test_restricted_people_are_in_no_list(world, outreach_user, outreach_client):
    person = make_person(world.outreach)
    contact = make_contact(world.outreach, outreach_user, person=person)
    type(person).objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    assert str(contact.pk) not in outreach_client.get("/street/contacts/").content.decode()


def test_nothing_personal_goes_in_urls_or_messages(world, outreach_client):
    response = outreach_client.post("/street/contacts/new/", form_data())
    contact = StreetContact.objects.get()
    assert response.url == f"/street/contacts/{contact.pk}/"
    page = outreach_client.get(response.url).content.decode()
    banner = page.split("govuk-notification-banner__heading")[1].split("</p>")[0]
    assert "Jay" not in banner and "Street contact recorded." in banner


# --- The list's SQL agrees with the policy ---------------------------------------------------

SIGNED = ["nobody", "council", "both"]
PERMISSIONS = [
    "none",
    "contact to all",
    "identity only",
    "contact to outreach",
    "contact to council",
]


@pytest.mark.parametrize(
    ("signed", "permission", "glass"), list(itertools.product(SIGNED, PERMISSIONS, [False, True]))
)
def test_the_lists_filter_agrees_with_the_access_policy(world, signed, permission, glass):
    """A caseworker at the council, contacts recorded by the outreach team and by the council,
    in every combination of signatures, sharing permission and break-glass."""
    recorder = make_user("recorder@coventry.test", agency=world.outreach, role=Role.OUTREACH_WORKER)
    caseworker = make_user("cw@coventry.test", agency=world.council, role=Role.CASEWORKER)
    if signed != "nobody":
        sign_agreement_for(
            *([world.council] if signed == "council" else [world.council, world.outreach])
        )
    person = make_person(world.outreach)
    sections = {
        "none": None,
        "contact to all": ([Section.CONTACT], None),
        "identity only": ([Section.IDENTITY], None),
        "contact to outreach": ([Section.CONTACT], [world.outreach]),
        "contact to council": ([Section.CONTACT], [world.council]),
    }[permission]
    if sections is not None:
        give_consent(person, recorder, world.outreach, sections=sections[0], agencies=sections[1])
    if glass and signed != "nobody":
        break_glass(person, reason="Missing in the cold", agency=world.council, by=caseworker)
    theirs = make_contact(world.outreach, recorder, person=person)
    ours = make_contact(world.council, caseworker, person=person)
    nobody_yet = make_contact(world.outreach, recorder)

    memberships = list(
        Membership.objects.active().filter(user=caseworker).select_related("agency__partnership")
    )
    listed = set(
        StreetContact.objects.filter(contacts_visible_q(caseworker, memberships)).values_list(
            "pk", flat=True
        )
    )
    access = access_for(caseworker, person, recording_memberships(memberships))
    for contact in (theirs, ours):
        expected = access.can_see(Section.CONTACT, contact.recorded_by_agency_id)
        assert (contact.pk in listed) == expected, contact
    assert (nobody_yet.pk in listed) == (signed != "nobody")
    assert ours.pk in listed  # always: the council recorded it
