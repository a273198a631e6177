"""The cascade (waypost.swep.cascade): who is told, once each even when it runs twice, in the
same transaction as the activation, and with nothing personal in the words."""

import pytest
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.notifications.models import Notification, OutboxChannel, OutboxMessage
from waypost.swep import cascade
from waypost.swep.activation_actions import activate
from waypost.swep.cascade import ENDED, STARTED, run_cascade
from waypost.swep.models import (
    ActivationStatus,
    CascadeMessage,
    RotaMember,
    Subscription,
    SubscriptionChannel,
)
from waypost.swep.tests.test_activation_access import make_activation
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

NUMBER = "+447700900123"


@pytest.fixture
def everyone(
    world,
    admin_user,
    coordinator_user,
    caseworker_user,
    outreach_user,
    referrer_user,
    commissioner_user,
    dpo_user,
    provider_user,
    birmingham_admin_user,
):
    return {
        "admin": admin_user,
        "coordinator": coordinator_user,
        "caseworker": caseworker_user,
        "outreach": outreach_user,
        "referrer": referrer_user,
        "commissioner": commissioner_user,
        "dpo": dpo_user,
        "provider": provider_user,
        "brum": birmingham_admin_user,
    }


def _told(channel=SubscriptionChannel.EMAIL, event=STARTED) -> set[str]:
    return set(
        CascadeMessage.objects.filter(channel=channel, event=event).values_list(
            "address", flat=True
        )
    )


def test_agency_staff_in_front_line_and_provider_roles_are_emailed(world, everyone):
    activation = make_activation(world.coventry, status=ActivationStatus.ACTIVE)

    assert run_cascade(activation, STARTED) == 4

    assert _told() == {
        everyone[name].email for name in ("coordinator", "caseworker", "outreach", "provider")
    }
    assert _told(SubscriptionChannel.SMS) == set()
    # Each email has an in-app notification beside it, linking to the activation.
    notes = Notification.objects.filter(title="SWEP is active in Coventry")
    assert {n.user_id for n in notes} == {
        everyone[name].pk for name in ("coordinator", "caseworker", "outreach", "provider")
    }
    assert {n.link for n in notes} == {f"/swep/{activation.pk}/"}
    for message in CascadeMessage.objects.select_related("outbox", "agency"):
        assert message.outbox.channel == OutboxChannel.EMAIL
        assert message.outbox.to_address == message.address
        assert message.agency is not None


def test_inactive_agencies_and_ended_memberships_are_not_told(world, everyone):
    world.shelter.is_active = False
    world.shelter.save()
    Membership.objects.filter(user=everyone["outreach"]).update(ended_at=timezone.now())
    activation = make_activation(world.coventry, status=ActivationStatus.ACTIVE)

    run_cascade(activation, STARTED)

    assert _told() == {everyone["coordinator"].email, everyone["caseworker"].email}


def test_the_rota_gets_a_text_and_an_email_and_subscribers_what_they_chose(world, everyone):
    RotaMember.objects.create(partnership=world.coventry, user=everyone["outreach"], phone=NUMBER)
    Subscription.objects.create(
        partnership=world.coventry,
        user=everyone["commissioner"],
        channel=SubscriptionChannel.EMAIL,
    )
    Subscription.objects.create(
        partnership=world.coventry,
        user=everyone["caseworker"],
        channel=SubscriptionChannel.SMS,
        phone="+447700900999",
    )
    # Someone who has left the partnership is not told, rota or not.
    leaver = make_user("leaver@coventry.test", agency=world.council, role=Role.DPO)
    RotaMember.objects.create(partnership=world.coventry, user=leaver, phone="+447700900555")
    Membership.objects.filter(user=leaver).update(ended_at=timezone.now())
    # Birmingham's subscriber is not told about Coventry.
    Subscription.objects.create(
        partnership=world.birmingham, user=everyone["brum"], channel=SubscriptionChannel.EMAIL
    )
    activation = make_activation(world.coventry, status=ActivationStatus.ACTIVE)

    run_cascade(activation, STARTED)

    assert _told(SubscriptionChannel.SMS) == {NUMBER, "+447700900999"}
    assert everyone["commissioner"].email in _told()
    assert everyone["brum"].email not in _told()
    assert leaver.email not in _told()
    sms = OutboxMessage.objects.filter(channel=OutboxChannel.SMS)
    assert set(sms.values_list("to_address", flat=True)) == {NUMBER, "+447700900999"}
    # One email per address: the outreach worker is on the rota and at an agency.
    assert CascadeMessage.objects.filter(address=everyone["outreach"].email).count() == 1


def test_running_the_cascade_twice_tells_nobody_twice(world, everyone):
    RotaMember.objects.create(partnership=world.coventry, user=everyone["outreach"], phone=NUMBER)
    activation = make_activation(world.coventry, status=ActivationStatus.ACTIVE)

    first = run_cascade(activation, STARTED)
    again = run_cascade(activation, STARTED)

    assert (first, again) == (5, 0)
    assert CascadeMessage.objects.count() == 5
    assert OutboxMessage.objects.count() == 5
    assert Notification.objects.count() == 4
    # Someone who joins later is told when it runs again; nobody else is.
    late = make_user("late@coventry.test", agency=world.outreach, role=Role.OUTREACH_WORKER)
    assert run_cascade(activation, STARTED) == 1
    assert _told() >= {late.email}
    # The ended event is a separate message to each.
    assert run_cascade(activation, ENDED) == 6
    assert run_cascade(activation, ENDED) == 0


def test_a_duplicate_from_another_run_is_skipped_not_fatal(world, everyone, monkeypatch):
    activation = make_activation(world.coventry, status=ActivationStatus.ACTIVE)
    # Another process queued the caseworker's email between our read and our insert.
    CascadeMessage.objects.create(
        activation=activation,
        event=STARTED,
        channel=SubscriptionChannel.EMAIL,
        address=everyone["caseworker"].email,
    )
    real = CascadeMessage.objects.filter
    monkeypatch.setattr(
        cascade.CascadeMessage.objects,
        "filter",
        lambda *a, **k: real(pk=None) if "event" in k else real(*a, **k),
    )

    assert run_cascade(activation, STARTED) == 3

    assert CascadeMessage.objects.filter(address=everyone["caseworker"].email).count() == 1
    assert OutboxMessage.objects.filter(to_address=everyone["caseworker"].email).count() == 0


def test_nothing_is_sent_when_the_activation_rolls_back(world, everyone, admin_user):
    proposal = make_activation(world.coventry)

    with pytest.raises(RuntimeError), transaction.atomic():
        activate(proposal, version=1, by=admin_user)
        raise RuntimeError("the request failed after activating")

    assert not CascadeMessage.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.PROPOSED


def test_the_words_hold_nothing_personal(world, everyone, settings):
    settings.WAYPOST_BASE_URL = "https://waypost.example"
    person = make_person(world.outreach, given_name="Zebedee", family_name="Quill")
    RotaMember.objects.create(partnership=world.coventry, user=everyone["outreach"], phone=NUMBER)
    # Reasons typed by hand stay on the staff page: the cascade never repeats them.
    activation = make_activation(
        world.coventry,
        status=ActivationStatus.ACTIVE,
        reasons=[f"{person.given_name} {person.family_name} was found very cold"],
    )

    run_cascade(activation, STARTED)

    for message in OutboxMessage.objects.all():
        text = f"{message.subject} {message.body}"
        assert "Zebedee" not in text and "Quill" not in text
        assert "Coventry" in text
        assert f"https://waypost.example/swep/{activation.pk}/" in text
    sms = OutboxMessage.objects.get(channel=OutboxChannel.SMS)
    assert sms.body.startswith("Waypost: SWEP active in Coventry from ")
    assert len(sms.body) <= 160  # one text message, link included
    email = OutboxMessage.objects.filter(channel=OutboxChannel.EMAIL).first()
    assert "immigration status" in email.body
