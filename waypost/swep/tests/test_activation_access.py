"""Who may see and act on SWEP: any staff of the partnership see its pages; coordinators
propose; coordinators, partnership admins and commissioners (the activators) activate, decide
not to, start and end; another partnership's activation is "Page not found". Each refusal
sits beside a success."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.swep.activation_actions import activate, propose_activation
from waypost.swep.models import Activation, ActivationKind, ActivationStatus
from waypost.testing.personas import make_user, mark_recently_authenticated

ALL_STAFF = [
    "admin_client",
    "coordinator_client",
    "caseworker_client",
    "outreach_client",
    "referrer_client",
    "commissioner_client",
    "dpo_client",
    "provider_client",
]
ACTIVATORS = ["coordinator_client", "admin_client", "commissioner_client"]
NOT_ACTIVATORS = [
    "caseworker_client",
    "outreach_client",
    "referrer_client",
    "dpo_client",
    "provider_client",
]


def make_activation(partnership, status=ActivationStatus.PROPOSED, **fields) -> Activation:
    """An activation from 18:00 tonight to 09:00 the day after tomorrow, written directly."""
    now = timezone.now()
    fields.setdefault("starts_at", now + timedelta(hours=1))
    fields.setdefault("expected_end_at", now + timedelta(days=2))
    fields.setdefault("kind", ActivationKind.COLD)
    fields.setdefault("reasons", ["Forecast minimum \u22121.0 °C, at or below 0.0 °C"])
    if status == ActivationStatus.PROPOSED:
        fields.setdefault("proposed_at", now)
    return Activation.objects.create(partnership=partnership, status=status, **fields)


def _post_form(kind="cold"):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    return {
        "kind": kind,
        "starts_on_0": today.day,
        "starts_on_1": today.month,
        "starts_on_2": today.year,
        "starts_time": "18:00",
        "ends_on_0": tomorrow.day,
        "ends_on_1": tomorrow.month,
        "ends_on_2": tomorrow.year,
        "ends_time": "09:00",
        "reasons": "Forecast minimum \u22121.0 °C\nIce",
    }


@pytest.mark.parametrize("client_name", ALL_STAFF)
def test_every_member_of_staff_sees_the_swep_pages(request, world, client_name):
    client = request.getfixturevalue(client_name)
    activation = make_activation(world.coventry)

    assert client.get(reverse("swep:home")).status_code == 200
    page = client.get(reverse("swep:activation", args=[activation.pk]))
    assert page.status_code == 200
    assert "Forecast minimum" in page.content.decode()
    assert client.get(reverse("swep:subscriptions")).status_code == 200


def test_another_partnerships_activation_is_not_found(world, birmingham_admin_client):
    activation = make_activation(world.coventry)

    assert (
        birmingham_admin_client.get(reverse("swep:activation", args=[activation.pk])).status_code
        == 404
    )
    for name in ("swep:activate", "swep:not_activate", "swep:end"):
        assert birmingham_admin_client.post(reverse(name, args=[activation.pk])).status_code == 404
    # Its SWEP page shows Birmingham; asking for Coventry's is "not found".
    page = birmingham_admin_client.get(reverse("swep:home"))
    assert "Birmingham" in page.content.decode()
    assert (
        birmingham_admin_client.get(reverse("swep:home") + "?partnership=coventry").status_code
        == 404
    )


def test_a_missing_activation_is_not_found(coordinator_client):
    import uuid

    assert (
        coordinator_client.get(reverse("swep:activation", args=[uuid.uuid4()])).status_code == 404
    )


@pytest.mark.parametrize(
    "client_name", ["caseworker_client", "admin_client", "commissioner_client", "outreach_client"]
)
def test_only_coordinators_propose_and_enter_forecasts(
    request, world, client_name, coordinator_client
):
    client = request.getfixturevalue(client_name)

    assert client.get(reverse("swep:propose")).status_code == 403
    assert client.post(reverse("swep:propose"), _post_form()).status_code == 403
    assert client.get(reverse("swep:forecast_new")).status_code == 403
    assert client.get(reverse("swep:rota")).status_code == 403
    assert not Activation.objects.exists()

    assert coordinator_client.get(reverse("swep:propose")).status_code == 200
    response = coordinator_client.post(reverse("swep:propose"), _post_form())
    assert response.status_code == 302
    proposal = Activation.objects.get()
    assert proposal.status == ActivationStatus.PROPOSED
    assert proposal.reasons == ["Forecast minimum \u22121.0 °C", "Ice"]


@pytest.mark.parametrize("client_name", NOT_ACTIVATORS)
def test_other_roles_cannot_decide_start_or_end(request, world, client_name):
    client = request.getfixturevalue(client_name)
    proposal = make_activation(world.coventry)

    assert (
        client.post(reverse("swep:activate", args=[proposal.pk]), {"version": 1}).status_code == 403
    )
    assert client.get(reverse("swep:not_activate", args=[proposal.pk])).status_code == 403
    assert (
        client.post(
            reverse("swep:not_activate", args=[proposal.pk]), {"version": 1, "note": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("swep:start")).status_code == 403
    assert client.post(reverse("swep:start"), _post_form()).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.PROPOSED

    active = make_activation(
        world.coventry, status=ActivationStatus.ACTIVE, activated_at=timezone.now()
    )
    assert client.get(reverse("swep:end", args=[active.pk])).status_code == 403
    assert client.post(reverse("swep:end", args=[active.pk]), {"version": 1}).status_code == 403
    active.refresh_from_db()
    assert active.status == ActivationStatus.ACTIVE


@pytest.mark.parametrize("client_name", ACTIVATORS)
def test_each_activator_role_activates_and_ends(request, world, client_name):
    client = request.getfixturevalue(client_name)
    proposal = make_activation(world.coventry)

    response = client.post(reverse("swep:activate", args=[proposal.pk]), {"version": 1})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.ACTIVE
    assert proposal.activated_at is not None
    assert client.get(reverse("swep:end", args=[proposal.pk])).status_code == 200
    response = client.post(reverse("swep:end", args=[proposal.pk]), {"version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.ENDED
    assert proposal.ended_at is not None


@pytest.mark.parametrize("client_name", ACTIVATORS)
def test_each_activator_role_decides_not_to_activate(request, world, client_name):
    client = request.getfixturevalue(client_name)
    proposal = make_activation(world.coventry)

    assert client.get(reverse("swep:not_activate", args=[proposal.pk])).status_code == 200
    client.post(
        reverse("swep:not_activate", args=[proposal.pk]),
        {"version": 1, "note": "The forecast has risen to 2 °C."},
    )

    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.NOT_ACTIVATED
    assert proposal.decision_note == "The forecast has risen to 2 °C."


@pytest.mark.parametrize("client_name", ACTIVATORS)
def test_each_activator_role_starts_swep_by_hand(request, world, client_name):
    client = request.getfixturevalue(client_name)

    assert client.get(reverse("swep:start")).status_code == 200
    response = client.post(reverse("swep:start"), _post_form())

    assert response.status_code == 302
    assert Activation.objects.get().status == ActivationStatus.ACTIVE


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def test_a_coordinator_elsewhere_cannot_act_here(world, coordinator_client):
    brum_coordinator = make_user(
        "coord@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    client = client_for(brum_coordinator)
    proposal = make_activation(world.coventry)

    assert (
        client.post(reverse("swep:activate", args=[proposal.pk]), {"version": 1}).status_code == 404
    )
    assert client.get(reverse("swep:propose") + "?partnership=coventry").status_code == 404
    assert client.get(reverse("swep:start") + "?partnership=coventry").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.PROPOSED


def test_the_actions_check_roles_again(world, caseworker_user, coordinator_user):
    proposal = make_activation(world.coventry)
    with pytest.raises(PermissionDenied):
        activate(proposal, version=1, by=caseworker_user)
    with pytest.raises(PermissionDenied):
        propose_activation(
            world.birmingham,
            kind=ActivationKind.COLD,
            starts_at=timezone.now(),
            expected_end_at=timezone.now() + timedelta(hours=12),
            reasons=["Cold"],
            by=coordinator_user,
        )
