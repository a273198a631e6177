"""Telling several members of staff at once: the same notifications `notify` writes, in one
INSERT, so a referral's cost does not grow with the size of the triage team."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.notifications.actions import notify_many
from waypost.notifications.models import Notification


@pytest.mark.django_db
def test_everyone_is_told_in_one_insert(caseworker_user, outreach_user, coordinator_user):
    team = [caseworker_user, outreach_user, coordinator_user]
    with CaptureQueriesContext(connection) as queries:
        notify_many(team, title="New referral to triage", body="Waiting.", link="/referrals/")
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    told = Notification.objects.filter(title="New referral to triage")
    assert sorted(n.user_id for n in told) == sorted(u.pk for u in team)
    assert {(n.body, n.link, n.read_at) for n in told} == {("Waiting.", "/referrals/", None)}


@pytest.mark.django_db
def test_a_link_leaving_waypost_is_refused(caseworker_user):
    with pytest.raises(ValueError, match="inside Waypost"):
        notify_many([caseworker_user], title="t", body="b", link="//evil.example/")
    assert not Notification.objects.exists()
