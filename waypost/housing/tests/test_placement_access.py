"""Who sees and changes placements, housing needs and suitable beds. An agency without the
person's sharing permission sees none of another agency's placements or needs, on any of these
pages; roles that do not place people are refused (403); a person of another partnership, or
one that does not exist, is 404 everywhere; what is shown is in the access log."""

import uuid

import pytest
from django.test import Client

from waypost.accounts.models import Agency, AgencyType, Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing.models import GenderRule, Placement
from waypost.housing.placement_actions import place_person, record_housing_needs
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.testing.people import give_consent, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def _placed_by_council(world, caseworker_user):
    """A woman recorded by the council, placed by it in the shelter's women-only scheme, with
    housing needs (a dog) the council recorded. Every agency signed the agreement; no consent."""
    sign_agreement_for(world.council, world.outreach, world.shelter, world.hospital)
    person = person_on_list(world.council, caseworker_user, gender="woman")
    scheme = make_scheme(world.shelter, "Sisters Rest", gender_rule=GenderRule.WOMEN, pets=True)
    placement = place_person(
        person, make_unit(scheme, "Room 9"), agency=world.council, by=caseworker_user,
        notes="Secret placement note",
    )  # fmt: skip
    record_housing_needs(
        person, agency=world.council, by=caseworker_user, pet=True, notes="Staffy called Bruno"
    )
    return person, placement


def _pages(person, placement, unit_id) -> dict[str, str]:
    return {
        "placements": f"/housing/people/{person.pk}/placements/",
        "needs": f"/housing/people/{person.pk}/needs/",
        "beds": f"/housing/people/{person.pk}/beds/",
        "place": f"/housing/people/{person.pk}/place/{unit_id}/",
        "end": f"/housing/placements/{placement.pk}/end/",
    }


def test_the_recording_agency_sees_its_placements_and_needs(
    world, caseworker_user, caseworker_client
):
    person, placement = _placed_by_council(world, caseworker_user)
    page = caseworker_client.get(f"/housing/people/{person.pk}/placements/").content.decode()
    assert "Sisters Rest" in page and "Secret placement note" in page
    assert "End this placement" in page
    page = caseworker_client.get(f"/housing/people/{person.pk}/needs/").content.decode()
    assert "Staffy called Bruno" in page
    events = AccessEvent.objects.filter(user=caseworker_user, route="housing:person_placements")
    assert {e.section for e in events} == {Section.HOUSING_HISTORY, Section.IDENTITY}
    assert {e.person_id for e in events} == {person.pk}


def test_another_agency_without_permission_sees_no_placement_or_needs(
    world, caseworker_user, outreach_user, outreach_client
):
    person, placement = _placed_by_council(world, caseworker_user)
    free = make_unit(make_scheme(world.shelter, "Open Door"), "Bed 1")
    pages = _pages(person, placement, free.pk)
    page = outreach_client.get(pages["placements"]).content.decode()
    assert "Sisters Rest" not in page and "Secret placement note" not in page
    assert "Some placements are hidden by sharing rules" in page
    assert "Someone whose details are not shared with you" in page  # nor the name
    page = outreach_client.get(pages["needs"]).content.decode()
    assert "Staffy called Bruno" not in page and "Nothing recorded yet that you can see" in page
    page = outreach_client.get(pages["beds"]).content.decode()
    assert "has a pet" not in page and "Sisters Rest" not in page and "They are staying" not in page
    assert "No housing needs recorded that you can see" in page
    assert "Gender and age are not shared with you" in page
    page = outreach_client.get(pages["place"]).content.decode()
    assert "Sisters Rest" not in page and "has a pet" not in page
    assert outreach_client.get(pages["end"]).status_code == 404
    shown = AccessEvent.objects.filter(user=outreach_user, person_id=person.pk)
    assert not shown.filter(section__in=[Section.SUPPORT, Section.IDENTITY]).exists()


def test_with_permission_the_other_agency_sees_them_and_may_end_it(
    world, caseworker_user, outreach_client
):
    person, placement = _placed_by_council(world, caseworker_user)
    give_consent(person, caseworker_user, world.council)
    page = outreach_client.get(f"/housing/people/{person.pk}/placements/").content.decode()
    assert "Sisters Rest" in page and "hidden by sharing rules" not in page
    page = outreach_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert "Based on: woman, aged" in page and "has a pet" in page
    assert outreach_client.get(f"/housing/placements/{placement.pk}/end/").status_code == 200


def test_only_the_provider_of_the_scheme_may_end_a_placement_there(
    world, caseworker_user, provider_client
):
    person, placement = _placed_by_council(world, caseworker_user)
    url = f"/housing/placements/{placement.pk}/end/"
    assert provider_client.get(url).status_code == 404  # not shared with the shelter yet
    give_consent(person, caseworker_user, world.council)
    assert provider_client.get(url).status_code == 200
    other = Agency.objects.create(
        partnership=world.coventry, name="Another Hostel", type=AgencyType.ACCOMMODATION
    )
    sign_agreement_for(other)
    other_provider = make_user("provider@hostel.test", agency=other, role=Role.PROVIDER)
    assert _client(other_provider).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["referrer_client", "commissioner_client", "admin_client"])
def test_roles_that_do_not_place_people_are_refused(world, caseworker_user, persona, request):
    person, placement = _placed_by_council(world, caseworker_user)
    client = request.getfixturevalue(persona)
    for name, url in _pages(person, placement, placement.unit_id).items():
        status = client.get(url).status_code
        if name == "placements" and persona == "referrer_client":
            assert status == 200  # front-line: the page says their role does not cover it
            continue
        assert status == 403, (name, persona)
    page = request.getfixturevalue("referrer_client").get(
        f"/housing/people/{person.pk}/placements/"
    )
    assert "Your role does not include housing history" in page.content.decode()


def test_a_provider_may_not_place_or_record_needs(world, caseworker_user, provider_client):
    person, placement = _placed_by_council(world, caseworker_user)
    pages = _pages(person, placement, placement.unit_id)
    for name in ("needs", "beds", "place"):
        assert provider_client.get(pages[name]).status_code == 403


def test_another_partnership_and_unknown_ids_are_404(world, caseworker_client, caseworker_user):
    person, placement = _placed_by_council(world, caseworker_user)
    brummie = person_on_list(world.brum_council, None, given_name="Brum")
    brum_bed = make_unit(make_scheme(world.brum_council, "Brum Beds"), "Bed 1")
    brum_placement = place_person(brummie, brum_bed, agency=world.brum_council, by=None)
    for url in _pages(brummie, brum_placement, brum_bed.pk).values():
        assert caseworker_client.get(url).status_code == 404, url
    nobody = uuid.uuid4()
    for url in (
        f"/housing/people/{nobody}/placements/",
        f"/housing/people/{nobody}/needs/",
        f"/housing/people/{nobody}/beds/",
        f"/housing/people/{nobody}/place/{brum_bed.pk}/",
        f"/housing/people/{person.pk}/place/{uuid.uuid4()}/",
        f"/housing/people/{person.pk}/place/{brum_bed.pk}/",  # a bed of another partnership
        f"/housing/placements/{uuid.uuid4()}/end/",
    ):
        assert caseworker_client.get(url).status_code == 404, url
    assert Placement.objects.filter(person=person).count() == 1
