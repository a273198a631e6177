"""Who may reach the street count pages, and what each sees: outreach workers and coordinators
record counts and see the people counted; coordinators submit; commissioners and partnership
admins see figures and never a row about a person; every other role is refused; another
partnership's counts answer 404. Every row shown is in the access log."""

import uuid

import pytest
from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.audit.models import AccessEvent
from waypost.outreach import count_actions
from waypost.outreach.models import CountedPerson, CountKind, StreetCount
from waypost.outreach.tests.test_count_support import (
    NIGHT,
    client_for,
    shared_person,
    snapshot,
)
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

pytestmark = pytest.mark.django_db

FIGURE_ROLES = ["outreach_client", "coordinator_client", "commissioner_client", "admin_client"]
REFUSED_ROLES = ["caseworker_client", "referrer_client", "dpo_client"]


@pytest.fixture
def count(world, coordinator_user):
    count = snapshot(world, coordinator_user)
    jo = shared_person(world, coordinator_user)
    CountedPerson.objects.create(count=count, person=jo, gender="female")
    CountedPerson.objects.create(count=count, description="Tall man, grey beard, with a dog")
    count.total = 2
    count.save()
    return count


@pytest.fixture
def submitted_count(count, coordinator_user):
    """The count, submitted by a coordinator: its return may now be downloaded."""
    return count_actions.submit_count(count, by=coordinator_user)


@pytest.fixture
def row(count):
    return count.people.get(person__isnull=True)


def _figure_urls(count):
    return [
        reverse("outreach:counts"),
        reverse("outreach:count_monthly"),
        reverse("outreach:count_detail", args=[count.pk]),
        reverse("outreach:count_csv", args=[count.pk]),
    ]


def _people_urls(count, row):
    return [
        reverse("outreach:count_new"),
        reverse("outreach:count_month", args=["2025-11"]),
        reverse("outreach:count_edit", args=[count.pk]),
        reverse("outreach:count_person_add", args=[count.pk]),
        reverse("outreach:count_person_edit", args=[count.pk, row.pk]),
        reverse("outreach:count_person_remove", args=[count.pk, row.pk]),
        reverse("outreach:count_person_link", args=[count.pk, row.pk]),
    ]


@pytest.mark.parametrize("persona", FIGURE_ROLES)
def test_figures_are_seen_by_outreach_coordinators_commissioners_and_admins(
    request, persona, submitted_count
):
    client = request.getfixturevalue(persona)
    for url in _figure_urls(submitted_count):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", FIGURE_ROLES)
def test_the_return_is_downloaded_only_once_submitted(request, persona, count):
    client = request.getfixturevalue(persona)
    detail = reverse("outreach:count_detail", args=[count.pk])
    response = client.get(reverse("outreach:count_csv", args=[count.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#return"
    html = client.get(detail).content.decode()
    assert "Submit the count before you download the return." in html
    assert reverse("outreach:count_csv", args=[count.pk]) not in html  # no link until then


@pytest.mark.parametrize("persona", REFUSED_ROLES)
def test_other_roles_are_refused_everything(request, persona, count, row):
    client = request.getfixturevalue(persona)
    for url in _figure_urls(count) + _people_urls(count, row):
        assert client.get(url).status_code == 403, url
    fill = reverse("outreach:count_add_bedded_down", args=[count.pk])
    assert client.post(fill).status_code == 403
    assert client.get(reverse("outreach:count_submit", args=[count.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["outreach_client", "coordinator_client"])
def test_outreach_workers_and_coordinators_record_counts(request, persona, count, row):
    client = request.getfixturevalue(persona)
    for url in _people_urls(count, row):
        assert client.get(url).status_code == 200, url
    fill = reverse("outreach:count_add_bedded_down", args=[count.pk])
    assert client.post(fill).status_code == 302
    assert client.get(fill).status_code == 405  # a button, never a link


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client"])
def test_commissioners_and_admins_cannot_reach_the_pages_about_people(request, persona, count, row):
    client = request.getfixturevalue(persona)
    for url in _people_urls(count, row):
        assert client.get(url).status_code == 403, url
    fill = reverse("outreach:count_add_bedded_down", args=[count.pk])
    assert client.post(fill).status_code == 403
    assert CountedPerson.objects.filter(count=count).count() == 2


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client"])
def test_commissioners_and_admins_never_see_a_row(request, persona, count):
    client = request.getfixturevalue(persona)
    before = AccessEvent.objects.count()
    html = client.get(reverse("outreach:count_detail", args=[count.pk])).content.decode()
    assert "Add a person" not in html and "Check and submit" not in html
    count_actions.submit_count(count, by=count.recorded_by)
    html = client.get(reverse("outreach:count_detail", args=[count.pk])).content.decode()
    assert "Each breakdown adds up to the total of 2." in html
    assert "People counted" not in html
    assert "Tall man" not in html and "Bloggs" not in html
    assert "Six volunteers" not in html  # the notes are for the counting team
    assert "Add a person" not in html and "Check and submit" not in html
    csv = client.get(reverse("outreach:count_csv", args=[count.pk])).content.decode()
    assert csv.startswith("Partnership,Coventry") and "Total people sleeping rough,2" in csv
    assert "Tall man" not in csv and "Bloggs" not in csv
    assert AccessEvent.objects.count() == before  # figures only: nothing personal was read


def test_only_coordinators_submit(outreach_client, coordinator_client, commissioner_client, count):
    url = reverse("outreach:count_submit", args=[count.pk])
    assert outreach_client.get(url).status_code == 403
    assert outreach_client.post(url).status_code == 403
    assert commissioner_client.post(url).status_code == 403
    count.refresh_from_db()
    assert count.submitted_at is None
    assert coordinator_client.get(url).status_code == 200
    html = outreach_client.get(reverse("outreach:count_detail", args=[count.pk])).content.decode()
    assert "A coordinator submits the count when it is complete." in html
    assert "Check and submit the count" not in html


def test_another_partnership_gets_404_for_every_count_page(world, count, row):
    brum = client_for(
        make_user("coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    )
    urls = [u for u in _figure_urls(count) + _people_urls(count, row) if str(count.pk) in u]
    urls.append(reverse("outreach:count_submit", args=[count.pk]))
    for url in urls:
        assert brum.get(url).status_code == 404, url
    assert brum.post(reverse("outreach:count_add_bedded_down", args=[count.pk])).status_code == 404
    for name in ("outreach:counts", "outreach:count_monthly", "outreach:count_new"):
        assert brum.get(reverse(name), {"partnership": "coventry"}).status_code == 404
    month = reverse("outreach:count_month", args=["2025-11"])
    assert brum.get(month, {"partnership": "coventry"}).status_code == 404


def test_birminghams_admin_sees_only_birminghams_counts(
    birmingham_admin_client, world, coordinator_user, count
):
    brum_count = snapshot(world, coordinator_user, partnership=world.birmingham)
    html = birmingham_admin_client.get(reverse("outreach:counts")).content.decode()
    assert reverse("outreach:count_detail", args=[brum_count.pk]) in html
    assert reverse("outreach:count_detail", args=[count.pk]) not in html
    assert "<select" not in html  # one partnership: nothing to choose
    detail = reverse("outreach:count_detail", args=[count.pk])
    assert birmingham_admin_client.get(detail).status_code == 404


def test_a_count_that_does_not_exist_is_404_as_well(coordinator_client, count):
    missing = uuid.uuid4()
    for name in ("outreach:count_detail", "outreach:count_csv", "outreach:count_submit"):
        assert coordinator_client.get(reverse(name, args=[missing])).status_code == 404
    missing_row = reverse("outreach:count_person_edit", args=[count.pk, uuid.uuid4()])
    assert coordinator_client.get(missing_row).status_code == 404


def test_a_row_of_another_count_is_404(coordinator_client, world, coordinator_user, row):
    other = snapshot(world, coordinator_user, night=NIGHT.replace(year=2024))
    url = reverse("outreach:count_person_edit", args=[other.pk, row.pk])
    assert coordinator_client.get(url).status_code == 404


def test_a_monthly_figure_is_not_an_annual_snapshot_page(coordinator_client, world):
    monthly = StreetCount.objects.create(
        partnership=world.coventry, kind=CountKind.MONTHLY, night=NIGHT, total=3,
        recorded_by_agency=world.outreach,
    )  # fmt: skip
    assert (
        coordinator_client.get(reverse("outreach:count_detail", args=[monthly.pk])).status_code
        == 404
    )


def test_someone_in_two_partnerships_chooses(world, coordinator_user, count):
    Membership.objects.create(user=coordinator_user, agency=world.brum_council,
                              role=Role.COMMISSIONER)  # fmt: skip
    client = client_for(coordinator_user)
    html = client.get(reverse("outreach:counts")).content.decode()
    assert '<select class="govuk-select" id="partnership" name="partnership">' in html
    html = client.get(reverse("outreach:counts"), {"partnership": "birmingham"}).content.decode()
    assert "Start an annual snapshot" not in html  # a commissioner there
    html = client.get(reverse("outreach:counts"), {"partnership": "coventry"}).content.decode()
    assert "Start an annual snapshot" in html


def test_each_row_shown_is_in_the_access_log_and_names_only_when_visible(
    world, outreach_user, outreach_client, coordinator_user, count
):
    private = make_person(world.council, by=coordinator_user, given_name="Private",
                          family_name="Person")  # fmt: skip
    CountedPerson.objects.create(count=count, person=private)
    restricted = shared_person(world, coordinator_user, given_name="Restricted")
    restricted.restricted_at = restricted.created_at
    restricted.save()
    CountedPerson.objects.create(count=count, person=restricted)
    before = AccessEvent.objects.count()
    html = outreach_client.get(reverse("outreach:count_detail", args=[count.pk])).content.decode()
    assert "Jo Bloggs" in html  # consent to share with every agency
    assert "Private" not in html  # the council's, no sharing permission
    assert "Restricted" not in html  # restricted records are in no list
    assert html.count("Linked to a record you cannot see") == 2
    assert "Tall man, grey beard, with a dog" in html
    events = AccessEvent.objects.order_by("occurred_at")[before:]
    rows = [e for e in events if e.subject_type == "counted_person"]
    assert len(rows) == 4
    assert {e.section for e in rows} == {"contact"}
    assert {e.route for e in rows} == {"outreach:count_detail"}
    assert {e.agency_id for e in rows} == {world.outreach.pk}
    assert {e.user_id for e in rows} == {outreach_user.pk}
    identity = [e for e in events if e.subject_type == "person"]
    jo = count.people.get(gender="female").person
    assert [(e.person_id, e.section) for e in identity] == [(jo.pk, "identity")]


def test_nothing_personal_in_the_addresses(coordinator_client, world, coordinator_user, count, row):
    jo = count.people.exclude(person=None).get().person
    CountedPerson.objects.filter(pk=row.pk).update(person=None)
    CountedPerson.objects.filter(count=count, person=jo).delete()
    url = reverse("outreach:count_person_link", args=[count.pk, row.pk])
    response = coordinator_client.post(url, {"person": str(jo.pk)})
    assert response.status_code == 302
    assert "Bloggs" not in response.url and str(jo.pk) not in response.url
