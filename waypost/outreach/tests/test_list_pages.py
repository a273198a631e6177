"""A page of the by-name list reads only its rows (`ListPages`), and every page holds exactly
the rows of the same place in the whole list (`list_entries`, which the download reads): for
every sort and order, for users who see all, some or none of each row, whether the page is
found by walking batches near the top, by SQL further down, or runs past the rows whose sort
key the user may see."""

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.outreach.list_access import LIST_ROLES, ListPages, ListQuery, list_entries
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.test_list_access_rules import _people
from waypost.outreach.tests.test_list_page import on_list
from waypost.people.models import Person
from waypost.sharing.policy import active_memberships
from waypost.testing.people import give_consent, make_person
from waypost.testing.personas import make_user

SORTS = ["last_contact", "status_since", "tier", "name"]


@pytest.fixture
def crowded_list(world, caseworker_user, outreach_user, referrer_user):
    """The rules' mix of people, and more: shared and not, with ties in every sort key, no
    tier, never met, and people who must never be listed."""
    _people(world, caseworker_user, outreach_user, referrer_user)
    for n in range(14):
        person = make_person(
            world.outreach if n % 3 else world.council,
            given_name=f"P{n % 4}",
            family_name=["Able", "Baker", "able", "Cole"][n % 4],
        )
        if n % 2:
            give_consent(person, by=outreach_user, agency=world.outreach)
        on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.outreach, days_ago=n % 5,
                last_contact_days=None if n % 7 == 0 else n % 3,
                tier=None if n % 4 == 0 else 1 + n % 3)  # fmt: skip
    gone = make_person(world.outreach, given_name="Gone")
    give_consent(gone, by=outreach_user, agency=world.outreach)
    on_list(gone, ListStatus.ROUGH_SLEEPING, agency=world.outreach)
    Person.objects.filter(pk=gone.pk).update(restricted_at=timezone.now())


def _users(world, caseworker_user, outreach_user, coordinator_user):
    two_hats = make_user("two.hats@coventry.test", agency=world.council, role=Role.COORDINATOR)
    Membership.objects.create(user=two_hats, agency=world.hospital, role=Role.REFERRER)
    hospital_only = make_user("ward@coventry.test", agency=world.hospital, role=Role.CASEWORKER)
    return [caseworker_user, outreach_user, coordinator_user, two_hats, hospital_only]


@pytest.mark.parametrize("batch, walk_rows", [(100, 500), (3, 500), (3, 0)])
def test_every_page_holds_the_rows_of_its_place_in_the_whole_list(
    crowded_list, world, caseworker_user, outreach_user, coordinator_user, monkeypatch,
    batch, walk_rows,
):  # fmt: skip
    monkeypatch.setattr(ListPages, "BATCH", batch)
    monkeypatch.setattr(ListPages, "WALK_ROWS", walk_rows)
    compared = 0
    for user in _users(world, caseworker_user, outreach_user, coordinator_user):
        memberships = [m for m in active_memberships(user) if m.role in LIST_ROLES]
        for sort in SORTS:
            for descending in (False, True):
                query = ListQuery(partnership=world.coventry, sort=sort, descending=descending)
                whole = list(list_entries(user, memberships, query, days=28))
                pages = ListPages(user, memberships, query, days=28)
                assert pages.count() == len(whole)
                paginator = Paginator(pages, 4)
                shown = [e for n in paginator.page_range for e in paginator.page(n).object_list]
                assert [e.pk for e in shown] == [e.pk for e in whole], (user, sort, descending)
                for mine, theirs in zip(shown, whole, strict=True):
                    assert (mine.shows_name, mine.shows_status, mine.shows_tier) == (
                        theirs.shows_name, theirs.shows_status, theirs.shows_tier,
                    )  # fmt: skip
                    assert mine.last_seen_at == theirs.last_seen_at
                compared += len(whole)
    assert compared > 200


def test_a_filtered_list_pages_the_same_way(
    crowded_list, world, outreach_user, django_assert_max_num_queries
):
    memberships = active_memberships(outreach_user)
    query = ListQuery(partnership=world.coventry, tiers=["1", "none"], no_contact=True)
    whole = [e.pk for e in list_entries(outreach_user, memberships, query, days=1)]
    pages = ListPages(outreach_user, memberships, query, days=1)
    paginator = Paginator(pages, 3)
    assert [e.pk for n in paginator.page_range for e in paginator.page(n).object_list] == whole
    assert whole


def test_a_page_near_the_top_reads_a_fixed_number_of_queries(
    crowded_list, world, outreach_user, django_assert_num_queries
):
    memberships = active_memberships(outreach_user)
    query = ListQuery(partnership=world.coventry)
    # The agreement's signatures, the count, one batch of sorted ids, which of them the user
    # may see the key of, and the page's rows.
    with django_assert_num_queries(5):
        page = Paginator(ListPages(outreach_user, memberships, query, days=28), 10).page(1)
        assert len(page.object_list) == 10
