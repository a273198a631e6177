"""The lead worker: one single point of contact per person, who may work for any agency in
the partnership, and whom every member of partnership staff who knows of the record is told
to contact, even without the person's permission to share anything."""

from waypost.accounts.models import Role
from waypost.cases.tests.test_plan_helpers import action_for, client_for
from waypost.people.actions import set_lead_worker
from waypost.people.models import Person
from waypost.testing.people import make_person, sign_agreement_for
from waypost.testing.personas import make_user


def test_any_front_line_member_of_any_partnership_agency_can_be_lead_worker(
    caseworker_client, caseworker_user, outreach_user, referrer_user, coordinator_user,
    admin_user, dpo_user, world,
):  # fmt: skip
    person = make_person(world.council, by=caseworker_user)
    url = f"/people/{person.pk}/lead-worker/"
    page = caseworker_client.get(url).content.decode()
    for name in ("Outreach.Worker", "Referrer", "Caseworker", "Coordinator"):
        assert name in page
    assert "Partnership.Admin" not in page and ">Dpo<" not in page  # no casework, no lead work
    for lead in (referrer_user, outreach_user):  # a hospital nurse, an outreach worker
        assert caseworker_client.post(url, {"lead_worker": lead.pk}).status_code == 302
        assert Person.objects.get().lead_worker == lead


def test_the_lead_worker_shows_to_partnership_staff_without_sharing_permission(
    caseworker_user, referrer_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach, world.hospital)
    person = make_person(world.council, by=caseworker_user)  # no consent recorded
    set_lead_worker(person, lead_worker=referrer_user, by=caseworker_user)
    person_page = outreach_client.get(f"/people/{person.pk}/").content.decode()
    assert "Referrer, University Hospital Coventry" in person_page
    assert "Jo Bloggs" not in person_page  # the identity stays hidden
    plan_page = outreach_client.get(f"/cases/people/{person.pk}/plan/").content.decode()
    assert "Referrer, University Hospital Coventry" in plan_page


def test_hidden_entries_point_to_the_lead_worker(
    caseworker_user, referrer_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    set_lead_worker(person, lead_worker=referrer_user, by=caseworker_user)
    action_for(person, caseworker_user, world.council, text="Council's own")
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Some entries are hidden by sharing rules" in page
    assert "contact Referrer at University Hospital Coventry" in page


def test_another_partnerships_staff_never_see_the_lead_worker(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    set_lead_worker(person, lead_worker=caseworker_user, by=caseworker_user)
    brum = client_for(make_user("cw@birmingham.test", agency=world.brum_council,
                                role=Role.CASEWORKER))  # fmt: skip
    for url in (f"/people/{person.pk}/", f"/cases/people/{person.pk}/plan/"):
        assert brum.get(url).status_code == 404
