"""The person page links to the street and case work about the person, offering each user only
what their roles can use, and every link it offers opens."""

from django.urls import reverse

from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _links(client, person):
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return {link.text: link.href for link in response.context["case_links"]}


def test_a_caseworker_is_offered_the_case_work_pages_and_each_opens(
    caseworker_client, caseworker_user, world
):
    sign_agreement_for(world.council)
    person = make_person(world.council, caseworker_user)
    links = _links(caseworker_client, person)
    assert {
        "Record a street contact", "Add to the by-name list", "Timeline", "Support plan",
        "Assessments", "Tier and why", "Meetings that discuss them", "Record enforcement",
        "Enforcement history", "Tell the partnership this person has died",
    } <= set(links)  # fmt: skip
    for text, href in links.items():
        assert caseworker_client.get(href).status_code == 200, text


def test_someone_on_the_list_is_offered_a_status_change_showing_the_status(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, caseworker_user)
    put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.council, by=caseworker_user)
    response = caseworker_client.get(reverse("people:detail", args=[person.pk]))
    links = {link.text: link for link in response.context["case_links"]}
    assert links["Change their by-name list status"].hint == "Now: Sleeping rough"
    assert "Add to the by-name list" not in links


def test_a_referrer_is_not_offered_street_work_assessments_or_enforcement(
    referrer_client, referrer_user, caseworker_user, world
):
    sign_agreement_for(world.council, world.hospital)
    person = make_person(world.council, caseworker_user)
    give_consent(person, caseworker_user, world.council)
    links = set(_links(referrer_client, person))
    assert not links & {
        "Record a street contact", "Add to the by-name list", "Assessments", "Tier and why",
        "Record enforcement", "Enforcement history",
    }  # fmt: skip


def test_meetings_are_offered_only_to_an_agency_that_signed_the_agreement(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, caseworker_user)
    assert "Meetings that discuss them" not in _links(caseworker_client, person)
