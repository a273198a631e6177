"""Staff subscribe themselves to SWEP alerts (email, text message, both, neither); coordinators
keep the outreach rota. UK mobile numbers are checked and stored in international format."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waypost.swep.models import RotaMember, Subscription, SubscriptionChannel
from waypost.swep.subscription_forms import normalise_uk_mobile, show_mobile

SUBSCRIPTIONS = reverse("swep:subscriptions")
ROTA = reverse("swep:rota")


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0044 7700-900123",
        "447700900123",
    ],
)
def test_uk_mobiles_are_stored_in_international_format(typed):
    assert normalise_uk_mobile(typed) == "+447700900123"
    assert show_mobile("+447700900123") == "07700 900123"


@pytest.mark.parametrize(
    "typed", ["024 7683 3333", "0770090012", "077009001234", "+33 6 12 34 56 78", "mobile", ""]
)
def test_other_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_uk_mobile(typed)


def test_staff_subscribe_by_email_and_text(world, referrer_client, referrer_user):
    response = referrer_client.post(
        SUBSCRIPTIONS, {"ways": ["email", "sms"], "phone": "07700 900123"}, follow=True
    )

    assert "You will be told by email and text message" in response.content.decode()
    assert set(Subscription.objects.filter(user=referrer_user).values_list("channel", "phone")) == {
        (SubscriptionChannel.EMAIL, ""),
        (SubscriptionChannel.SMS, "+447700900123"),
    }
    page = referrer_client.get(SUBSCRIPTIONS).content.decode()
    assert 'value="07700 900123"' in page

    referrer_client.post(SUBSCRIPTIONS, {"ways": ["email"]})
    assert list(Subscription.objects.values_list("channel", flat=True)) == ["email"]
    response = referrer_client.post(SUBSCRIPTIONS, {}, follow=True)
    assert not Subscription.objects.exists()
    assert "You will not be sent SWEP alerts" in response.content.decode()


def test_a_text_message_needs_a_valid_mobile(world, caseworker_client):
    page = caseworker_client.post(SUBSCRIPTIONS, {"ways": ["sms"]}).content.decode()
    assert "Enter your work mobile number for text messages" in page
    page = caseworker_client.post(
        SUBSCRIPTIONS, {"ways": ["sms"], "phone": "024 7683 3333"}
    ).content.decode()
    assert "Enter a UK mobile number" in page
    assert "024 7683 3333" in page
    assert not Subscription.objects.exists()


def test_subscriptions_are_per_partnership(world, birmingham_admin_client, caseworker_client):
    assert birmingham_admin_client.get(SUBSCRIPTIONS + "?partnership=coventry").status_code == 404
    birmingham_admin_client.post(SUBSCRIPTIONS, {"ways": ["email"]})
    assert Subscription.objects.get().partnership == world.birmingham


@pytest.mark.parametrize(
    "client_name", ["caseworker_client", "outreach_client", "admin_client", "commissioner_client"]
)
def test_only_coordinators_keep_the_rota(request, world, client_name, outreach_user):
    client = request.getfixturevalue(client_name)
    member = RotaMember.objects.create(
        partnership=world.coventry, user=outreach_user, phone="+447700900123"
    )

    assert client.get(ROTA).status_code == 403
    assert client.post(ROTA, {"user": outreach_user.pk, "phone": "07700 900999"}).status_code == 403
    assert client.post(reverse("swep:rota_remove", args=[member.pk])).status_code == 403
    assert RotaMember.objects.get().phone == "+447700900123"


def test_a_coordinator_adds_and_removes_rota_members(world, coordinator_client, outreach_user):
    page = coordinator_client.get(ROTA).content.decode()
    assert "Nobody is on the rota yet." in page

    page = coordinator_client.post(
        ROTA, {"user": str(outreach_user.pk), "phone": "12345"}
    ).content.decode()
    assert "Enter a UK mobile number" in page
    response = coordinator_client.post(
        ROTA, {"user": str(outreach_user.pk), "phone": "07700 900123"}, follow=True
    )
    member = RotaMember.objects.get()
    assert (member.user, member.phone) == (outreach_user, "+447700900123")
    assert "07700 900123" in response.content.decode()

    coordinator_client.post(reverse("swep:rota_remove", args=[member.pk]))
    assert not RotaMember.objects.exists()


def test_only_partnership_staff_can_join_the_rota(world, coordinator_client, birmingham_admin_user):
    page = coordinator_client.post(
        ROTA, {"user": str(birmingham_admin_user.pk), "phone": "07700 900123"}
    ).content.decode()
    assert "Choose someone who works in the partnership" in page
    assert not RotaMember.objects.exists()


def test_another_partnerships_rota_member_is_not_found(
    world, coordinator_client, birmingham_admin_user
):
    member = RotaMember.objects.create(
        partnership=world.birmingham, user=birmingham_admin_user, phone="+447700900123"
    )
    response = coordinator_client.post(reverse("swep:rota_remove", args=[member.pk]))
    assert response.status_code == 404
    assert RotaMember.objects.exists()
