"""Who sees the monthly return, who signs it off and who sees the people behind a figure:
200 for the roles allowed, 403 for the others, 404 for a partnership the user does not work in;
and in a drill-down, only people the viewer may know about, named only where the identity
section is shared, with every row in the access log."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.testing.pages import page_html
from waypost.testing.people import give_consent, sign_agreement_for
from waypost.testing.personas import make_user
from waypost.testing.returns import build_return_month

PAGE = reverse("reporting:returns")
OCT = {"month_0": "10", "month_1": "2026"}
P1 = reverse("reporting:return_people", args=["2026-10", "p1"])
SIGN_OFF = reverse("reporting:return_sign_off", args=["2026-10"])
CSV = reverse("reporting:return_csv", args=["2026-10"])


@pytest.fixture
def month(world):
    return build_return_month(world)


@pytest.mark.parametrize(
    "client_name",
    [
        "coordinator_client",
        "caseworker_client",
        "outreach_client",
        "commissioner_client",
        "admin_client",
    ],
)
def test_figures_roles_see_the_return(request, world, client_name):
    response = request.getfixturevalue(client_name).get(PAGE, OCT)
    assert response.status_code == 200
    assert "P1" in response.content.decode()


@pytest.mark.parametrize(
    "client_name", ["referrer_client", "dpo_client", "provider_client", "regional_client"]
)
def test_other_roles_may_not_see_the_return(request, world, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(PAGE, OCT).status_code == 403
    assert client.get(P1).status_code == 403
    assert client.get(SIGN_OFF).status_code == 403


def test_another_partnership_answers_404(world, birmingham_admin_client, coordinator_client):
    assert birmingham_admin_client.get(PAGE, {**OCT, "partnership": "coventry"}).status_code == 404
    assert coordinator_client.get(P1, {"partnership": "birmingham"}).status_code == 404
    assert coordinator_client.get(SIGN_OFF, {"partnership": "birmingham"}).status_code == 404
    assert coordinator_client.get(CSV, {"partnership": "birmingham"}).status_code == 404


def test_commissioners_and_admins_see_figures_but_not_people(commissioner_client, admin_client):
    assert commissioner_client.get(P1).status_code == 403
    assert admin_client.get(P1).status_code == 403


def test_only_coordinators_sign_off(
    world, caseworker_client, commissioner_client, coordinator_client
):
    assert caseworker_client.get(SIGN_OFF).status_code == 403
    assert commissioner_client.post(SIGN_OFF).status_code == 403
    assert coordinator_client.get(SIGN_OFF).status_code == 200


def test_an_unknown_indicator_or_month_answers_404(world, coordinator_client):
    assert (
        coordinator_client.get(
            reverse("reporting:return_people", args=["2026-10", "zz"])
        ).status_code
        == 404
    )
    assert (
        coordinator_client.get(
            reverse("reporting:return_people", args=["2026-13", "p1"])
        ).status_code
        == 404
    )


def _rows(response):
    return [(row.name if row.shows_name else None) for row in response.context["rows"]]


def test_drill_down_without_an_agreement_shows_only_own_agency_people(
    world, month, coordinator_client, outreach_client
):
    # The coordinator's agency (the council) signed nothing and recorded no one: nobody.
    assert _rows(coordinator_client.get(P1)) == []
    # The outreach team recorded everyone: their names show.
    assert sorted(_rows(outreach_client.get(P1))) == ["Ada Test", "Fay Test"]


def test_drill_down_names_only_people_whose_identity_is_shared(
    world, month, coordinator_client, outreach_user
):
    sign_agreement_for(world.council, world.outreach)
    give_consent(month.ada, outreach_user, world.outreach)
    response = coordinator_client.get(P1)
    body = page_html(response)
    assert _rows(response) == ["Ada Test", None]
    assert "Person not shared with your agency" in body
    assert "Fay" not in body
    assert reverse("people:detail", args=[month.ada.pk]) in body
    assert reverse("people:detail", args=[month.fay.pk]) not in body


def test_drill_down_never_lists_restricted_people(world, month, outreach_client):
    response = outreach_client.get(reverse("reporting:return_people", args=["2026-10", "r1"]))
    names = _rows(response)
    assert sorted(names) == ["Ada Test", "Ben Test", "Cal Test", "Fay Test"]
    assert "Dee" not in page_html(response)


def test_drill_down_records_an_access_event_per_row(world, month, outreach_client, outreach_user):
    outreach_client.get(P1)
    events = AccessEvent.objects.filter(user=outreach_user, route="reporting:return_people")
    identity = events.filter(section=Section.IDENTITY)
    contact = events.filter(section=Section.CONTACT)
    assert {e.person_id for e in identity} == {month.ada.pk, month.fay.pk}
    assert {e.person_id for e in contact} == {month.ada.pk, month.fay.pk}
    assert {e.channel for e in events} == {Channel.DASHBOARD}


def test_drill_down_query_count_does_not_grow_with_rows(
    world, month, outreach_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        assert (
            outreach_client.get(
                reverse("reporting:return_people", args=["2026-10", "r1"])
            ).status_code
            == 200
        )


def test_a_coordinator_in_another_partnership_sees_no_coventry_people(world, month, client):
    user = make_user("coord@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    client.force_login(user)
    assert client.get(P1, {"partnership": "coventry"}).status_code == 404
    response = client.get(P1)
    assert response.status_code == 200
    assert _rows(response) == []
