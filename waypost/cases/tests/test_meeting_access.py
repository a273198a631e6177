"""Who may reach the meeting pages: coordinators run meetings; caseworkers and outreach
workers whose agency signed the agreement see meetings, agendas and packs but change nothing
(403); referrers, partnership admins, commissioners and DPOs see no agendas (403); another
partnership's meeting, or one seen from an agency that has not signed, is "Page not found".
Names on an agenda follow the access policy, and each name shown is in the access log."""

import pytest
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.cases import meeting_actions
from waypost.cases.meeting_access import NOT_SHARED
from waypost.cases.models import AgendaItem, MeetingKind, MeetingSeries, Tier
from waypost.cases.tests.meeting_helpers import make_meeting, on_list
from waypost.testing.pages import page_html
from waypost.testing.people import make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated

VIEW_ROUTES = ["meeting", "meeting_pack", "meeting_person"]
RUN_ROUTES = [
    "meeting_new", "meeting_series_new", "meeting_series_edit", "meeting_series_stop",
    "meeting_series_start", "meeting_attendance", "meeting_held", "meeting_cancel",
    "meeting_agenda", "meeting_agenda_build", "meeting_agenda_add", "meeting_agenda_move",
    "meeting_agenda_remove", "meeting_agenda_restore",
]  # fmt: skip
POST_ONLY = {
    "meeting_series_start",
    "meeting_agenda_build",
    "meeting_agenda_move",
    "meeting_agenda_restore",
}


@pytest.fixture
def meeting(world, coordinator_user):
    sign_agreement_for(world.council, world.outreach, world.hospital)
    series = MeetingSeries.objects.create(
        partnership=world.coventry, kind=MeetingKind.MAC, name="MAC", weekdays=[2],
        every_weeks=2, starts_at="14:00",
    )  # fmt: skip
    meeting = make_meeting(world.coventry, kind=MeetingKind.MAC, series=series)
    person = make_person(world.council, given_name="Ottoline", family_name="Agenda")
    on_list(person, tier=Tier.ONE)
    meeting_actions.rebuild_agenda(meeting, by=None)
    meeting.item = AgendaItem.objects.get(meeting=meeting)
    return meeting


def _url(name, meeting):
    kwargs = {
        "meeting_series_edit": {"series_id": meeting.series_id},
        "meeting_series_stop": {"series_id": meeting.series_id},
        "meeting_series_start": {"series_id": meeting.series_id},
        "meeting_new": {},
        "meeting_series_new": {},
    }.get(name, {"meeting_id": meeting.pk})
    if name in ("meeting_person", "meeting_agenda_move", "meeting_agenda_remove",
                "meeting_agenda_restore"):  # fmt: skip
        kwargs["item_id"] = meeting.item.pk
    return reverse(f"cases:{name}", kwargs=kwargs)


def _get_or_post(client, name, meeting):
    url = _url(name, meeting)
    return client.post(url) if name in POST_ONLY else client.get(url)


def _client(user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.mark.parametrize("name", ["meetings", *VIEW_ROUTES, *RUN_ROUTES])
def test_the_coordinator_reaches_every_page(coordinator_client, meeting, name):
    url = reverse("cases:meetings") if name == "meetings" else _url(name, meeting)
    response = coordinator_client.post(url) if name in POST_ONLY else coordinator_client.get(url)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("persona", ["caseworker_client", "outreach_client"])
def test_frontline_staff_see_meetings_but_do_not_run_them(request, meeting, persona):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("cases:meetings")).status_code == 200
    for name in VIEW_ROUTES:
        assert _get_or_post(client, name, meeting).status_code == 200, name
    for name in RUN_ROUTES:
        assert _get_or_post(client, name, meeting).status_code == 403, name
    response = client.post(_url("meeting_person", meeting), {"form": "minute"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "persona", ["referrer_client", "admin_client", "commissioner_client", "dpo_client"]
)
def test_other_roles_see_no_meetings(request, meeting, persona):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("cases:meetings")).status_code == 403
    for name in [*VIEW_ROUTES, *RUN_ROUTES]:
        assert _get_or_post(client, name, meeting).status_code == 403, name


def test_another_partnerships_meetings_are_not_found(world, meeting):
    sign_agreement_for(world.brum_council)
    brummie = _client(
        make_user("coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    )
    page = page_html(brummie.get(reverse("cases:meetings")))
    assert str(meeting.pk) not in page and "MAC" not in page
    for name in [*VIEW_ROUTES, *RUN_ROUTES]:
        if name in ("meeting_new", "meeting_series_new"):
            continue  # their own partnership's forms
        assert _get_or_post(brummie, name, meeting).status_code == 404, name


def test_an_agency_that_has_not_signed_sees_no_meetings(world, meeting):
    unsigned = world.coventry.agencies.create(name="Unsigned Charity", type="charity")
    client = _client(make_user("cw@unsigned.test", agency=unsigned, role=Role.CASEWORKER))
    page = client.get(reverse("cases:meetings")).content.decode()
    assert "has signed the partnership’s information sharing agreement" in page
    assert _get_or_post(client, "meeting", meeting).status_code == 404
    assert _get_or_post(client, "meeting_pack", meeting).status_code == 404


def test_names_on_the_agenda_follow_the_sharing_policy(
    coordinator_client, outreach_client, outreach_user, coordinator_user, meeting
):
    url = reverse("cases:meeting", args=[meeting.pk])
    assert "Ottoline Agenda" in coordinator_client.get(url).content.decode()
    assert AccessEvent.objects.filter(
        user=coordinator_user, person_id=meeting.item.person_id, route="cases:meeting"
    ).exists()

    page = outreach_client.get(url).content.decode()
    assert "Ottoline" not in page and NOT_SHARED in page
    assert not AccessEvent.objects.filter(user=outreach_user, route="cases:meeting").exists()
    person_page = outreach_client.get(_url("meeting_person", meeting)).content.decode()
    assert "Ottoline" not in person_page and NOT_SHARED in person_page


def test_an_item_of_another_meeting_is_not_found(coordinator_client, world, meeting):
    other = make_meeting(world.coventry, kind=MeetingKind.MAC, days_from_now=2)
    url = reverse("cases:meeting_person", args=[other.pk, meeting.item.pk])
    assert coordinator_client.get(url).status_code == 404


def test_a_person_outside_the_users_view_cannot_be_added(coordinator_client, world, meeting):
    brummie = make_person(world.brum_council, given_name="Far", family_name="Away")
    response = coordinator_client.post(
        reverse("cases:meeting_agenda_add", args=[meeting.pk]), {"person": str(brummie.pk)}
    )
    assert response.status_code == 404
    assert not AgendaItem.objects.filter(person=brummie).exists()


def test_the_meetings_that_discuss_someone_follow_their_support_sharing(
    coordinator_client, outreach_client, referrer_client, world, meeting
):
    person_id = meeting.item.person_id
    url = reverse("cases:meeting_person_meetings", args=[person_id])
    page = coordinator_client.get(url).content.decode()
    assert "Ottoline Agenda" in page
    assert reverse("cases:meeting_person", args=[meeting.pk, meeting.item.pk]) in page

    page = outreach_client.get(url).content.decode()
    assert "You cannot see which meetings discuss this person" in page
    assert str(meeting.pk) not in page and "Ottoline" not in page

    assert referrer_client.get(url).status_code == 403
    brummie = _client(
        make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    )
    assert brummie.get(url).status_code == 404
    unknown = reverse("cases:meeting_person_meetings", args=[meeting.pk])  # not a person id
    assert coordinator_client.get(unknown).status_code == 404


def test_an_agency_reviews_the_actions_it_owns_without_sharing_permission(
    outreach_client, world, meeting
):
    from waypost.cases.tests.meeting_helpers import make_action

    person = meeting.item.person
    owned = make_action(person, world.council, text="Meet at the bus station")
    owned.owner_agency = world.outreach
    owned.save()
    make_action(person, world.council, text="Council's own task")
    page = outreach_client.get(_url("meeting_person", meeting)).content.decode()
    assert "Meet at the bus station" in page and "Council’s own task" not in page
    assert "Council's own task" not in page
    assert "you see only the actions your agency owns or recorded" in page
