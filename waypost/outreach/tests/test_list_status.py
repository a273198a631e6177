"""Changing someone's by-name list status (with the date it changed, kept in the history) and
putting someone on the list, from the list or the person's page: through the access policy
(contact section), with clear errors, and never overwriting someone else's change."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import AccessEvent, Section
from waypost.outreach.list_access import person_list_link
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange
from waypost.outreach.tests.test_list_page import build_list
from waypost.people.models import Person
from waypost.sharing.policy import access_for, active_memberships
from waypost.testing.people import give_consent, make_person


@pytest.fixture
def the_list(world, caseworker_user, outreach_user):
    return build_list(world, caseworker_user, outreach_user)


def status_url(person) -> str:
    return reverse("outreach:list_status", args=[person.pk])


def add_url(person) -> str:
    return reverse("outreach:list_add", args=[person.pk])


def _date(day) -> dict[str, str]:
    return {"changed_on_0": str(day.day), "changed_on_1": str(day.month),
            "changed_on_2": str(day.year)}  # fmt: skip


def test_outreach_changes_a_status_with_the_date_it_changed(
    outreach_client, outreach_user, the_list, world
):
    entry = ByNameEntry.objects.get(person=the_list.shared)
    page = outreach_client.get(status_url(the_list.shared))
    html = page.content.decode()
    assert "Sam Shared" in html and "Their status is “Sleeping rough”" in html
    yesterday = timezone.localdate() - timedelta(days=1)
    response = outreach_client.post(
        status_url(the_list.shared),
        {"status": ListStatus.EMERGENCY, "version": entry.version, **_date(yesterday)},
    )
    assert response.status_code == 302 and response["Location"] == reverse("outreach:list")
    entry.refresh_from_db()
    assert entry.status == ListStatus.EMERGENCY
    assert timezone.localtime(entry.status_since).date() == yesterday
    change = StatusChange.objects.filter(entry=entry).order_by("-changed_at").first()
    assert (change.status, change.previous_status) == (ListStatus.EMERGENCY,
                                                        ListStatus.ROUGH_SLEEPING)  # fmt: skip
    assert (change.recorded_by, change.recorded_by_agency) == (outreach_user, world.outreach)
    # The history shows both, newest first.
    html = outreach_client.get(status_url(the_list.shared)).content.decode()
    history = html.split('<h2 class="govuk-heading-m">History</h2>')[1]
    assert history.index("In emergency or temporary accommodation") < history.index(
        "(put on the list)"
    )
    # Reading the status and the name is in the access log.
    sections = set(
        AccessEvent.objects.filter(
            user=outreach_user, person_id=the_list.shared.pk, route="outreach:list_status"
        ).values_list("section", flat=True)
    )
    assert sections == {Section.IDENTITY, Section.CONTACT}


def test_a_change_today_is_recorded_now_and_can_return_to_the_person_page(
    outreach_client, the_list
):
    entry = ByNameEntry.objects.get(person=the_list.shared)
    response = outreach_client.post(
        status_url(the_list.shared) + "?from=person",
        {
            "status": ListStatus.HOSPITAL,
            "version": entry.version,
            "from": "person",
            **_date(timezone.localdate()),
        },  # fmt: skip
    )
    assert response["Location"] == reverse("people:detail", args=[the_list.shared.pk])
    entry.refresh_from_db()
    assert timezone.now() - entry.status_since < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"status": ""}, "Choose their situation now"),
        ({"status": "sleeping"}, "Select a valid choice"),
        ({"status": ListStatus.ROUGH_SLEEPING}, "Their status is already “Sleeping rough”"),
        ({"status": ListStatus.HOUSED, "future": True}, "must be today or in the past"),
        ({"status": ListStatus.HOUSED, "before": True}, "must be on or after"),
        ({"status": ListStatus.HOUSED, "changed_on_0": ""}, "Enter the date it changed"),
        ({"status": ListStatus.HOUSED, "changed_on_1": "13"}, "Enter a real date"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(outreach_client, the_list, data, error):
    entry = ByNameEntry.objects.get(person=the_list.shared)
    day = timezone.localdate()
    if data.pop("future", False):
        day += timedelta(days=1)
    if data.pop("before", False):
        day = timezone.localtime(entry.status_since).date() - timedelta(days=1)
    post = {"version": entry.version, **_date(day), **data}
    if "changed_on_0" in data and not data["changed_on_0"]:
        post.update({"changed_on_1": "", "changed_on_2": ""})
    response = outreach_client.post(status_url(the_list.shared), post)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert ByNameEntry.objects.get(pk=entry.pk).status == ListStatus.ROUGH_SLEEPING
    if post.get("changed_on_1") == "13":
        assert 'value="13"' in html


def test_someone_elses_change_is_never_overwritten(outreach_client, the_list, world):
    entry = ByNameEntry.objects.get(person=the_list.shared)
    seen_version = entry.version
    from waypost.outreach.entries import change_status

    change_status(entry, ListStatus.CUSTODY, agency=world.council, by=None)
    response = outreach_client.post(
        status_url(the_list.shared),
        {"status": ListStatus.HOSPITAL, "version": seen_version, **_date(timezone.localdate())},
    )
    html = response.content.decode()
    assert "Someone else changed their status to “In custody”" in html
    assert re.search(r'<input type="radio" name="status" value="hospital"[^>]* checked', html)
    assert ByNameEntry.objects.get(pk=entry.pk).status == ListStatus.CUSTODY
    # Saving again, now knowing, works.
    response = outreach_client.post(
        status_url(the_list.shared),
        {
            "status": ListStatus.HOSPITAL,
            "version": seen_version + 1,
            **_date(timezone.localdate()),
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert ByNameEntry.objects.get(pk=entry.pk).status == ListStatus.HOSPITAL


def test_a_status_the_user_cannot_see_cannot_be_changed(coordinator_client, the_list):
    # Una's entry is Coventry Outreach's and not shared with the council.
    assert coordinator_client.get(status_url(the_list.unshared)).status_code == 403
    assert (
        coordinator_client.post(
            status_url(the_list.unshared), {"status": ListStatus.HOUSED}
        ).status_code
        == 403
    )


def test_restricted_people_cannot_be_changed_or_added(outreach_client, the_list):
    assert outreach_client.get(status_url(the_list.restricted)).status_code == 404
    assert outreach_client.get(add_url(the_list.restricted)).status_code == 404


def test_a_merged_record_sends_the_user_to_the_record_kept(outreach_client, the_list):
    response = outreach_client.get(status_url(the_list.merged))
    assert response.status_code == 302
    assert response["Location"] == status_url(the_list.shared)


def test_outreach_puts_someone_on_the_list_from_their_page(outreach_client, outreach_user, world):
    from waypost.testing.people import sign_agreement_for

    sign_agreement_for(world.outreach)
    person = make_person(world.outreach, given_name="Newly", family_name="Met")
    html = outreach_client.get(add_url(person) + "?from=person").content.decode()
    assert "Newly Met" in html and "Add to the by-name list" in html
    assert 'value="housed"' not in html  # only the statuses of someone currently known
    week_ago = timezone.localdate() - timedelta(days=7)
    response = outreach_client.post(
        add_url(person), {"status": ListStatus.AT_RISK, "from": "person", **_date(week_ago)}
    )
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    entry = ByNameEntry.objects.get(person=person)
    assert (entry.status, entry.added_by_agency, entry.partnership) == (
        ListStatus.AT_RISK, world.outreach, world.coventry,
    )  # fmt: skip
    assert timezone.localtime(entry.added_at).date() == week_ago
    assert StatusChange.objects.filter(entry=entry, recorded_by=outreach_user).count() == 1
    # Already on it: the add page leads to the status page.
    response = outreach_client.get(add_url(person) + "?from=person")
    assert response["Location"] == status_url(person) + "?from=person"


def test_adding_someone_not_on_the_list_from_the_status_page(outreach_client, world):
    from waypost.testing.people import sign_agreement_for

    sign_agreement_for(world.outreach)
    person = make_person(world.outreach)
    assert outreach_client.get(status_url(person))["Location"] == add_url(person)


def test_a_person_unknown_to_the_user_is_page_not_found(outreach_client, world):
    # Recorded by the hospital, no agreement signed by outreach: outreach may not know of them.
    person = make_person(world.hospital)
    assert outreach_client.get(add_url(person)).status_code == 404
    assert outreach_client.post(add_url(person), {"status": "at_risk"}).status_code == 404
    assert not ByNameEntry.objects.filter(person=person).exists()


def test_the_person_page_link(the_list, world, outreach_user, coordinator_user, referrer_user):
    def link(user, person):
        person = Person.objects.get(pk=person.pk)
        memberships = active_memberships(user)
        return person_list_link(person, access_for(user, person, memberships), memberships)

    shared = link(outreach_user, the_list.shared)
    assert (shared.text, shared.url, shared.status_label) == (
        "Change their by-name list status", status_url(the_list.shared), "Sleeping rough",
    )  # fmt: skip
    assert link(coordinator_user, the_list.unshared) is None  # their status is not shared
    assert link(referrer_user, the_list.shared) is None  # referrers do not change the list
    assert link(outreach_user, the_list.restricted) is None
    newcomer = make_person(world.outreach)
    give_consent(newcomer, by=outreach_user, agency=world.outreach)
    assert link(outreach_user, newcomer).url == add_url(newcomer)
