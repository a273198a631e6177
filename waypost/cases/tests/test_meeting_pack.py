"""The meeting pack PDF shows each person on the agenda with only what the downloading user's
agency may see: a health minute and a health note are invisible to an agency without health
permission and visible to one with it; someone whose identity is not shared appears as "Person
on the list (details not shared)" with their lead worker; every person in it is in the access
log; the file name holds nothing personal."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from waypost.audit.models import AccessEvent, Channel, Section
from waypost.cases import meeting_actions
from waypost.cases.models import Minute, ThresholdModel, Tier, TierResult
from waypost.cases.tests.meeting_helpers import make_action, make_meeting, on_list
from waypost.people import actions as people_actions
from waypost.people.models import Note
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def meeting(world, coordinator_user, caseworker_user):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, given_name="Rosalind", family_name="Okafor")
    people_actions.set_lead_worker(person, lead_worker=caseworker_user, by=None)
    on_list(person, tier=Tier.TWO)
    model = ThresholdModel.objects.create(partnership=world.coventry, version=1, rules={}, tiers=[])
    TierResult.objects.create(
        person=person, model=model, score=14, tier=Tier.TWO, recorded_by_agency=world.council,
        explanation=[
            {"factor": "months_rough", "label": "Sleeping rough for 9 months",
             "section": "support", "points": 6},
            {"factor": "mental_health", "label": "Mental health need: high",
             "section": "health", "points": 8},
        ],
    )  # fmt: skip
    meeting = make_meeting(world.coventry, days_from_now=1)
    meeting_actions.rebuild_agenda(meeting, by=None)
    for kind, text in (("health", "Asthma reviewed at the clinic"), ("general", "Came to the hub")):
        Minute.objects.create(
            meeting=meeting, person=person, kind=kind, text=text, recorded_by_agency=world.council
        )
    for kind, text in (("health", "Inhaler prescribed"), ("general", "Likes the library")):
        Note.objects.create(person=person, kind=kind, text=text, recorded_by_agency=world.council)
    make_action(person, world.council, text="Register with the homeless GP")
    meeting.person = person
    return meeting


def _pack(client, meeting):
    return client.get(reverse("cases:meeting_pack", args=[meeting.pk]))


def test_an_agency_without_health_permission_sees_no_health_minute_or_note(
    outreach_client, meeting, caseworker_user, world
):
    without_health = [s for s in PERSON_SECTIONS if s != Section.HEALTH]
    give_consent(meeting.person, caseworker_user, world.council, sections=without_health)

    text = _text(_pack(outreach_client, meeting))

    assert "Rosalind Okafor" in text
    assert "Came to the hub" in text and "Likes the library" in text
    assert "Register with the homeless GP" in text
    assert "Sleeping rough for 9 months" in text
    assert "Asthma reviewed" not in text
    assert "Inhaler prescribed" not in text
    assert "Mental health need" not in text and "Some factors are not shared" in text


def test_an_agency_with_health_permission_sees_them(
    outreach_client, meeting, caseworker_user, world
):
    give_consent(meeting.person, caseworker_user, world.council)

    text = _text(_pack(outreach_client, meeting))

    assert "Asthma reviewed at the clinic" in text
    assert "Inhaler prescribed" in text
    assert "Mental health need: high" in text
    sections = set(
        AccessEvent.objects.filter(
            person_id=meeting.person.pk, channel=Channel.PDF, route="cases:meeting_pack"
        ).values_list("section", flat=True)
    )
    assert {Section.IDENTITY, Section.HEALTH, Section.NOTES, Section.SUPPORT} <= sections


def test_the_recording_agency_always_sees_its_own_health_minutes(coordinator_client, meeting):
    text = _text(_pack(coordinator_client, meeting))
    assert "Rosalind Okafor" in text and "Asthma reviewed at the clinic" in text


def test_without_sharing_permission_only_the_lead_worker_is_shown(outreach_client, meeting):
    response = _pack(outreach_client, meeting)
    text = _text(response)
    assert "Person on the list (details not shared)" in text
    assert "Lead worker: Caseworker, Coventry Housing Options" in text
    assert "Rosalind" not in text and "Okafor" not in text
    assert "Came to the hub" not in text and "Register with the homeless GP" not in text
    events = AccessEvent.objects.filter(person_id=meeting.person.pk, channel=Channel.PDF)
    assert list(events.values_list("section", flat=True)) == [Section.IDENTITY]


def test_the_file_name_and_the_pdf_are_safe_to_keep(coordinator_client, meeting):
    response = _pack(coordinator_client, meeting)
    disposition = response["Content-Disposition"]
    assert "Rosalind" not in disposition and "Okafor" not in disposition
    assert disposition.startswith('attachment; filename="meeting-pack-partner-tasking-')
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_restricted_people_are_left_out_of_the_pack(coordinator_client, meeting):
    from django.utils import timezone

    meeting.person.restricted_at = timezone.now()
    meeting.person.save()
    text = _text(_pack(coordinator_client, meeting))
    assert "Rosalind" not in text and "Nobody is on the agenda" in text


def test_an_agency_sees_the_actions_it_owns_without_sharing_permission(
    outreach_client, meeting, world
):
    from waypost.cases.models import PlanAction

    PlanAction.objects.create(
        person=meeting.person, text="Meet them at the bus station", owner_agency=world.outreach,
        due_on=meeting.starts_at.date(), recorded_by_agency=world.council,
    )  # fmt: skip
    text = _text(_pack(outreach_client, meeting))
    assert "Meet them at the bus station" in text
    assert "Register with the homeless GP" not in text  # the council's own action
    assert "Rosalind" not in text
