"""Outreach's queue: the partnership's waiting alerts, oldest first, overdue ones marked in
words and colour; only outreach workers and coordinators of that partnership see it."""

import re
from datetime import timedelta

from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.referrals.models import Alert
from waypost.referrals.tests.helpers import make_alert


def _age(alert: Alert, *, hours: int = 0, due_days: int | None = None) -> Alert:
    alert.received_at = timezone.now() - timedelta(hours=hours)
    if due_days is not None:
        alert.due_on = timezone.localdate() + timedelta(days=due_days)
    alert.save()
    return alert


def test_the_queue_lists_waiting_alerts_oldest_first(outreach_client, areas):
    newer = _age(make_alert(street="Corporation Street", appearance="Woman, red hat"), hours=1)
    older = _age(make_alert(street="Far Gosford Street", appearance="Man, grey beard"), hours=5)
    page = outreach_client.get("/alerts/queue/").content.decode()
    assert page.index(older.display_reference) < page.index(newer.display_reference)
    assert "2 alerts waiting" in page
    assert "Far Gosford Street" in page


def test_overdue_alerts_are_marked_in_red_and_in_words(outreach_client, areas):
    late = _age(make_alert(street="Corporation Street"), hours=400, due_days=-1)
    on_time = make_alert(street="Spon Street", appearance="Young woman with a rucksack")
    page = outreach_client.get("/alerts/queue/").content.decode()
    assert "1 overdue" in page
    late_card = re.search(
        rf"<section[^>]*>(?:(?!</section>).)*{late.display_reference}", page, re.S
    )
    assert "app-alert-card--overdue" in late_card.group(0)
    assert "Overdue" in late_card.group(0)
    on_time_card = re.search(
        rf"<section[^>]*>(?:(?!</section>).)*{on_time.display_reference}", page, re.S
    ).group(0)
    assert "app-alert-card--overdue" not in on_time_card
    assert f"By {on_time.due_on:%-d %B %Y}" in page


def test_closed_alerts_leave_the_queue(outreach_client, areas):
    alert = make_alert()
    Alert.objects.filter(pk=alert.pk).update(status="closed", outcome="not_found")
    page = outreach_client.get("/alerts/queue/").content.decode()
    assert alert.display_reference not in page
    assert "No alerts are waiting" in page


def test_each_alert_shown_is_in_the_access_log(outreach_client, outreach_user, areas, world):
    alerts = [make_alert(street=f"Street {n}", appearance=f"Person {n}") for n in range(2)]
    outreach_client.get("/alerts/queue/")
    events = AccessEvent.objects.filter(user=outreach_user, subject_type="alert")
    assert {e.subject_id for e in events} == {str(a.pk) for a in alerts}
    assert {e.route for e in events} == {"alerts:queue"}
    assert {e.agency_id for e in events} == {world.outreach.pk}


def test_another_partnerships_outreach_does_not_see_the_alerts(brum_outreach_client, areas):
    alert = make_alert()
    page = brum_outreach_client.get("/alerts/queue/").content.decode()
    assert alert.display_reference not in page
    assert brum_outreach_client.get(f"/alerts/{alert.pk}/").status_code == 404


def test_coordinators_see_alerts_outside_every_area_to_forward(
    coordinator_client, outreach_client, areas
):
    stray = make_alert(postcode="", town="Leeds")
    page = coordinator_client.get("/alerts/queue/").content.decode()
    assert "Outside every partnership’s area" in page
    assert stray.display_reference in page
    assert f"/alerts/{stray.pk}/forward/" in page
    assert stray.display_reference not in outreach_client.get("/alerts/queue/").content.decode()


def test_roles_without_alert_work_are_refused(
    commissioner_client, caseworker_client, referrer_client, admin_client, dpo_client, db
):
    for client in (
        commissioner_client,
        caseworker_client,
        referrer_client,
        admin_client,
        dpo_client,
    ):
        assert client.get("/alerts/queue/").status_code == 403
        assert client.get("/alerts/queue/closed/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/alerts/queue/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_queue_costs_a_fixed_number_of_queries_plus_one_log_row_per_alert(
    outreach_client, areas, django_assert_num_queries
):
    for n in range(3):
        make_alert(street=f"Street {n}", appearance=f"Person {n}", town=f"Coventry {n}")
    outreach_client.get("/alerts/queue/")  # warm the session
    with django_assert_num_queries(9 + 3):  # with the SWEP banner
        assert outreach_client.get("/alerts/queue/").status_code == 200
    for n in range(3, 6):
        make_alert(street=f"Street {n}", appearance=f"Person {n}", town=f"Coventry {n}")
    with django_assert_num_queries(9 + 6):  # with the SWEP banner
        outreach_client.get("/alerts/queue/")


def test_the_outcomes_list_shows_closed_alerts_newest_first(outreach_client, areas):
    first, second = make_alert(street="One Street"), make_alert(street="Two Street")
    now = timezone.now()
    Alert.objects.filter(pk=first.pk).update(
        status="closed", outcome="not_found", closed_at=now - timedelta(days=1)
    )
    Alert.objects.filter(pk=second.pk).update(status="closed", outcome="engaging", closed_at=now)
    page = outreach_client.get("/alerts/queue/closed/").content.decode()
    assert page.index(second.display_reference) < page.index(first.display_reference)
    assert "Engaging with services" in page and "Not found" in page
