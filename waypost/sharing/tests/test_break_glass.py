"""Break-glass: a reason is required, access lasts a limited time (24 hours by default, up
to 72), the agency's DPO is told in the app and by email, and access ends when time is up."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.audit.models import Section
from waypost.notifications.models import Notification, OutboxMessage
from waypost.people.models import Note, NoteKind
from waypost.sharing.models import BreakGlass
from waypost.sharing.policy import access_for
from waypost.testing.people import give_consent, make_person, sign_agreement_for


@pytest.fixture
def health_note(world, person):
    return Note.objects.create(
        person=person,
        kind=NoteKind.HEALTH,
        text="Insulin dependent",
        recorded_by_agency=world.council,
    )


def _url(person):
    return reverse("sharing:break_glass", args=[person.pk])


def test_the_page_warns_that_it_is_logged_and_offers_24_hours(person, outreach_client):
    page = outreach_client.get(_url(person)).content.decode()
    assert "everything you view is logged" in page
    assert "access ends automatically" in page
    assert re.search(r'name="hours" value="24"[^>]* checked>', page)
    assert "Jo Bloggs" not in page


def test_a_reason_is_required(person, outreach_client):
    response = outreach_client.post(_url(person), {"reason": "  ", "hours": "24"})
    assert "Enter why you need to see this record now" in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_breaking_glass_opens_the_record_for_24_hours(
    world, person, health_note, outreach_client, outreach_user
):
    assert not access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    response = outreach_client.post(
        _url(person), {"reason": "Collapsed on the street", "hours": "24"}
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    use = BreakGlass.objects.get()
    assert use.user == outreach_user
    assert use.agency == world.outreach
    assert use.reason == "Collapsed on the street"
    assert abs(use.expires_at - (use.started_at + timedelta(hours=24))) < timedelta(seconds=1)
    assert access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    page = outreach_client.get(response.url).content.decode()
    assert "Insulin dependent" in page
    assert "You are using break-glass access through Coventry Outreach" in page


def test_the_agencys_dpo_is_told_in_the_app_and_by_email(
    person, outreach_client, outreach_user, outreach_dpo, dpo_user
):
    outreach_client.post(_url(person), {"reason": "Collapsed on the street", "hours": "4"})
    notification = Notification.objects.get(user=outreach_dpo)
    assert notification.link == reverse("sharing:break_glass_review")
    assert outreach_user.full_name in notification.body
    email = OutboxMessage.objects.get(to_address=outreach_dpo.email)
    assert email.subject == "Break-glass access to review"
    # No personal data about the person in either.
    for text in (notification.title, notification.body, email.subject, email.body):
        assert "Jo" not in text and "Bloggs" not in text and str(person.pk) not in text
    # Only the DPO of the agency that broke glass, not the council's.
    assert not Notification.objects.filter(user=dpo_user).exists()


def test_access_can_last_up_to_72_hours_and_no_longer(person, outreach_client):
    response = outreach_client.post(_url(person), {"reason": "Missing", "hours": "96"})
    assert "Select how long you need access for, up to 72 hours" in response.content.decode()
    outreach_client.post(_url(person), {"reason": "Missing", "hours": "72"})
    use = BreakGlass.objects.get()
    assert use.expires_at - use.started_at == timedelta(hours=72)


def test_access_ends_when_the_time_is_up(
    world, person, health_note, outreach_client, outreach_user
):
    outreach_client.post(_url(person), {"reason": "Collapsed on the street", "hours": "1"})
    BreakGlass.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    page = outreach_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Insulin dependent" not in page
    assert "You are using break-glass access" not in page
    assert reverse("sharing:break_glass", args=[person.pk]) in page


def test_a_second_request_while_open_says_until_when(person, outreach_client):
    outreach_client.post(_url(person), {"reason": "Collapsed", "hours": "8"})
    response = outreach_client.get(_url(person), follow=True)
    assert "You already have break-glass access to this record until" in (response.content.decode())
    assert BreakGlass.objects.count() == 1


def test_staff_with_several_agencies_choose_which_they_act_for(
    world, person, outreach_client, outreach_user
):
    Membership.objects.create(user=outreach_user, agency=world.hospital, role=Role.REFERRER)
    response = outreach_client.post(_url(person), {"reason": "Collapsed", "hours": "24"})
    assert "Select the agency you are acting for" in response.content.decode()
    outreach_client.post(
        _url(person), {"reason": "Collapsed", "hours": "24", "agency": world.hospital.pk}
    )
    assert BreakGlass.objects.get().agency == world.hospital


def test_staff_who_already_see_everything_have_no_glass_to_break(
    world, person, caseworker_user, outreach_client
):
    give_consent(person, caseworker_user, world.council)
    assert outreach_client.get(_url(person)).status_code == 403
    assert outreach_client.post(_url(person), {"reason": "x", "hours": "1"}).status_code == 403
    assert not BreakGlass.objects.exists()


def test_an_agency_without_a_signature_cannot_break_glass(world, outreach_client):
    sign_agreement_for(world.council)
    person = make_person(world.council)
    # Outreach has not signed: it may not even know the record exists.
    assert outreach_client.post(_url(person), {"reason": "x", "hours": "1"}).status_code == 404
    assert not BreakGlass.objects.exists()


def test_roles_without_casework_cannot_break_glass(person, dpo_client, commissioner_client):
    assert dpo_client.post(_url(person), {"reason": "x", "hours": "1"}).status_code == 403
    assert commissioner_client.post(_url(person), {"reason": "x", "hours": "1"}).status_code == 404
    assert not BreakGlass.objects.exists()


def test_leaving_the_agency_ends_the_break_glass_and_coming_back_does_not_reopen_it(
    world, person, health_note, outreach_client, outreach_user, coordinator_user
):
    """A break-glass is one person's emergency decision at their agency: rejoining (or a change
    of role, which ends one membership and starts another) needs a new reason, and the DPO is
    told again."""
    from waypost.accounts.actions import end_membership

    outreach_client.post(_url(person), {"reason": "Collapsed on the street", "hours": "24"})
    membership = Membership.objects.get(user=outreach_user, ended_at__isnull=True)
    end_membership(membership, by=coordinator_user)
    assert BreakGlass.objects.get().ended_at == membership.ended_at
    Membership.objects.create(user=outreach_user, agency=world.outreach, role=membership.role)
    assert not access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    page = outreach_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Insulin dependent" not in page


def test_ending_another_agencys_membership_leaves_the_break_glass_open(
    world, person, health_note, outreach_client, outreach_user, coordinator_user
):
    from waypost.accounts.actions import end_membership

    outreach_client.post(_url(person), {"reason": "Collapsed on the street", "hours": "24"})
    other = Membership.objects.create(
        user=outreach_user, agency=world.council, role=Role.CASEWORKER
    )
    end_membership(other, by=coordinator_user)
    assert BreakGlass.objects.get().ended_at is None
