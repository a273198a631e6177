import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.notifications.actions import notify
from waypost.notifications.models import Notification

URL = reverse("notifications:list")


def test_it_lists_my_notifications_newest_first_with_unread_tagged(
    caseworker_client, caseworker_user, outreach_user
):
    old = notify(caseworker_user, title="Older news", body="x")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1), read_at=timezone.now()
    )
    notify(caseworker_user, title="Newer news", body="y", link="/somewhere/")
    notify(outreach_user, title="Someone else's news", body="z")

    response = caseworker_client.get(URL)

    assert response.status_code == 200
    assert [n.title for n in response.context["page_obj"]] == ["Newer news", "Older news"]
    assert "Someone else" not in response.text
    assert response.text.count('class="govuk-tag govuk-tag--blue">Unread<') == 1
    assert 'href="/somewhere/"' in response.text


def test_it_shows_twenty_five_a_page_in_a_bounded_number_of_queries(
    caseworker_client, caseworker_user, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(user=caseworker_user, title=f"Note {i}") for i in range(30)
    )

    with django_assert_max_num_queries(10):  # with the SWEP banner
        response = caseworker_client.get(URL)
    assert len(response.context["page_obj"]) == 25

    response = caseworker_client.get(URL, {"page": "2"})
    assert len(response.context["page_obj"]) == 5


def test_it_says_when_there_are_none(caseworker_client):
    assert "You have no notifications." in caseworker_client.get(URL).text


def test_i_can_mark_my_notification_read(caseworker_client, caseworker_user):
    notification = notify(caseworker_user, title="News", body="x")

    response = caseworker_client.post(
        reverse("notifications:mark_read", args=[notification.pk]), {"page": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == URL + "?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "Unread" not in caseworker_client.get(URL).text


def test_someone_elses_notification_is_not_found(caseworker_client, outreach_user):
    theirs = notify(outreach_user, title="Theirs", body="x")

    response = caseworker_client.post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    missing = caseworker_client.post(reverse("notifications:mark_read", args=[uuid.uuid4()]))
    assert missing.status_code == 404


def test_marking_read_needs_a_post(caseworker_client, caseworker_user):
    notification = notify(caseworker_user, title="News", body="x")

    response = caseworker_client.get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
