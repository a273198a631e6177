"""No ID, no post (plan P2.2): a care-of postal address at a hub, post logged as it arrives
and marked collected (by whom, when)."""

from datetime import date

from waypost.people.actions import add_care_of_address, log_post_item
from waypost.people.models import CareOfAddress, PostItem
from waypost.testing.people import make_person, sign_agreement_for


def _care_of(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    care_of = add_care_of_address(
        person, hub=world.outreach, address="Jo Bloggs\nc/o Hub", by=caseworker_user,
        agency=world.council,
    )  # fmt: skip
    return person, care_of


def test_a_hub_in_the_partnership_keeps_the_post(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    url = f"/people/{person.pk}/care-of/new/"
    response = caseworker_client.post(url, {"hub": world.brum_council.pk, "address": "c/o"})
    assert "Select a valid choice" in response.content.decode()
    caseworker_client.post(url, {"hub": world.outreach.pk, "address": "Jo c/o Outreach"})
    assert CareOfAddress.objects.get().hub == world.outreach


def test_a_new_care_of_address_ends_the_old_one(caseworker_user, world):
    person, first = _care_of(world, caseworker_user)
    add_care_of_address(
        person, hub=world.council, address="c/o Council", by=caseworker_user, agency=world.council
    )
    first.refresh_from_db()
    assert first.ends_on == date.today()
    assert CareOfAddress.objects.filter(ends_on__isnull=True).count() == 1


def test_post_is_logged_and_marked_collected(caseworker_client, caseworker_user, world):
    person, care_of = _care_of(world, caseworker_user)
    response = caseworker_client.post(
        f"/people/{person.pk}/care-of/{care_of.pk}/post/new/", {"description": "DWP letter"}
    )
    assert response.status_code == 302
    item = PostItem.objects.get()
    assert (item.received_on, item.logged_by) == (date.today(), caseworker_user)
    page = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert "DWP letter" in page and f"/post/{item.pk}/collected/" in page
    url = f"/people/{person.pk}/post/{item.pk}/collected/"
    assert "They have collected it" in caseworker_client.get(url).content.decode()
    assert caseworker_client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.collected_at is not None and item.handed_over_by == caseworker_user
    assert (
        "handed over by Caseworker"
        in caseworker_client.get(f"/people/{person.pk}/").content.decode()
    )


def test_marking_collected_twice_keeps_the_first_time(caseworker_client, caseworker_user, world):
    person, care_of = _care_of(world, caseworker_user)
    item = log_post_item(care_of, description="Bank card", by=caseworker_user, agency=world.council)
    url = f"/people/{person.pk}/post/{item.pk}/collected/"
    caseworker_client.post(url)
    first = PostItem.objects.get().collected_at
    caseworker_client.post(url)
    assert PostItem.objects.get().collected_at == first


def test_another_agency_without_consent_cannot_see_or_touch_the_post(
    outreach_client, caseworker_user, world
):
    person, care_of = _care_of(world, caseworker_user)
    item = log_post_item(care_of, description="Bank card", by=caseworker_user, agency=world.council)
    sign_agreement_for(world.council, world.outreach)
    assert "Bank card" not in outreach_client.get(f"/people/{person.pk}/").content.decode()
    collected = f"/people/{person.pk}/post/{item.pk}/collected/"
    assert outreach_client.post(collected).status_code == 404
    logged = f"/people/{person.pk}/care-of/{care_of.pk}/post/new/"
    assert outreach_client.post(logged, {"description": "Letter"}).status_code == 404
    assert PostItem.objects.get().collected_at is None and PostItem.objects.count() == 1
