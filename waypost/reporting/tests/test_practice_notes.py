"""Practice notes shared across a region (issue 8, point 11): who writes them, who reads them,
newest first and paginated, and nobody outside the region sees them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role
from waypost.reporting.models import PracticeNote
from waypost.reporting.practice_views import PER_PAGE
from waypost.testing.personas import make_user, mark_recently_authenticated

LIST = reverse("reporting:region_notes")
NEW = reverse("reporting:region_note_new")


def note(partnership, title="Joint shifts with the hospital", *, region="West Midlands", **kw):
    return PracticeNote.objects.create(
        region=region, partnership=partnership, title=title, body="What worked.", **kw
    )


@pytest.mark.parametrize("client_name", ["regional_client", "coordinator_client", "admin_client"])
def test_officers_coordinators_and_admins_share_a_note(world, client_name, request):
    client = request.getfixturevalue(client_name)
    page = client.get(NEW)
    assert page.status_code == 200
    assert "Do not include anything that identifies a person" in page.content.decode()
    response = client.post(
        NEW, {"region": "West Midlands", "title": "Pop-up clinic", "body": "Weekly, GP-led."}
    )
    saved = PracticeNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:region_note", args=[saved.pk])
    assert (saved.region, saved.partnership, saved.title) == (
        "West Midlands",
        world.coventry,
        "Pop-up clinic",
    )
    assert saved.author == request.getfixturevalue(client_name.replace("client", "user"))


def test_a_note_needs_a_title_and_a_body(world, coordinator_client):
    response = coordinator_client.post(NEW, {"region": "West Midlands", "title": "", "body": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a title" in page and "Enter what you want to share" in page
    assert not PracticeNote.objects.exists()


def test_commissioners_read_notes_but_do_not_write_them(world, commissioner_client):
    shared = note(world.birmingham)
    assert commissioner_client.get(LIST).status_code == 200
    assert (
        commissioner_client.get(reverse("reporting:region_note", args=[shared.pk])).status_code
        == 200
    )
    assert commissioner_client.get(NEW).status_code == 403
    assert commissioner_client.post(NEW, {"title": "x", "body": "y"}).status_code == 403


@pytest.mark.parametrize("client_name", ["caseworker_client", "outreach_client", "dpo_client"])
def test_other_roles_see_no_notes(world, client_name, request):
    client = request.getfixturevalue(client_name)
    shared = note(world.coventry)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("reporting:region_note", args=[shared.pk])).status_code == 403
    assert client.get(NEW).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(world, client):
    assert client.get(LIST).status_code == 302


def test_the_list_is_the_regions_newest_first_and_paginated(world, regional_client):
    now = timezone.now()
    for n in range(PER_PAGE + 1):
        note(world.coventry, f"Note {n:02}", created_at=now - timedelta(hours=n))
    note(world.coventry, "Elsewhere", region="Yorkshire")
    first = regional_client.get(LIST)
    titles = [n.title for n in first.context["notes"]]
    assert titles == [f"Note {n:02}" for n in range(PER_PAGE)]
    second = regional_client.get(LIST, {"page": 2})
    assert [n.title for n in second.context["notes"]] == [f"Note {PER_PAGE:02}"]
    assert "Elsewhere" not in first.content.decode() + second.content.decode()


def test_another_regions_notes_are_not_found(world, regional_client, coordinator_client):
    leeds = Partnership.objects.create(name="Leeds", slug="leeds", region="Yorkshire")
    theirs = note(leeds, "Leeds practice", region="Yorkshire")
    assert (
        regional_client.get(reverse("reporting:region_note", args=[theirs.pk])).status_code == 404
    )
    assert regional_client.get(LIST, {"region": "Yorkshire"}).status_code == 404
    response = coordinator_client.post(
        NEW, {"region": "Yorkshire", "title": "Not ours", "body": "No."}
    )
    assert response.status_code == 404
    assert PracticeNote.objects.count() == 1


def test_an_officer_elsewhere_cannot_read_this_regions_notes(world, client):
    ours = note(world.coventry)
    leeds = Partnership.objects.create(name="Leeds", slug="leeds", region="Yorkshire")
    agency = Agency.objects.create(
        partnership=leeds, name="West Yorkshire CA", type=AgencyType.COMBINED_AUTHORITY
    )
    user = make_user("officer@leeds.test", agency=agency, role=Role.REGIONAL)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    assert client.get(reverse("reporting:region_note", args=[ours.pk])).status_code == 404
    assert ours.title not in client.get(LIST).content.decode()


def test_a_missing_note_is_not_found(world, regional_client):
    missing = reverse("reporting:region_note", args=["6f1c1d52-8d7e-4a57-9b7e-000000000000"])
    assert regional_client.get(missing).status_code == 404


def test_the_list_pins_its_queries(world, regional_client, django_assert_max_num_queries):
    for n in range(5):
        note(world.coventry, f"Note {n}")
    # Sign-in and session (6), the count and the page of notes with their partnerships (2),
    # the session saved (2, in a savepoint): the same for 5 notes or 20.
    with django_assert_max_num_queries(10):
        assert regional_client.get(LIST).status_code == 200


def test_the_demo_notes_are_seeded_once_and_only_where_there_is_a_region(world, coordinator_user):
    from waypost.reporting.practice_demo import NOTES, seed_practice_notes_demo

    users = {Role.COORDINATOR: coordinator_user}
    seed_practice_notes_demo(world.coventry, {}, users)
    seed_practice_notes_demo(world.coventry, {}, users)
    assert PracticeNote.objects.filter(partnership=world.coventry).count() == len(NOTES)
    assert PracticeNote.objects.filter(author=coordinator_user).count() == 1
    Partnership.objects.filter(pk=world.birmingham.pk).update(region="")
    world.birmingham.refresh_from_db()
    seed_practice_notes_demo(world.birmingham, {}, users)
    assert not PracticeNote.objects.filter(partnership=world.birmingham).exists()
