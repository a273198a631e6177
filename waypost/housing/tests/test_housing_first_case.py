"""Reading a Housing First case: staff whose role covers housing history, through the policy;
the name only where identity is visible; the stages with the date each was reached and the
days spent there; the home offered with its landlord; every read in the access log; 404 for a
case that is missing, in another partnership or not shared."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing import housing_first_actions as actions
from waypost.housing.models import HousingFirstStage, PanelDecision
from waypost.housing.tests.test_housing_first_helpers import (
    case_at,
    client_for,
    days_ago,
    home,
    member,
    refer,
    step_data,
    url,
)
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for

S = HousingFirstStage


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "outreach", "provider"])
def test_roles_covering_housing_history_read_a_shared_case(request, world, persona):
    person = make_person(world.council, given_name="Rita")
    sign_agreement_for(world.council, world.outreach, world.shelter)
    give_consent(person, None, world.council)
    case = refer(person, world.council, reason="Six winters on the street")
    page = request.getfixturevalue(f"{persona}_client").get(url(case))
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "Rita Bloggs" in text and "Six winters on the street" in text


@pytest.mark.parametrize("persona", ["referrer", "commissioner", "dpo", "admin"])
def test_other_roles_may_not_read_a_case(request, world, persona):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, None, world.council)
    case = refer(person, world.council)
    assert request.getfixturevalue(f"{persona}_client").get(url(case)).status_code == 403


def test_missing_other_partnership_and_not_shared_are_all_404(world, caseworker_client):
    brum = client_for(member("cw@birmingham.test", world.brum_council, Role.CASEWORKER))
    case = refer(make_person(world.council), world.council)
    assert brum.get(url(case)).status_code == 404
    assert caseworker_client.get(f"/housing/housing-first/{uuid.uuid4()}/").status_code == 404
    # Outreach's case about outreach's person: the council signed, but no consent to share.
    sign_agreement_for(world.council, world.outreach)
    hidden = refer(make_person(world.outreach), world.outreach)
    assert caseworker_client.get(url(hidden)).status_code == 404
    assert not AccessEvent.objects.filter(subject_id=str(hidden.pk)).exists()


def test_consent_withdrawn_hides_the_case_on_the_next_request(world, caseworker_client):
    from waypost.sharing.models import PermissionStatus

    person = make_person(world.outreach)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, None, world.outreach)
    case = refer(person, world.outreach)
    assert caseworker_client.get(url(case)).status_code == 200
    give_consent(person, None, world.outreach, status=PermissionStatus.WITHDRAWN)
    assert caseworker_client.get(url(case)).status_code == 404


def test_the_name_shows_only_where_identity_is_visible(world, caseworker_client, caseworker_user):
    # Outreach recorded the person (no consent); the council referred them and sees its case.
    person = make_person(world.outreach, given_name="Secret")
    sign_agreement_for(world.council, world.outreach)
    case = refer(person, world.council)
    page = caseworker_client.get(url(case)).content.decode()
    assert "Secret" not in page
    assert "Name not shared with you" in page
    events = AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk)
    assert [(e.section, e.subject_type, e.subject_id) for e in events] == [
        (Section.HOUSING_HISTORY, "housing_first_case", str(case.pk))
    ]
    assert events[0].route == "housing:hf_case"
    assert events[0].agency == world.council


def test_a_name_shown_is_in_the_access_log(world, caseworker_client, caseworker_user):
    person = make_person(world.council)
    case = refer(person, world.council)
    caseworker_client.get(url(case))
    sections = set(
        AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk).values_list(
            "section", flat=True
        )
    )
    assert sections == {Section.HOUSING_HISTORY, Section.IDENTITY}


def test_the_stages_show_the_date_reached_and_the_days_there(world, caseworker_client):
    person = make_person(world.council)
    case = refer(
        person,
        world.council,
        referred_on=days_ago(20).date(),
        at=days_ago(20),
    )
    case = actions.record_eligibility(
        case, version=case.version, eligible=True, notes="", agency=world.council, by=None,
        at=days_ago(13, hour=16),
    )  # fmt: skip
    text = _text(caseworker_client.get(url(case)).content.decode())
    reached = days_ago(20).strftime("%-d %B %Y")
    checked = days_ago(13).strftime("%-d %B %Y")
    assert f"Referred Reached {reached}. Stayed 7 days. Done" in text
    assert f"Eligibility checked Reached {checked}. Here for 13 days so far. Current stage" in text
    assert "Panel decision Not reached Property offered" in text
    assert "Next step: record the panel’s decision" in text


def test_a_housed_case_shows_the_home_landlord_and_tenancy(world, caseworker_client):
    flat = home(world, "Flat 4, 9 Ash Grove")
    case = case_at(S.TENANCY, make_person(world.council), world.council, property=flat)
    text = _text(caseworker_client.get(url(case)).content.decode())
    assert "Flat 4, 9 Ash Grove" in text
    assert "Landlord: Elm Housing Housing First partner" in text
    assert f"Started {timezone.localdate():%-d %B %Y}" in text
    assert "No floating support" in text
    assert "Housed" in text
    assert "Next step" not in text and "Close this case" not in text


def test_a_closed_case_shows_why(world, caseworker_client):
    case = case_at(S.CLOSED, make_person(world.council), world.council)
    text = _text(caseworker_client.get(url(case)).content.decode())
    assert "Why it closed Moved away" in text
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Closed without a tenancy Closed {today}. Closed" in text  # the task list's end


def test_a_deferred_panel_says_so(world, coordinator_client):
    case = case_at(S.PANEL, make_person(world.council), world.council, deferred=True)
    text = _text(coordinator_client.get(url(case)).content.decode())
    assert "(the panel deferred its decision)" in text
    assert f"Panel Deferred on {timezone.localdate():%-d %B %Y}" in text
    assert case.panel_decision == PanelDecision.DEFERRED


def test_readers_who_do_not_move_cases_see_no_forms(world, outreach_client):
    person = make_person(world.outreach)
    case = refer(person, world.outreach)
    page = outreach_client.get(url(case)).content.decode()
    assert "A coordinator or caseworker records the next step" in page
    assert '<form method="post" action="/housing' not in page
    assert "Close this case" not in page


def test_the_case_page_query_count_does_not_grow_with_its_history(
    world, caseworker_client, django_assert_max_num_queries
):
    case = case_at(S.OFFER, make_person(world.council), world.council, world=world)
    with django_assert_max_num_queries(30):
        assert caseworker_client.get(url(case)).status_code == 200


def test_a_restricted_record_is_kept_but_not_moved_on(world, caseworker_client):
    person = make_person(world.council)
    case = refer(person, world.council)
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    page = caseworker_client.get(url(case)).content.decode()
    assert "Their record is restricted" in page
    assert "Next step" not in page and "Close this case" not in page
    for step in ("eligibility", "close"):
        assert caseworker_client.post(url(case, step), step_data(step, case)).status_code == 404
    with pytest.raises(ValidationError, match="restricted"):
        actions.close_case(case, version=case.version, reason="x", agency=world.council, by=None)
