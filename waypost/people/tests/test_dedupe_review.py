"""The review queue: coordinators and caseworkers compare pairs side by side and decide; other
roles and partnerships are refused; what the pages show is in the access log."""

from datetime import date

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.people import actions
from waypost.people.matching.weights import forget_cached_weights
from waypost.people.models import AliasKind, DuplicatePair, DuplicateStatus, IdentifierKind
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

LIST = reverse("duplicates:list")


def _pair(a, b, score=0.9):
    first, second = sorted((a, b), key=lambda p: p.pk)
    return DuplicatePair.objects.create(
        partnership_id=a.partnership_id, first=first, second=second, score=score,
        explanation={"given_name": "exact"},
    )  # fmt: skip


@pytest.fixture
def pair(world):
    jo = make_person(world.council)
    joe = make_person(world.council, given_name="Joe", family_name="Blogs")
    actions.add_alias(
        joe, kind=AliasKind.NICKNAME, given_name="Jojo", by=None, agency=world.council
    )
    actions.add_identifier(
        joe, kind=IdentifierKind.PRISON_NUMBER, value="A1234BC", by=None, agency=world.council
    )
    return _pair(jo, joe)


def test_the_queue_lists_pending_pairs_of_the_partnership_most_likely_first(
    pair, world, coordinator_client, django_assert_num_queries
):
    mary = make_person(world.council, given_name="Mary", family_name="Jones")
    molly = make_person(world.council, given_name="Molly", family_name="Jones")
    likely = _pair(mary, molly, score=0.97)
    decided = _pair(make_person(world.council), make_person(world.council))
    DuplicatePair.objects.filter(pk=decided.pk).update(status=DuplicateStatus.DIFFERENT)
    elsewhere = _pair(make_person(world.brum_council), make_person(world.brum_council))
    hidden = _pair(make_person(world.council), make_person(world.outreach))  # no consent

    # Session, user, memberships, MFA, agreements; count, page (pairs with both people and
    # agencies); one INSERT of the access events for the people shown; the session's
    # idle-timeout save (3).
    with django_assert_num_queries(12):  # with the SWEP banner
        response = coordinator_client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 pairs waiting" in page
    assert page.index(reverse("duplicates:pair", args=[likely.pk])) < page.index(
        reverse("duplicates:pair", args=[pair.pk])
    )
    for absent in (decided, elsewhere, hidden):
        assert reverse("duplicates:pair", args=[absent.pk]) not in page
    shown = {pair.first_id, pair.second_id, mary.pk, molly.pk}
    events = AccessEvent.objects.filter(route="duplicates:list")
    assert set(events.values_list("person_id", flat=True)) == shown
    assert {e.channel for e in events} == {"page"}


def test_only_coordinators_and_caseworkers_may_review(
    pair, client, caseworker_client, outreach_client, referrer_client, commissioner_client,
    admin_client, dpo_client,
):  # fmt: skip
    assert caseworker_client.get(LIST).status_code == 200
    for refused in (
        outreach_client,
        referrer_client,
        commissioner_client,
        admin_client,
        dpo_client,
    ):
        assert refused.get(LIST).status_code == 403
        assert refused.get(reverse("duplicates:pair", args=[pair.pk])).status_code == 403
    assert client.get(LIST).status_code == 302  # to sign in


def test_the_pair_page_compares_the_records_side_by_side(
    pair, coordinator_client, django_assert_num_queries
):
    url = reverse("duplicates:pair", args=[pair.pk])
    forget_cached_weights()  # so the weights query is always counted
    # Request (5), the pair, aliases, identifiers, weights, access events (2 INSERTs),
    # session (3).
    with django_assert_num_queries(15):  # with the SWEP banner
        response = coordinator_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Jo Bloggs", "Joe Blogs", "1 March 1980", "Jojo (nickname)",
                 "Prison number: A1234BC", "Last name: similar",
                 "Same person: I will merge them next"):  # fmt: skip
        assert text in page
    sections = set(
        AccessEvent.objects.filter(route="duplicates:pair").values_list("person_id", "section")
    )
    assert sections == {
        (pair.first_id, "identity"),
        (pair.second_id, "identity"),
        (pair.second_id if "Joe" in pair.second.given_name else pair.first_id, "offending"),
    }


def test_other_partnerships_and_hidden_records_get_not_found(
    world, coordinator_client, birmingham_admin_user
):
    brum = _pair(make_person(world.brum_council), make_person(world.brum_council))
    hidden = _pair(make_person(world.council), make_person(world.outreach))
    for other in (brum, hidden):
        response = coordinator_client.get(reverse("duplicates:pair", args=[other.pk]))
        assert response.status_code == 404
        response = coordinator_client.post(
            reverse("duplicates:pair", args=[other.pk]), {"decision": "different"}
        )
        assert response.status_code == 404
    assert DuplicatePair.objects.filter(status=DuplicateStatus.PENDING).count() == 2
    brum_coordinator = make_user(
        "coord@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    from django.test import Client

    other_side = Client()
    other_side.force_login(brum_coordinator)
    assert other_side.get(reverse("duplicates:pair", args=[brum.pk])).status_code == 200


def test_different_people_is_stored_and_never_proposed_again(
    pair, coordinator_client, coordinator_user
):
    url = reverse("duplicates:pair", args=[pair.pk])
    response = coordinator_client.post(url, {"decision": "different"}, follow=True)
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DIFFERENT
    assert pair.decided_by == coordinator_user and pair.decided_at is not None
    page = response.content.decode()
    assert "This pair will not be suggested again" in page
    assert "Same person: I will merge them next" not in page  # no form once decided
    assert "0 pair" not in coordinator_client.get(LIST).content.decode()
    assert "There are no pairs waiting" in coordinator_client.get(LIST).content.decode()


def test_same_person_is_stored_and_leads_to_the_merge_page(pair, coordinator_client):
    url = reverse("duplicates:pair", args=[pair.pk])
    response = coordinator_client.post(url, {"decision": "same"}, follow=True)
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.SAME
    merge = reverse("merge:choose", kwargs={"first": pair.first_id, "second": pair.second_id})
    assert f'href="{merge}"' in response.content.decode()


def test_no_choice_is_an_error_that_says_what_to_do(pair, coordinator_client):
    response = coordinator_client.post(reverse("duplicates:pair", args=[pair.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select whether these records are the same person" in page
    assert DuplicatePair.objects.get().status == DuplicateStatus.PENDING


def test_the_first_decision_stands(pair, coordinator_client, caseworker_client):
    url = reverse("duplicates:pair", args=[pair.pk])
    coordinator_client.post(url, {"decision": "same"})
    response = caseworker_client.post(url, {"decision": "different"}, follow=True)
    assert "Someone else decided this pair first" in response.content.decode()
    assert DuplicatePair.objects.get().status == DuplicateStatus.SAME


def test_pairs_born_on_different_days_show_how_dates_differ(world, coordinator_client):
    a = make_person(world.council, birth_date=date(1980, 3, 1))
    b = make_person(world.council, birth_date=date(1980, 1, 3))
    page = coordinator_client.get(reverse("duplicates:pair", args=[_pair(a, b).pk]))
    assert "Date of birth: day and month swapped" in page.content.decode()
