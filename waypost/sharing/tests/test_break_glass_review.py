"""Every break-glass use is listed for the agency's DPO to review: pending first, paginated,
filterable, with what was viewed, and marked reviewed with notes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.sharing.models import BreakGlass


def _use(person, user, agency, *, started_ago=timedelta(hours=1), reviewed=False, reason="Fell"):
    now = timezone.now()
    return BreakGlass.objects.create(
        user=user,
        agency=agency,
        person=person,
        reason=reason,
        started_at=now - started_ago,
        expires_at=now - started_ago + timedelta(hours=24),
        reviewed_at=now if reviewed else None,
    )


@pytest.fixture
def outreach_dpo_client(outreach_dpo, client_for):
    return client_for(outreach_dpo)


def test_uses_waiting_for_review_come_first(world, person, outreach_user, outreach_dpo_client):
    older_pending = _use(person, outreach_user, world.outreach, started_ago=timedelta(days=3),
                         reason="Older pending")  # fmt: skip
    _use(person, outreach_user, world.outreach, reviewed=True, reason="Newest reviewed")
    newer_pending = _use(person, outreach_user, world.outreach, started_ago=timedelta(days=1),
                         reason="Newer pending")  # fmt: skip
    response = outreach_dpo_client.get(reverse("sharing:break_glass_review"))
    assert [u.pk for u in response.context["page_obj"]][:2] == [newer_pending.pk, older_pending.pk]
    page = response.content.decode()
    assert page.index("Newer pending") < page.index("Older pending") < page.index("Newest reviewed")


def test_the_list_can_be_filtered(world, person, outreach_user, outreach_dpo_client):
    _use(person, outreach_user, world.outreach, reason="Pending one")
    _use(person, outreach_user, world.outreach, reviewed=True, reason="Reviewed one")
    url = reverse("sharing:break_glass_review")
    pending = outreach_dpo_client.get(url, {"status": "pending"}).content.decode()
    assert "Pending one" in pending and "Reviewed one" not in pending
    reviewed = outreach_dpo_client.get(url, {"status": "reviewed"}).content.decode()
    assert "Reviewed one" in reviewed and "Pending one" not in reviewed


def test_the_list_is_paginated_with_a_fixed_query_count(
    world, person, outreach_user, outreach_dpo_client, django_assert_num_queries
):
    for n in range(30):
        _use(person, outreach_user, world.outreach, started_ago=timedelta(minutes=n))
    url = reverse("sharing:break_glass_review")
    # session, user, memberships, MFA; count, page of uses; access event; session save (3)
    with django_assert_num_queries(11):  # with the SWEP banner
        response = outreach_dpo_client.get(url)
    assert len(response.context["page_obj"]) == 25
    second = outreach_dpo_client.get(url, {"page": 2})
    assert len(second.context["page_obj"]) == 5


def test_a_dpo_sees_only_their_agencys_uses(
    world, person, outreach_user, caseworker_user, dpo_client
):
    _use(person, outreach_user, world.outreach, reason="Outreach use")
    council = _use(person, caseworker_user, world.council, reason="Council use")
    page = dpo_client.get(reverse("sharing:break_glass_review")).content.decode()
    assert "Council use" in page and "Outreach use" not in page
    assert reverse("sharing:break_glass_use", args=[council.pk]) in page


def test_a_use_shows_what_was_viewed_and_can_be_marked_reviewed(
    world, person, outreach_user, outreach_dpo, outreach_dpo_client
):
    use = _use(person, outreach_user, world.outreach)
    record_access(
        outreach_user,
        channel=Channel.PAGE,
        section=Section.HEALTH,
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
    )
    url = reverse("sharing:break_glass_use", args=[use.pk])
    page = outreach_dpo_client.get(url).content.decode()
    assert "Health" in page
    assert "Fell" in page
    response = outreach_dpo_client.post(url, {"review_notes": ""})
    assert "Enter your review notes" in response.content.decode()
    response = outreach_dpo_client.post(url, {"review_notes": "Justified: ambulance called"})
    assert response.status_code == 302
    use.refresh_from_db()
    assert use.reviewed_by == outreach_dpo
    assert use.reviewed_at is not None
    assert use.review_notes == "Justified: ambulance called"
    page = outreach_dpo_client.get(url).content.decode()
    assert "Justified: ambulance called" in page
    assert "Mark as reviewed" not in page


def test_another_agencys_dpo_cannot_open_or_review_a_use(world, person, outreach_user, dpo_client):
    use = _use(person, outreach_user, world.outreach)
    url = reverse("sharing:break_glass_use", args=[use.pk])
    assert dpo_client.get(url).status_code == 404
    assert dpo_client.post(url, {"review_notes": "Looks fine"}).status_code == 404
    use.refresh_from_db()
    assert use.reviewed_at is None


def test_only_dpos_reach_the_review_pages(
    world, person, outreach_user, outreach_client, admin_client
):
    use = _use(person, outreach_user, world.outreach)
    for client in (outreach_client, admin_client):
        assert client.get(reverse("sharing:break_glass_review")).status_code == 403
        assert client.get(reverse("sharing:break_glass_use", args=[use.pk])).status_code == 403
