"""The timeline page: every kind of entry, newest first, paginated, filtered by kind, with a
link to add a note; the API gives the same entries. A fixed number of queries per page."""

import re
from datetime import timedelta

import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.accounts.actions import create_api_token
from waypost.cases.models import (
    Assessment,
    DeathNotification,
    EnforcementAction,
    Meeting,
    Minute,
    ThresholdModel,
    TierResult,
)
from waypost.cases.tests.test_plan_helpers import action_for
from waypost.outreach.models import ByNameEntry, StatusChange, StreetContact
from waypost.people.models import Note
from waypost.testing.people import make_person


def _titles(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<h2 class="moj-timeline__title[^"]*">(.*?)</h2>', page, re.S)
    ]


def _one_of_each(person, user, agency, *, start=None):
    """One entry of every kind, an hour apart, oldest first: returns the titles newest first."""
    start = start or timezone.now() - timedelta(days=2)
    at = [start + timedelta(hours=h) for h in range(11)]
    Note.objects.create(person=person, kind="general", text="A note", recorded_by=user,
                        recorded_by_agency=agency, recorded_at=at[0])  # fmt: skip
    StreetContact.objects.create(
        partnership=person.partnership, person=person, bedded_down=True, contacted_at=at[1],
        offered=["food"], accepted=["food"], location_detail="Doorway on High Street",
        recorded_by_agency=agency, recorded_by=user,
    )  # fmt: skip
    entry, _ = ByNameEntry.objects.get_or_create(
        person=person,
        defaults={"partnership": person.partnership, "status": "rough_sleeping",
                  "added_by_agency": agency},
    )  # fmt: skip
    StatusChange.objects.create(entry=entry, person=person, status="emergency",
                                previous_status="rough_sleeping", changed_at=at[2],
                                recorded_by_agency=agency)  # fmt: skip
    assessment = Assessment.objects.create(
        person=person, summary="Needs help with benefits", recorded_by_agency=agency,
        recorded_at=at[3],
    )  # fmt: skip
    model, _ = ThresholdModel.objects.get_or_create(
        partnership=person.partnership, version=1, defaults={"rules": {}, "tiers": []}
    )
    TierResult.objects.create(person=person, model=model, assessment=assessment, score=14,
                              tier=2, calculated_at=at[4], recorded_by_agency=agency)  # fmt: skip
    meeting = Meeting.objects.create(partnership=person.partnership, kind="mac",
                                     starts_at=at[5])  # fmt: skip
    Minute.objects.create(person=person, meeting=meeting, kind="support", text="Agreed a plan",
                          recorded_by_agency=agency, recorded_at=at[5])  # fmt: skip
    from waypost.cases import plan_actions

    goal = plan_actions.add_goal(person=person, text="Own flat", by=user, agency=agency)
    action = action_for(person, user, agency, text="Housing register")
    from waypost.cases.models import Goal, PlanAction

    Goal.objects.filter(pk=goal.pk).update(recorded_at=at[6])
    PlanAction.objects.filter(pk=action.pk).update(recorded_at=at[7])
    EnforcementAction.objects.create(person=person, kind="cpw", recorded_by_agency=agency,
                                     recorded_at=at[8])  # fmt: skip
    if not DeathNotification.objects.filter(person=person).exists():  # one death a person
        DeathNotification.objects.create(person=person, place_of_death="Hospital",
                                         recorded_by_agency=agency, recorded_at=at[9])  # fmt: skip
    return [
        "Death reported",
        "Enforcement: Community protection warning",
        "Action agreed Open",
        "Goal set Open",
        "Meeting minute: Support and needs",
        "Tier 2: partner tasking",
        "Assessment of need and risk",
        "By-name list: in emergency or temporary accommodation",
        "Street contact",
        "Note",
    ]


def test_every_kind_of_entry_shows_newest_first(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    expected = _one_of_each(person, caseworker_user, world.council)
    page = caseworker_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert _titles(page) == expected
    assert "Seen bedded down" in page and "Where: Doorway on High Street" in page
    assert "Offered: Food or drink" in page
    assert "Before: sleeping rough" in page
    assert "Owner: Coventry Housing Options" in page
    assert f'href="/people/{person.pk}/notes/new/"' in page  # the people app's note form
    assert f'href="/cases/people/{person.pk}/plan/"' in page
    assert "by Caseworker, Coventry Housing Options" in page


def test_filtering_by_kind(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    _one_of_each(person, caseworker_user, world.council)
    url = f"/cases/people/{person.pk}/timeline/"
    page = caseworker_client.get(url, {"kind": ["street_contacts", "notes"]}).content.decode()
    assert _titles(page) == ["Street contact", "Note"]
    assert "2 entries of the kinds you chose" in page
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', page)
    assert sorted(checked) == ["notes", "street_contacts"]  # the choice stays ticked
    page = caseworker_client.get(url, {"kind": "plan"}).content.decode()
    assert _titles(page) == ["Action agreed Open", "Goal set Open"]
    page = caseworker_client.get(url, {"kind": "nonsense"}).content.decode()
    assert len(_titles(page)) == 10  # an unknown kind filters nothing


def test_the_timeline_is_paginated(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    now = timezone.now()
    for n in range(30):
        Note.objects.create(person=person, text=f"Note number {n}", recorded_by=caseworker_user,
                            recorded_by_agency=world.council,
                            recorded_at=now - timedelta(minutes=n))  # fmt: skip
    for n in range(3):
        StreetContact.objects.create(
            partnership=person.partnership, person=person, bedded_down=False,
            contacted_at=now - timedelta(minutes=n, seconds=30), recorded_by_agency=world.council,
        )  # fmt: skip
    url = f"/cases/people/{person.pk}/timeline/"
    first = caseworker_client.get(url).content.decode()
    assert len(_titles(first)) == 25 and "33 entries" in first
    assert _titles(first)[:3] == ["Note", "Street contact", "Note"]
    second = caseworker_client.get(url, {"page": 2}).content.decode()
    texts = re.findall(r"Note number (\d+)", second)
    assert len(_titles(second)) == 8 and texts == [str(n) for n in range(22, 30)]
    filtered = caseworker_client.get(url, {"kind": "notes", "page": 2}).content.decode()
    assert len(_titles(filtered)) == 5
    assert "kind=notes&amp;page=1" in filtered  # the filter is kept from page to page


def test_the_api_gives_the_same_entries(client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    _one_of_each(person, caseworker_user, world.council)
    _, raw = create_api_token(user=caseworker_user, name="Partner", by=caseworker_user)
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    body = client.get(f"/api/v1/people/{person.pk}/timeline/", **auth).json()
    assert body["count"] == 10 and body["hidden_by_sharing"] is False
    assert [e["kind"] for e in body["results"]] == [
        "death", "enforcement", "plan", "plan", "minutes", "tiers", "assessments", "status",
        "street_contacts", "notes",
    ]  # fmt: skip
    contact = body["results"][8]
    assert contact["title"] == "Street contact" and contact["section"] == "contact"
    assert "Seen bedded down" in contact["details"]
    filtered = client.get(
        f"/api/v1/people/{person.pk}/timeline/?kind=notes&kind=death", **auth
    ).json()
    assert [e["kind"] for e in filtered["results"]] == ["death", "notes"]
    bad = client.get(f"/api/v1/people/{person.pk}/timeline/?kind=secrets", **auth)
    assert bad.status_code == 400


def test_the_api_pages_by_fifty(client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    Note.objects.bulk_create(
        Note(person=person, text=f"n{n}", recorded_by_agency=world.council) for n in range(60)
    )
    _, raw = create_api_token(user=caseworker_user, name="Partner", by=caseworker_user)
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    first = client.get(f"/api/v1/people/{person.pk}/timeline/", **auth).json()
    assert len(first["results"]) == 50 and first["next"] and first["previous"] is None
    second = client.get(first["next"], **auth).json()
    assert len(second["results"]) == 10 and second["next"] is None


def test_the_schema_describes_the_timeline(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/people/{person_id}/timeline/"]["get"]
    assert operation["summary"] == "A person's timeline"
    assert {p["name"] for p in operation["parameters"]} >= {"person_id", "kind", "page"}


def test_the_page_costs_the_same_queries_however_long_the_timeline(
    caseworker_client, caseworker_user, world, django_assert_max_num_queries
):
    person = make_person(world.council, by=caseworker_user)
    _one_of_each(person, caseworker_user, world.council)
    url = f"/cases/people/{person.pk}/timeline/"
    with CaptureQueriesContext(connection) as few:
        caseworker_client.get(url)
    start = timezone.now() - timedelta(days=30)
    for _ in range(4):
        _one_of_each(person, caseworker_user, world.council, start=start)
    with django_assert_max_num_queries(len(few)):
        page = caseworker_client.get(url).content.decode()
    assert len(_titles(page)) == 25
    # Two queries per source (count, rows) for 10 sources, one (count) for each of the 5
    # accommodation sources with nothing to show; the session, user, memberships and MFA; the
    # person and the policy's facts; one insert into the access log; the SWEP banner.
    assert len(few) == 36
