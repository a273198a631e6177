"""The write actions check for themselves that the acting user's role at the agency covers
the section, whatever the caller; and writes that change who someone might be keep the
matching index current."""

import pytest
from django.core.exceptions import PermissionDenied

from waypost.people import actions
from waypost.people.matching import MatchQuery, find_candidates
from waypost.people.models import MatchKey
from waypost.testing.people import make_person


def test_a_role_cannot_write_a_section_its_work_does_not_cover(referrer_user, world):
    person = make_person(world.hospital, by=referrer_user)
    with pytest.raises(PermissionDenied):
        actions.add_note(person, kind="health", text="x", by=referrer_user, agency=world.hospital)
    with pytest.raises(PermissionDenied):
        actions.add_support_need(person, kind="alcohol", by=referrer_user, agency=world.hospital)
    actions.add_note(
        person, kind="safeguarding", text="ok", by=referrer_user, agency=world.hospital
    )


def test_a_user_cannot_write_for_an_agency_they_do_not_work_for(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    with pytest.raises(PermissionDenied):
        actions.add_warning(person, text="x", by=caseworker_user, agency=world.outreach)


def test_an_agency_of_another_partnership_cannot_write(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    with pytest.raises(PermissionDenied):
        actions.add_note(person, kind="general", text="x", by=None, agency=world.brum_council)


@pytest.mark.parametrize("persona", ["commissioner_user", "dpo_user", "admin_user"])
def test_roles_without_casework_write_nothing(request, persona, world):
    user = request.getfixturevalue(persona)
    person = make_person(world.council)
    with pytest.raises(PermissionDenied):
        actions.add_contact_detail(person, kind="phone", value="1", by=user, agency=world.council)


def test_name_changes_reach_the_matching_index(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    assert MatchKey.objects.filter(person=person).exists()
    actions.add_alias(
        person, kind="previous_name", given_name="Joanna", family_name="Whitlock",
        by=caseworker_user, agency=world.council,
    )  # fmt: skip
    found = find_candidates(
        caseworker_user, MatchQuery(given_name="Joanna", family_name="Whitlock", birth_year=1980)
    )
    assert [c.person for c in found] == [person]
    actions.update_person(person, version=1, by=caseworker_user, family_name="Okafor")
    found = find_candidates(
        caseworker_user, MatchQuery(given_name="Jo", family_name="Okafor", birth_year=1980)
    )
    assert [c.person for c in found] == [person]
