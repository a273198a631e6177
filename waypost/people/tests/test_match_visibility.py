"""Matching and search decide visibility for many people at once (access_for_many,
visible_people). They must agree exactly with the one access policy (access_for,
Person.objects.visible_to) for every mix of agreement, permission, break-glass and role."""

from waypost.accounts.models import Membership, Role
from waypost.audit.models import Section
from waypost.people.matching.candidates import visible_in, visible_people
from waypost.people.matching.visibility import access_for_many
from waypost.people.models import Person
from waypost.sharing.actions import break_glass
from waypost.sharing.models import PermissionStatus
from waypost.sharing.policy import access_for, active_memberships
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user


def _world_of_people(world, caseworker_user, outreach_user, referrer_user):
    sign_agreement_for(world.council, world.outreach)  # the hospital has not signed
    unshared = make_person(world.council, given_name="Unshared")
    shared = make_person(world.outreach, given_name="Shared")
    give_consent(shared, by=outreach_user, agency=world.outreach)
    narrow = make_person(world.hospital, given_name="Narrow")
    give_consent(
        narrow, by=referrer_user, agency=world.hospital, sections=["identity", "contact"],
        agencies=[world.outreach],
    )  # fmt: skip
    refused = make_person(world.outreach, given_name="Refused")
    give_consent(
        refused, by=outreach_user, agency=world.outreach, sections=[],
        status=PermissionStatus.REFUSED,
    )  # fmt: skip
    gateway_person = make_person(world.council, given_name="Offending only")
    give_consent(gateway_person, by=caseworker_user, agency=world.council, sections=["offending"])
    elsewhere = make_person(world.brum_council, given_name="Elsewhere")
    glassed = make_person(world.council, given_name="Glassed")
    break_glass(glassed, reason="Found unwell", agency=world.outreach, by=outreach_user)
    return [unshared, shared, narrow, refused, gateway_person, elsewhere, glassed]


def test_bulk_access_agrees_with_the_policy_for_everyone(
    world, caseworker_user, outreach_user, referrer_user, commissioner_user
):
    people = _world_of_people(world, caseworker_user, outreach_user, referrer_user)
    two_hats = make_user("two.hats@coventry.test", agency=world.council, role=Role.COORDINATOR)
    Membership.objects.create(user=two_hats, agency=world.hospital, role=Role.REFERRER)
    brum = make_user("brum@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    users = [caseworker_user, outreach_user, referrer_user, commissioner_user, two_hats, brum]
    people = list(Person.objects.filter(pk__in=[p.pk for p in people]))

    matched = (Section.IDENTITY, Section.OFFENDING)
    agencies = [world.council, world.outreach, world.hospital, world.brum_council]
    seen = []
    for user in users:
        memberships = active_memberships(user)
        bulk = access_for_many(user, people, memberships)
        # Matching asks for identity and offending only: those must still agree exactly.
        narrow = access_for_many(user, people, memberships, sections=matched)
        for person in people:
            full = access_for(user, person, memberships)
            assert bulk[person.pk] == full, (user, person)
            for section in matched:
                for agency in agencies:
                    assert narrow[person.pk].can_see(section, agency.pk) == full.can_see(
                        section, agency.pk
                    ), (user, person, section, agency)
            seen.append(bulk[person.pk])
        expected = set(Person.objects.visible_to(user))
        assert set(visible_people(user, memberships)) == expected
        assert set(visible_in(user, Person.objects.all(), memberships)) == expected
    # The scenarios exercise every branch: shared, own-only, break-glass and nothing.
    assert any(a.break_glass_ids for a in seen)
    assert any(a.shared and not a.break_glass_ids for a in seen)
    assert any(a.own and not a.shared for a in seen)
    assert any(not a.knows_exists for a in seen)
