"""The lead worker: named by coordinators and caseworkers, chosen from front-line staff in the
partnership, and shown to everyone who knows of the record as the person to ask."""

from waypost.accounts.models import Role
from waypost.people.models import Person
from waypost.testing.people import make_person, sign_agreement_for
from waypost.testing.personas import make_user


def test_a_caseworker_names_a_lead_worker(caseworker_client, caseworker_user, outreach_user, world):
    person = make_person(world.council, by=caseworker_user)
    url = f"/people/{person.pk}/lead-worker/"
    assert "Outreach.Worker" in caseworker_client.get(url).content.decode()
    assert caseworker_client.post(url, {"lead_worker": outreach_user.pk}).status_code == 302
    assert Person.objects.get().lead_worker == outreach_user
    page = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert "Outreach.Worker, Coventry Outreach" in page


def test_staff_of_another_partnership_cannot_be_lead_worker(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    caseworker_client.post(f"/people/{person.pk}/lead-worker/", {"lead_worker": brum.pk})
    assert Person.objects.get().lead_worker is None


def test_outreach_workers_and_referrers_do_not_name_lead_workers(
    outreach_client, referrer_client, caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach, world.hospital)
    for client in (outreach_client, referrer_client):
        response = client.post(
            f"/people/{person.pk}/lead-worker/", {"lead_worker": outreach_user.pk}
        )
        assert response.status_code == 403
    assert Person.objects.get().lead_worker is None


def test_each_choice_names_the_agency_so_two_staff_with_one_name_can_be_told_apart(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    for agency in (world.council, world.outreach):
        twin = make_user(f"sam.{agency.type}@coventry.test", agency=agency, role=Role.CASEWORKER)
        twin.full_name = "Sam Twin"
        twin.save(update_fields=["full_name"])
    html = caseworker_client.get(f"/people/{person.pk}/lead-worker/").content.decode()
    assert "Sam Twin, Coventry Housing Options" in html
    assert "Sam Twin, Coventry Outreach" in html
