"""Who reaches the strategy tracker: coordinators and partnership admins keep the plan;
commissioners and regional officers of the same partnership read it; other roles get 403;
another partnership's plan answers 404."""

import pytest
from django.urls import reverse

from waypost.strategy.models import ReviewRound
from waypost.testing.strategy import first_action, make_strategy

READERS = ["coordinator_client", "admin_client", "commissioner_client", "regional_client"]
KEEPERS = ["coordinator_client", "admin_client"]
OTHERS = [
    "caseworker_client",
    "outreach_client",
    "referrer_client",
    "dpo_client",
    "provider_client",
]


@pytest.fixture
def plan(world):
    strategy = make_strategy(world.coventry)
    action = first_action(strategy)
    review = ReviewRound.objects.create(
        strategy=strategy, title="Reviewed May 2026", held_on="2026-05-01"
    )
    return strategy, action, review


def _read_urls(plan):
    strategy, action, review = plan
    return [
        reverse("strategy:strategies"),
        reverse("strategy:strategy", args=[strategy.pk]),
        reverse("strategy:reviews", args=[strategy.pk]),
        reverse("strategy:review", args=[review.pk]),
        reverse("strategy:board_report", args=[strategy.pk]),
        reverse("strategy:commitment", args=[action.commitment_id]),
        reverse("strategy:action", args=[action.pk]),
    ]


@pytest.mark.parametrize("client_name", READERS)
def test_readers_of_the_partnership_see_every_page(request, plan, client_name):
    client = request.getfixturevalue(client_name)
    for url in _read_urls(plan):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("client_name", OTHERS)
def test_other_roles_are_refused(request, plan, client_name):
    client = request.getfixturevalue(client_name)
    for url in _read_urls(plan):
        assert client.get(url).status_code == 403, url
    strategy, action, _ = plan
    assert client.post(reverse("strategy:action", args=[action.pk]), {}).status_code == 403


def test_another_partnerships_plan_is_not_found(birmingham_admin_client, plan):
    for url in _read_urls(plan)[1:]:
        assert birmingham_admin_client.get(url).status_code == 404, url
    assert birmingham_admin_client.get(reverse("strategy:strategies")).status_code == 200
    assert (
        birmingham_admin_client.get(
            reverse("strategy:strategies") + "?partnership=coventry"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("client_name", ["commissioner_client", "regional_client"])
def test_readers_cannot_change_the_plan(request, plan, client_name):
    client = request.getfixturevalue(client_name)
    strategy, action, review = plan
    posts = [
        reverse("strategy:action", args=[action.pk]),
        reverse("strategy:review_new", args=[strategy.pk]),
        reverse("strategy:review", args=[review.pk]),
        reverse("strategy:commitment_measure", args=[action.commitment_id]),
    ]
    for url in posts:
        assert client.post(url, {}).status_code == 403, url
    assert client.get(reverse("strategy:review_new", args=[strategy.pk])).status_code == 403
    page = client.get(reverse("strategy:action", args=[action.pk]))
    assert b"Save the action" not in page.content


def test_keepers_see_the_forms(coordinator_client, plan):
    strategy, action, _ = plan
    page = coordinator_client.get(reverse("strategy:action", args=[action.pk]))
    assert b"Save the action" in page.content
    assert (
        coordinator_client.get(reverse("strategy:review_new", args=[strategy.pk])).status_code
        == 200
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(reverse("strategy:strategy", args=[plan[0].pk]))
    assert response.status_code == 302
