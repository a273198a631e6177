"""Who may see the threshold model page: coordinators, commissioners and partnership admins of
the partnership; only coordinators change it; each sees only their own partnerships' model,
and someone in several partnerships chooses which."""

import pytest

from waypost.accounts.models import Membership, Role
from waypost.cases.threshold_actions import current_model

PAGE = "/cases/threshold/"


@pytest.mark.parametrize("persona", ["coordinator_client", "commissioner_client", "admin_client"])
def test_coordinators_commissioners_and_admins_see_the_model(request, persona, world):
    response = request.getfixturevalue(persona).get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="govuk-caption-l">Coventry</span>' in html
    assert "Version 1, in use since" in html
    assert "Tiers by gender" in html
    assert ("Change the model" in html) == (persona == "coordinator_client")


@pytest.mark.parametrize(
    "persona", ["caseworker_client", "outreach_client", "referrer_client", "dpo_client"]
)
def test_other_roles_are_refused(request, persona, world):
    client = request.getfixturevalue(persona)
    model = current_model(world.coventry)
    assert client.get(PAGE).status_code == 403
    assert client.get(f"/cases/threshold/versions/{model.pk}/").status_code == 403
    assert client.get("/cases/threshold/coventry/change/").status_code == 403


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client"])
def test_only_coordinators_change_it(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get("/cases/threshold/coventry/change/").status_code == 403
    assert client.post("/cases/threshold/coventry/change/", {"nps": "9"}).status_code == 403


def test_birmingham_sees_only_birminghams_model(birmingham_admin_client, world):
    coventry = current_model(world.coventry)
    html = birmingham_admin_client.get(PAGE).content.decode()
    assert '<span class="govuk-caption-l">Birmingham</span>' in html
    assert "Coventry" not in html
    assert "<select" not in html
    assert birmingham_admin_client.get(PAGE, {"partnership": "coventry"}).status_code == 404
    assert (
        birmingham_admin_client.get(f"/cases/threshold/versions/{coventry.pk}/").status_code == 404
    )
    birmingham = current_model(world.birmingham)
    assert (
        birmingham_admin_client.get(f"/cases/threshold/versions/{birmingham.pk}/").status_code
        == 200
    )
    assert birmingham_admin_client.get(PAGE, {"partnership": "nowhere"}).status_code == 404


def test_someone_in_two_partnerships_chooses(world, coordinator_user):
    from waypost.cases.tests.test_tier_page import client_for

    Membership.objects.create(
        user=coordinator_user, agency=world.brum_council, role=Role.COMMISSIONER
    )
    client = client_for(coordinator_user)
    html = client.get(PAGE).content.decode()
    assert '<select class="govuk-select" id="partnership" name="partnership">' in html
    html = client.get(PAGE, {"partnership": "birmingham"}).content.decode()
    assert '<span class="govuk-caption-l">Birmingham</span>' in html
    assert "Change the model" not in html  # a commissioner there
    html = client.get(PAGE, {"partnership": "coventry"}).content.decode()
    assert "Change the model" in html


def test_the_page_costs_the_same_queries_however_many_versions_and_people(
    coordinator_client, coordinator_user, caseworker_user, world, django_assert_max_num_queries
):
    from waypost.cases.models import Domain, ThresholdModel
    from waypost.cases.tests.test_assessment_record import assess
    from waypost.testing.people import make_person

    model = current_model(world.coventry)
    with django_assert_max_num_queries(25) as first:
        coordinator_client.get(PAGE)
    for version in range(2, 14):
        ThresholdModel.objects.create(
            partnership=world.coventry,
            version=version,
            rules={**model.rules, "nps": version},
            tiers=model.tiers,
            created_by=coordinator_user,
        )
    for n in range(6):
        person = make_person(world.council, by=caseworker_user, given_name=f"P{n}")
        assess(person, caseworker_user, world.council, {Domain.FINANCES: n % 4})
    with django_assert_max_num_queries(len(first.captured_queries) + 1):  # + pagination count
        assert coordinator_client.get(PAGE).status_code == 200
