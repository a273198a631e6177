"""Ending a membership revokes access on the user's next request (pages and API)."""

from django.urls import reverse
from django.utils import timezone

from waypost.accounts.actions import create_api_token, end_membership
from waypost.accounts.models import Membership


def test_it_refuses_the_next_request_after_the_only_membership_ends(
    caseworker_client, caseworker_user
):
    assert caseworker_client.get("/").status_code == 200
    membership = Membership.objects.get(user=caseworker_user)
    end_membership(membership, by=caseworker_user)

    response = caseworker_client.get("/")
    assert response.status_code == 403
    assert "Your access to Waypost has ended" in response.content.decode()
    # And they were signed out: the next request is anonymous.
    assert caseworker_client.get(reverse("accounts:account")).status_code == 302


def test_it_keeps_access_through_another_active_membership(admin_client, admin_user, world):
    from waypost.accounts.actions import add_membership

    second = add_membership(
        user=admin_user, agency=world.outreach, role="coordinator", by=admin_user
    )
    end_membership(second, by=admin_user)
    assert admin_client.get(reverse("accounts:staff")).status_code == 200


def test_it_drops_a_role_on_the_next_request_when_one_of_two_ends(admin_client, admin_user, world):
    from waypost.accounts.actions import add_membership

    add_membership(user=admin_user, agency=world.council, role="dpo", by=admin_user)
    assert admin_client.get(reverse("audit:log")).status_code == 200
    admin_role = Membership.objects.get(user=admin_user, role="partnership_admin")
    end_membership(admin_role, by=admin_user)
    assert admin_client.get(reverse("accounts:staff")).status_code == 403
    assert admin_client.get(reverse("audit:log")).status_code == 200


def test_it_refuses_the_api_token_of_a_user_whose_membership_ended(client, caseworker_user):
    _, raw = create_api_token(user=caseworker_user, name="test", by=caseworker_user)
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    assert client.get("/api/v1/me/", **auth).status_code == 200
    Membership.objects.filter(user=caseworker_user).update(ended_at=timezone.now())
    response = client.get("/api/v1/me/", **auth)
    assert response.status_code == 403
    assert response.json()["type"] == "client_error"


def test_admin_ends_a_membership_through_the_page(admin_client, caseworker_user):
    membership = Membership.objects.get(user=caseworker_user)
    url = reverse("accounts:membership_end", args=[membership.pk])
    assert "End caseworker" in admin_client.get(url).content.decode()
    response = admin_client.post(url)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_admin_of_another_partnership_cannot_end_it(birmingham_admin_client, caseworker_user):
    membership = Membership.objects.get(user=caseworker_user)
    url = reverse("accounts:membership_end", args=[membership.pk])
    assert birmingham_admin_client.get(url).status_code == 404
    assert birmingham_admin_client.post(url).status_code == 404
    membership.refresh_from_db()
    assert membership.ended_at is None
