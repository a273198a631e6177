"""The people list: who the user may see, most recently active first, searchable, paged, and
every identity shown recorded in the access log (without the search words)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.audit.models import AccessEvent, Channel, Section
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def test_lists_the_people_the_user_may_see_most_recently_active_first(
    caseworker_client, caseworker_user, world
):
    older = make_person(world.council, by=caseworker_user, given_name="Older")
    newer = make_person(world.council, by=caseworker_user, given_name="Newer")
    Person.objects.filter(pk=older.pk).update(last_activity_at=timezone.now() - timedelta(days=3))
    elsewhere = make_person(world.outreach, given_name="Unshared")  # outreach: no consent
    html = caseworker_client.get("/people/").content.decode()
    assert html.index("Newer Bloggs") < html.index("Older Bloggs")
    assert "Unshared" not in html
    assert f"/people/{newer.pk}/" in html and f"/people/{elsewhere.pk}/" not in html


def test_people_shared_with_the_agency_are_listed(outreach_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user, given_name="Shared")
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    assert "Shared Bloggs" in outreach_client.get("/people/").content.decode()


def test_each_person_listed_is_recorded_as_shown(caseworker_client, caseworker_user, world):
    people = [make_person(world.council, by=caseworker_user) for _ in range(3)]
    caseworker_client.get("/people/")
    events = AccessEvent.objects.filter(user=caseworker_user, route="people:list")
    assert {e.person_id for e in events} == {p.pk for p in people}
    assert {(e.section, e.channel) for e in events} == {(Section.IDENTITY, Channel.PAGE)}


def test_search_finds_by_name_and_logs_a_search_without_the_words(
    caseworker_client, caseworker_user, world
):
    wanted = make_person(
        world.council, by=caseworker_user, given_name="Marigold", family_name="Quince"
    )
    make_person(world.council, by=caseworker_user, given_name="Other", family_name="Person")
    response = caseworker_client.get("/people/", {"q": "Marigold Quince"})
    html = response.content.decode()
    assert "Marigold Quince" in html and "Other Person" not in html
    events = AccessEvent.objects.filter(user=caseworker_user, route="people:list")
    assert [(e.person_id, e.channel) for e in events] == [(wanted.pk, Channel.SEARCH)]
    assert not AccessEvent.objects.filter(route__icontains="Marigold").exists()
    assert not AccessEvent.objects.filter(reason__icontains="Marigold").exists()


def test_a_search_with_no_results_says_what_to_try(caseworker_client, world):
    html = caseworker_client.get("/people/", {"q": "Nobody Anywhere"}).content.decode()
    assert "No one you can see matches your search." in html


def test_long_lists_are_paged_and_keep_the_search(caseworker_client, caseworker_user, world):
    for i in range(30):
        make_person(world.council, given_name=f"Pat{i:02d}", family_name="Smith")
    first = caseworker_client.get("/people/").content.decode()
    assert first.count('<tr class="govuk-table__row">') == 25 + 1  # the header row too
    assert "?page=2" in first
    second = caseworker_client.get("/people/", {"page": 2}).content.decode()
    assert second.count('<tr class="govuk-table__row">') == 5 + 1
    searched = caseworker_client.get("/people/", {"q": "Smith"}).content.decode()
    assert "?q=Smith&amp;page=2" in searched


@pytest.mark.parametrize("persona", ["commissioner_client", "dpo_client", "admin_client"])
def test_roles_without_casework_are_refused(request, persona, world):
    assert request.getfixturevalue(persona).get("/people/").status_code == 403


def test_the_list_costs_the_same_queries_however_many_people(
    caseworker_client, caseworker_user, world, django_assert_max_num_queries
):
    make_person(world.council, by=caseworker_user)
    with django_assert_max_num_queries(20) as few:
        caseworker_client.get("/people/")
    for _ in range(20):
        make_person(world.council, by=caseworker_user)
    # One access event per person listed; nothing else grows.
    with django_assert_max_num_queries(len(few.captured_queries) + 20):
        caseworker_client.get("/people/")
