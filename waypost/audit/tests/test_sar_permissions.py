"""Only the partnership's data protection officers reach subject access requests: other roles
are refused (403), officers of another partnership are told it does not exist (404)."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.tests.conftest import open_request_for
from waypost.testing.people import make_person
from waypost.testing.personas import make_user, mark_recently_authenticated

PAGES = ["sar_detail", "sar_find", "sar_id_verified", "sar_extend", "sar_close", "sar_download"]
ACTIONS = ["sar_identify", "sar_export"]


@pytest.fixture
def sar(world, dpo_user):
    return open_request_for(dpo_user, world, person=make_person(world.council))


@pytest.fixture
def brum_dpo_client(world, client):
    user = make_user("dpo@birmingham.test", agency=world.brum_council, role=Role.DPO)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def test_the_partnerships_officer_reaches_every_page(dpo_client, sar):
    assert dpo_client.get(reverse("audit:sar_list")).status_code == 200
    assert dpo_client.get(reverse("audit:sar_open")).status_code == 200
    for name in PAGES[:-1]:
        assert dpo_client.get(reverse(f"audit:{name}", args=[sar.pk])).status_code == 200, name


@pytest.mark.parametrize(
    "persona", ["commissioner_client", "caseworker_client", "admin_client", "coordinator_client"]
)
def test_other_roles_are_refused(request, persona, sar):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("audit:sar_list")).status_code == 403
    assert client.get(reverse("audit:sar_open")).status_code == 403
    for name in PAGES:
        assert client.get(reverse(f"audit:{name}", args=[sar.pk])).status_code == 403, name
    for name in ACTIONS:
        assert client.post(reverse(f"audit:{name}", args=[sar.pk])).status_code == 403, name


def test_another_partnerships_officer_is_told_it_does_not_exist(brum_dpo_client, sar):
    for name in PAGES:
        assert brum_dpo_client.get(reverse(f"audit:{name}", args=[sar.pk])).status_code == 404
    for name in ACTIONS:
        response = brum_dpo_client.post(
            reverse(f"audit:{name}", args=[sar.pk]), {"person_id": str(sar.person_id)}
        )
        assert response.status_code == 404, name


def test_another_partnerships_officer_does_not_see_it_listed(brum_dpo_client, sar):
    response = brum_dpo_client.get(reverse("audit:sar_list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []


def test_an_officer_cannot_open_a_request_for_another_partnership(brum_dpo_client, world):
    response = brum_dpo_client.post(
        reverse("audit:sar_open"),
        {"partnership": str(world.coventry.pk), "received_on": "2026-01-05", "id_needed": "no"},
    )
    assert response.status_code == 200
    assert "partnership" in response.context["form"].errors


def test_an_officer_cannot_link_a_person_from_another_partnership(dpo_client, world, sar):
    stranger = make_person(world.brum_council)
    response = dpo_client.post(
        reverse("audit:sar_identify", args=[sar.pk]), {"person_id": str(stranger.pk)}
    )
    assert response.status_code == 404
    sar.refresh_from_db()
    assert sar.person_id != stranger.pk
