"""Access on the timeline: a note of the health kind is invisible to an agency without health
permission, on the timeline page and in the API, while the general note shows. Every event is
filtered by its section and recording agency; what is hidden is absent, with one line saying
that some entries are hidden; what is shown is recorded in the access log."""

from waypost.accounts.actions import create_api_token
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.cases import plan_actions
from waypost.cases.tests.test_plan_helpers import action_for
from waypost.people.actions import add_note
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _auth(user) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def _person_with_notes(world, caseworker_user):
    """Signed agreement for council and outreach; consent to share everything but health."""
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(
        person,
        caseworker_user,
        world.council,
        sections=[s for s in PERSON_SECTIONS if s != Section.HEALTH],
    )
    add_note(person, kind="general", text="Had breakfast at the day centre", by=caseworker_user,
             agency=world.council)  # fmt: skip
    add_note(person, kind="health", text="Leg ulcer dressed by the nurse", by=caseworker_user,
             agency=world.council)  # fmt: skip
    return person


def test_a_health_note_is_invisible_on_the_timeline_without_health_permission(
    caseworker_user, outreach_client, outreach_user, world
):
    person = _person_with_notes(world, caseworker_user)
    response = outreach_client.get(f"/cases/people/{person.pk}/timeline/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Had breakfast at the day centre" in page
    assert "Leg ulcer" not in page and "Note: health" not in page
    assert "Some entries are hidden by sharing rules" in page
    assert "1 entry, newest first" in page  # the hidden note is not counted either
    events = AccessEvent.objects.filter(user=outreach_user, route="cases:timeline")
    assert {e.section for e in events} == {Section.NOTES, Section.IDENTITY}


def test_a_health_note_is_invisible_in_the_api_without_health_permission(
    client, caseworker_user, outreach_user, world
):
    person = _person_with_notes(world, caseworker_user)
    response = client.get(f"/api/v1/people/{person.pk}/timeline/", **_auth(outreach_user))
    body = response.json()
    assert response.status_code == 200
    assert [e["text"] for e in body["results"]] == ["Had breakfast at the day centre"]
    assert body["count"] == 1 and body["hidden_by_sharing"] is True
    assert "Leg ulcer" not in response.content.decode()
    event = AccessEvent.objects.get(user=outreach_user, route="api-person-timeline")
    assert (event.channel, event.section, event.person_id) == (
        Channel.API,
        Section.NOTES,
        person.pk,
    )


def test_the_agency_that_wrote_the_health_note_sees_it(caseworker_client, caseworker_user, world):
    person = _person_with_notes(world, caseworker_user)
    page = caseworker_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Leg ulcer dressed by the nurse" in page and "Note: health" in page
    assert "hidden by sharing rules" not in page


def test_with_health_permission_the_other_agency_sees_it_too(
    caseworker_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    add_note(person, kind="health", text="Leg ulcer dressed", by=caseworker_user,
             agency=world.council)  # fmt: skip
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Leg ulcer dressed" in page


def test_without_consent_only_the_actions_an_agency_owns_show(
    caseworker_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    add_note(person, kind="general", text="A council note", by=caseworker_user,
             agency=world.council)  # fmt: skip
    plan_actions.add_goal(person=person, text="A council goal", by=caseworker_user,
                          agency=world.council)  # fmt: skip
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
               text="Outreach to find them a sleeping bag")  # fmt: skip
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Outreach to find them a sleeping bag" in page
    assert "A council note" not in page and "A council goal" not in page
    assert "Jo Bloggs" not in page and "Someone known to Coventry Housing Options" in page
    assert "Some entries are hidden by sharing rules" in page


def test_offending_records_are_not_shown_to_outreach_workers(
    caseworker_user, outreach_client, world
):
    from waypost.cases.models import EnforcementAction

    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    EnforcementAction.objects.create(person=person, kind="cpw", details="Warned in the park",
                                     recorded_by_agency=world.council)  # fmt: skip
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Warned in the park" not in page  # their role does not cover offending
    assert "Some entries are hidden by sharing rules" in page


def test_the_timeline_is_404_for_someone_the_user_may_not_know_of(
    client, caseworker_user, outreach_client, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)  # outreach has not signed
    assert outreach_client.get(f"/cases/people/{person.pk}/timeline/").status_code == 404
    auth = _auth(outreach_user)
    assert client.get(f"/api/v1/people/{person.pk}/timeline/", **auth).status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/v1/people/{missing}/timeline/", **auth).status_code == 404
    assert not AccessEvent.objects.filter(user=outreach_user).exists()


def test_roles_without_casework_are_refused(client, admin_client, admin_user, world):
    person = make_person(world.council)
    assert admin_client.get(f"/cases/people/{person.pk}/timeline/").status_code == 403
    response = client.get(f"/api/v1/people/{person.pk}/timeline/", **_auth(admin_user))
    assert response.status_code == 403
    assert client.get(f"/api/v1/people/{person.pk}/timeline/").status_code in (401, 403)


def test_a_merged_record_leads_to_the_one_it_was_merged_into(
    client, caseworker_client, caseworker_user, world
):
    from waypost.people.models import Person

    kept = make_person(world.council, by=caseworker_user)
    gone = make_person(world.council, by=caseworker_user, given_name="Joe")
    Person.objects.filter(pk=gone.pk).update(merged_into=kept)
    response = caseworker_client.get(f"/cases/people/{gone.pk}/timeline/")
    assert response.status_code == 302 and response.url == f"/people/{kept.pk}/"
    response = client.get(f"/api/v1/people/{gone.pk}/timeline/", **_auth(caseworker_user))
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/people/{kept.pk}/timeline/"
