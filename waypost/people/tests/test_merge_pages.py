"""The merge journey through its pages: compare, choose, check, merge; a merge's page and its
undo; a person's merges. Forms work without JavaScript and lose nothing on error."""

from django.urls import reverse

from waypost.audit.models import AccessEvent
from waypost.people.actions import update_person
from waypost.people.merging import unmerge
from waypost.people.models import Merge, Person
from waypost.people.tests.merge_fixtures import two_people


def _choose(first, second):
    return reverse("merge:choose", kwargs={"first": first.pk, "second": second.pk})


def _choices(first, second, **overrides):
    """Keep the first record (A) and every value of record B."""
    data = {
        "keep": "first",
        "first_version": first.version,
        "second_version": second.version,
        "field_given_name": "second",
        "field_family_name": "first",
        "field_birth_date": "first",
        "field_gender": "first",
        "field_pronouns": "first",
        "field_ethnicity": "first",
        "field_nationality": "second",
        "field_first_language": "first",
        "field_needs_interpreter": "first",
        "field_immigration_status": "first",
        "field_public_funds": "first",
        "field_local_connection": "first",
        "field_preferred_name": "first",
    }
    return {**data, **overrides}


def test_the_compare_page_shows_both_records_with_a_choice_for_each_difference(
    world, coordinator_client, coordinator_user, django_assert_max_num_queries
):
    first, second = two_people(world.council, coordinator_user)
    with django_assert_max_num_queries(18):
        response = coordinator_client.get(_choose(first, second))
    page = response.content.decode()
    assert "Jo" in page and "Joanne" in page and "1 March 1980" in page and "1980" in page
    assert 'name="field_given_name"' in page and 'name="field_birth_date"' in page
    # The same on both records (lead worker: none named): no choice offered.
    assert 'name="field_lead_worker"' not in page
    # The more precise date of birth and the known gender are suggested.
    form = response.context["form"]
    assert form["field_birth_date"].initial == "first"
    assert form["field_gender"].initial == "first"
    assert form["keep"].initial == "first"  # the older record


def test_reading_the_compare_page_is_in_the_access_log_for_each_person(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    coordinator_client.get(_choose(first, second))
    for person in (first, second):
        sections = set(
            AccessEvent.objects.filter(person_id=person.pk, route="merge:choose").values_list(
                "section", flat=True
            )
        )
        assert sections == {"identity", "immigration", "housing_history"}


def test_continue_shows_the_result_to_check_and_change_keeps_the_choices(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    data = _choices(first, second)
    response = coordinator_client.post(_choose(first, second), {**data, "step": "review"})
    page = response.content.decode()
    assert "Check and merge the records" in page
    assert "Joanne" in page and "(from record B)" in page
    assert not Merge.objects.exists()

    response = coordinator_client.post(_choose(first, second), {**data, "step": "change"})
    assert response.context["form"]["field_given_name"].value() == "second"
    assert "Merge two records" in response.content.decode()


def test_merging_applies_the_choices_and_the_old_link_redirects(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    response = coordinator_client.post(
        _choose(first, second), {**_choices(first, second), "step": "merge"}
    )
    merge = Merge.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("merge:detail", kwargs={"merge_id": merge.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.given_name, first.family_name, first.nationality) == (
        "Joanne",
        "Bloggs",
        "British",
    )
    assert second.merged_into_id == first.pk and second.merged_at is not None
    assert merge.field_choices["given_name"] == "merged"
    assert merge.field_choices["family_name"] == "kept"


def test_keeping_the_second_record_turns_the_choices_round(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    coordinator_client.post(
        _choose(first, second), {**_choices(first, second, keep="second"), "step": "merge"}
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.merged_into_id == second.pk
    # Record B's first name, record A's last name, whichever record stays.
    assert (second.given_name, second.family_name) == ("Joanne", "Bloggs")


def test_a_missing_choice_is_an_error_and_nothing_typed_is_lost(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    data = _choices(first, second)
    del data["field_birth_date"]
    response = coordinator_client.post(_choose(first, second), {**data, "step": "merge"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose which date of birth to keep" in page
    assert response.context["form"]["field_given_name"].value() == "second"
    assert not Merge.objects.exists()


def test_a_record_changed_while_choosing_is_not_merged(world, coordinator_client, coordinator_user):
    first, second = two_people(world.council, coordinator_user)
    data = _choices(first, second)
    update_person(second, version=second.version, by=coordinator_user, nationality="Irish")
    response = coordinator_client.post(_choose(first, second), {**data, "step": "merge"})
    assert response.status_code == 409
    assert "changed one of these records while you were choosing" in response.content.decode()
    assert not Merge.objects.exists()


def test_the_merge_page_shows_what_changed_and_undoes_the_merge(
    world, coordinator_client, coordinator_user, django_assert_max_num_queries
):
    first, second = two_people(world.council, coordinator_user)
    coordinator_client.post(_choose(first, second), {**_choices(first, second), "step": "merge"})
    merge = Merge.objects.get()
    url = reverse("merge:detail", kwargs={"merge_id": merge.pk})
    with django_assert_max_num_queries(17):
        page = coordinator_client.get(url).content.decode()
    assert "Values the merge changed" in page and "Undo this merge" in page
    assert '<td class="govuk-table__cell">Jo</td>' in page  # before
    assert '<td class="govuk-table__cell">Joanne</td>' in page  # set by the merge

    response = coordinator_client.post(url)
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.merged_into_id is None and first.given_name == "Jo"
    page = coordinator_client.get(url).content.decode()
    assert "Undone" in page and "Undo this merge" not in page


def test_undoing_after_a_later_edit_asks_for_confirmation_and_keeps_the_edit(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    coordinator_client.post(_choose(first, second), {**_choices(first, second), "step": "merge"})
    merge = Merge.objects.get()
    first.refresh_from_db()
    update_person(first, version=first.version, by=coordinator_user, nationality="Scottish")
    url = reverse("merge:detail", kwargs={"merge_id": merge.pk})
    assert "Nationality" in coordinator_client.get(url).context["changed"]

    response = coordinator_client.post(url)
    assert response.status_code == 400
    assert "Confirm that you will check the fields changed since the merge" in (
        response.content.decode()
    )
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk

    coordinator_client.post(url, {"confirm_changed": "on"})
    first.refresh_from_db()
    assert first.nationality == "Scottish"  # the later edit is kept
    assert first.given_name == "Jo"  # untouched since: restored


def test_a_persons_merges_are_listed_with_links(
    world, coordinator_client, coordinator_user, django_assert_max_num_queries
):
    first, second = two_people(world.council, coordinator_user)
    coordinator_client.post(_choose(first, second), {**_choices(first, second), "step": "merge"})
    merge = Merge.objects.get()
    for person in (first, second):  # the merged record's list is how its merge is found
        url = reverse("merge:history", kwargs={"person_id": person.pk})
        with django_assert_max_num_queries(14):
            page = coordinator_client.get(url).content.decode()
        assert reverse("merge:detail", kwargs={"merge_id": merge.pk}) in page
    unmerge(merge, by=coordinator_user)
    page = coordinator_client.get(
        reverse("merge:history", kwargs={"person_id": first.pk})
    ).content.decode()
    assert "Undone" in page
