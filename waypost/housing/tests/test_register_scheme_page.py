"""A scheme's page names who is placed in each unit only as the access policy allows: the
person's identity and the placement's housing history must both be visible to the user.
Otherwise it says which agency placed them. Every name shown is in the access log, and the
page costs the same number of queries however many people are placed."""

from django.utils import timezone

from waypost.audit.models import AccessEvent, Section
from waypost.housing.placement_actions import place_person
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _placed(world, caseworker_user, *, units=2, people=1):
    scheme = make_scheme(make_provider(world.shelter), units=units)
    placed = []
    for n in range(1, people + 1):
        person = make_person(
            world.council, caseworker_user, given_name=f"Pat{n}", family_name="Quimby"
        )
        place_person(person, unit(scheme, f"Bed {n}"), agency=world.council, by=caseworker_user)
        placed.append(person)
    return scheme, placed


def test_the_placing_agency_sees_the_name_and_it_is_logged(
    world, caseworker_client, caseworker_user
):
    scheme, (person,) = _placed(world, caseworker_user)
    page = caseworker_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1 Quimby" in page
    events = AccessEvent.objects.filter(person_id=person.pk, route="housing:scheme")
    assert {e.section for e in events} == {Section.IDENTITY, Section.HOUSING_HISTORY}
    assert {e.user_id for e in events} == {caseworker_user.pk}


def test_a_provider_without_sharing_permission_sees_no_name(
    world, provider_client, provider_user, caseworker_user
):
    scheme, (person,) = _placed(world, caseworker_user)
    sign_agreement_for(world.shelter, world.council)  # signed, but no consent to share
    page = provider_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1" not in page and "Quimby" not in page
    assert "Someone placed by Coventry Housing Options" in page
    assert not AccessEvent.objects.filter(user=provider_user, person_id=person.pk).exists()


def test_a_provider_with_sharing_permission_sees_the_name(
    world, provider_client, provider_user, caseworker_user
):
    scheme, (person,) = _placed(world, caseworker_user)
    sign_agreement_for(world.shelter, world.council)
    give_consent(person, caseworker_user, world.council)
    page = provider_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1 Quimby" in page
    assert AccessEvent.objects.filter(
        user=provider_user, person_id=person.pk, section=Section.HOUSING_HISTORY
    ).exists()


def test_consent_without_housing_history_shows_no_name(world, provider_client, caseworker_user):
    scheme, (person,) = _placed(world, caseworker_user)
    sign_agreement_for(world.shelter, world.council)
    give_consent(person, caseworker_user, world.council, sections=[Section.IDENTITY])
    page = provider_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1" not in page and "Someone placed by Coventry Housing Options" in page


def test_a_restricted_record_is_never_named(world, caseworker_client, caseworker_user):
    scheme, (person,) = _placed(world, caseworker_user)
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    page = caseworker_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1" not in page and "Someone placed by Coventry Housing Options" in page


def test_partnership_admins_see_no_names(world, admin_client, caseworker_user):
    scheme, _ = _placed(world, caseworker_user)
    page = admin_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "Pat1" not in page and "Someone placed by" in page


def test_the_page_does_not_query_per_unit_or_person(
    world, caseworker_client, caseworker_user, django_assert_max_num_queries
):
    scheme, _ = _placed(world, caseworker_user, units=3, people=1)
    url = f"/housing/schemes/{scheme.pk}/"
    with django_assert_max_num_queries(30) as few:
        caseworker_client.get(url)
    scheme, _ = _placed_more(world, caseworker_user, scheme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = caseworker_client.get(url).content.decode()
    assert "Pat3 Quimby" in page


def _placed_more(world, caseworker_user, scheme):
    from waypost.housing.register_actions import add_unit

    people = []
    for n in range(2, 4):
        person = make_person(
            world.council, caseworker_user, given_name=f"Pat{n}", family_name="Quimby"
        )
        place_person(person, unit(scheme, f"Bed {n}"), agency=world.council, by=caseworker_user)
        people.append(person)
    for n in range(4, 10):
        add_unit(scheme, label=f"Bed {n}", by=None)
    return scheme, people
