"""The by-name list decides what each user sees of every row in SQL (list_access), not with
`access_for` per row. It must agree exactly with the one access policy for every mix of
agreement, sharing permission (all or some sections, all or some agencies), refusal,
break-glass, role, and which agency recorded the person and put them on the list."""

from waypost.accounts.models import Membership, Role
from waypost.audit.models import Section
from waypost.outreach.list_access import LIST_ROLES, ListQuery, list_entries
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.test_list_page import on_list
from waypost.sharing.actions import break_glass
from waypost.sharing.models import PermissionStatus
from waypost.sharing.policy import access_for, active_memberships
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user


def _people(world, caseworker_user, outreach_user, referrer_user):
    sign_agreement_for(world.council, world.outreach)  # the hospital has not signed
    unshared = make_person(world.council, given_name="Unshared")
    on_list(unshared, ListStatus.ROUGH_SLEEPING, agency=world.outreach)
    shared = make_person(world.outreach, given_name="Shared")
    give_consent(shared, by=outreach_user, agency=world.outreach)
    on_list(shared, ListStatus.AT_RISK, agency=world.council, tier=1)
    narrow = make_person(world.hospital, given_name="Narrow")
    give_consent(
        narrow, by=referrer_user, agency=world.hospital, sections=["identity", "contact"],
        agencies=[world.outreach],
    )  # fmt: skip
    on_list(narrow, ListStatus.HOSPITAL, agency=world.hospital, tier=2)
    refused = make_person(world.outreach, given_name="Refused")
    give_consent(
        refused, by=outreach_user, agency=world.outreach, sections=[],
        status=PermissionStatus.REFUSED,
    )  # fmt: skip
    on_list(refused, ListStatus.CUSTODY, agency=world.council)
    support_only = make_person(world.council, given_name="Support only")
    give_consent(support_only, by=caseworker_user, agency=world.council, sections=["support"])
    on_list(support_only, ListStatus.SUPPORTED, agency=world.outreach, tier=3)
    glassed = make_person(world.council, given_name="Glassed")
    on_list(glassed, ListStatus.EMERGENCY, agency=world.council)
    break_glass(glassed, reason="Found unwell", agency=world.outreach, by=outreach_user)
    hospital_own = make_person(world.hospital, given_name="Hospital's own")
    on_list(hospital_own, ListStatus.AT_RISK, agency=world.outreach)
    return [unshared, shared, narrow, refused, support_only, glassed, hospital_own]


def test_the_lists_sql_agrees_with_the_policy_for_everyone(
    world, caseworker_user, outreach_user, referrer_user, coordinator_user, commissioner_user
):
    people = _people(world, caseworker_user, outreach_user, referrer_user)
    two_hats = make_user("two.hats@coventry.test", agency=world.council, role=Role.COORDINATOR)
    Membership.objects.create(user=two_hats, agency=world.hospital, role=Role.REFERRER)
    users = [
        caseworker_user, outreach_user, referrer_user, coordinator_user, commissioner_user,
        two_hats,
    ]  # fmt: skip
    everything = ListQuery(partnership=world.coventry, statuses=list(ListStatus.values))
    checked = {"listed": 0, "name": 0, "status": 0, "tier": 0, "hidden": 0}
    for user in users:
        # The list reads through the memberships whose role may see it (not referrers').
        memberships = [m for m in active_memberships(user) if m.role in LIST_ROLES]
        rows = {
            e.person_id: e
            for e in list_entries(user, memberships, ListQuery(partnership=world.coventry), days=28)
        }
        # With every status asked for, only rows whose status the user may see come back.
        filtered = {e.person_id for e in list_entries(user, memberships, everything, days=28)}
        for person in people:
            person.refresh_from_db()
            access = access_for(user, person, memberships)
            entry = rows.get(person.pk)
            assert (entry is not None) == access.knows_exists, (user, person)
            if entry is None:
                checked["hidden"] += 1
                continue
            checked["listed"] += 1
            owner = entry.added_by_agency_id
            expected = {
                "name": access.can_see(Section.IDENTITY, person.recorded_by_agency_id),
                "status": access.can_see(Section.CONTACT, owner),
                "tier": access.can_see(Section.SUPPORT, owner),
            }
            got = {
                "name": entry.shows_name,
                "status": entry.shows_status,
                "tier": entry.shows_tier,
            }
            assert got == expected, (user.email, person.given_name)
            assert (person.pk in filtered) == expected["status"], (user.email, person.given_name)
            for key, value in got.items():
                checked[key] += value
    # The scenarios exercise every branch: shown and not shown, listed and not.
    assert all(checked.values()), checked
    assert checked["name"] < checked["listed"] and checked["tier"] < checked["listed"]
