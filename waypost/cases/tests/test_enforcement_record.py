"""Recording enforcement under the charter of care: recorded once support offers are on
record (and what was on record kept with it); otherwise the form names what is missing and
refuses; a coordinator may override with a required reason; others may not override."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from waypost.audit.models import AccessEvent, Section
from waypost.cases.charter import MISSING_OFFER, MISSING_PLAN
from waypost.cases.enforcement_actions import CharterNotMet, record_enforcement
from waypost.cases.models import EnforcementAction, EnforcementKind
from waypost.cases.tests.test_enforcement_helpers import (
    offer_support,
    on_list,
    supported_person,
    unsupported_person,
)
from waypost.outreach.models import ListStatus
from waypost.testing.people import make_person


def _url(person):
    return f"/cases/people/{person.pk}/enforcement/new/"


def _post(**overrides):
    today = timezone.localdate()
    data = {
        "kind": EnforcementKind.CPW,
        "taken_on_0": str(today.day),
        "taken_on_1": str(today.month),
        "taken_on_2": str(today.year),
        "details": "Warned about blocking the shop doorway on Hertford Street",
    }
    data.update(overrides)
    return data


def test_a_caseworker_records_enforcement_when_support_is_on_record(
    caseworker_client, caseworker_user, world
):
    person = supported_person(world, by=caseworker_user)
    response = caseworker_client.post(_url(person), _post())
    assert response.status_code == 302
    assert response.url == f"/cases/people/{person.pk}/enforcement/"
    action = EnforcementAction.objects.get(person=person)
    assert action.kind == EnforcementKind.CPW
    assert action.taken_on == timezone.localdate()
    assert action.recorded_by == caseworker_user and action.recorded_by_agency == world.council
    assert action.override_reason == "" and action.overridden_by is None
    # What was on record is kept with it, as codes and dates.
    sources = [item["source"] for item in action.support_on_record]
    assert sources == ["street_contact", "plan_action"]
    assert action.support_on_record[0]["offered"] == ["accommodation", "food"]
    history = caseworker_client.get(response.url).content.decode()
    assert "Community protection warning" in history and "Met" in history
    assert "offered accommodation or a bed tonight, food or drink" in history


def test_the_form_says_what_is_missing_before_anything_is_typed(caseworker_client, world):
    person = unsupported_person(world)
    html = caseworker_client.get(_url(person)).content.decode()
    assert "The charter of care is not met" in html
    assert MISSING_OFFER in html and MISSING_PLAN in html
    assert 'name="override"' not in html  # caseworkers cannot override


def test_the_form_refuses_and_names_what_is_missing(caseworker_client, world):
    person = unsupported_person(world)
    offer_support(person, world.outreach, days_ago=120)  # too long ago to count
    response = caseworker_client.post(_url(person), _post())
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        "No support offer recorded in the last 90 days: support must be offered before "
        "enforcement (charter of care)" in html
    )
    assert "No support plan action: support must be offered" in html
    # What the user typed is kept.
    assert "Warned about blocking the shop doorway" in html
    assert not EnforcementAction.objects.exists()


def test_only_the_missing_part_is_named(caseworker_client, world):
    person = unsupported_person(world)
    offer_support(person, world.outreach, days_ago=5)
    html = caseworker_client.post(_url(person), _post()).content.decode()
    assert "No support plan action: support must be offered" in html
    assert "No support offer recorded in the last 90 days:" not in html


def test_a_coordinator_sees_the_override_and_it_needs_a_reason(coordinator_client, world):
    person = unsupported_person(world)
    assert 'name="override"' in coordinator_client.get(_url(person)).content.decode()
    response = coordinator_client.post(_url(person), _post(override="on", override_reason=" "))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter why enforcement cannot wait for support" in html
    assert not EnforcementAction.objects.exists()


def test_a_coordinator_overrides_with_a_reason_and_both_are_kept(
    coordinator_client, coordinator_user, world
):
    person = unsupported_person(world)
    response = coordinator_client.post(
        _url(person),
        _post(override="on", override_reason="Threats to shop staff; police need to act today"),
    )
    assert response.status_code == 302
    action = EnforcementAction.objects.get(person=person)
    assert action.override_reason == "Threats to shop staff; police need to act today"
    assert action.overridden_by == coordinator_user
    assert action.support_on_record == []
    history = coordinator_client.get(response.url).content.decode()
    assert "Overridden" in history and "Threats to shop staff" in history


def test_a_coordinator_without_ticking_the_override_is_refused_like_anyone(
    coordinator_client, world
):
    person = unsupported_person(world)
    html = coordinator_client.post(
        _url(person), _post(override_reason="Reason without the box")
    ).content.decode()
    assert "No support plan action: support must be offered" in html
    assert not EnforcementAction.objects.exists()


def test_a_non_coordinator_cannot_override_by_posting_the_fields(caseworker_client, world):
    person = unsupported_person(world)
    response = caseworker_client.post(
        _url(person), _post(override="on", override_reason="I say so")
    )
    assert response.status_code == 200
    assert "No support offer recorded in the last 90 days:" in response.content.decode()
    assert not EnforcementAction.objects.exists()


def test_the_action_refuses_an_override_from_a_non_coordinator(caseworker_user, world):
    person = unsupported_person(world)
    with pytest.raises(PermissionDenied):
        record_enforcement(
            person,
            kind=EnforcementKind.WARNING,
            taken_on=timezone.localdate(),
            details="",
            agency=world.council,
            by=caseworker_user,
            override_reason="Trying anyway",
        )
    with pytest.raises(CharterNotMet) as refused:
        record_enforcement(
            person,
            kind=EnforcementKind.WARNING,
            taken_on=timezone.localdate(),
            details="",
            agency=world.council,
            by=caseworker_user,
        )
    assert refused.value.missing == [MISSING_OFFER, MISSING_PLAN]
    assert not EnforcementAction.objects.exists()


def test_an_override_when_the_charter_is_met_is_not_kept(coordinator_client, world):
    person = supported_person(world)
    coordinator_client.post(_url(person), _post(override="on", override_reason="Not needed"))
    action = EnforcementAction.objects.get(person=person)
    assert action.override_reason == "" and action.overridden_by is None


def test_the_charter_is_judged_on_the_date_of_the_enforcement(caseworker_client, world):
    person = supported_person(world)  # offered 10 days ago
    earlier = timezone.localdate() - timedelta(days=30)
    html = caseworker_client.post(
        _url(person),
        _post(taken_on_0=earlier.day, taken_on_1=earlier.month, taken_on_2=earlier.year),
    ).content.decode()
    assert "No support offer recorded in the last 90 days:" in html
    assert not EnforcementAction.objects.exists()


def test_a_date_in_the_future_is_refused(caseworker_client, world):
    person = supported_person(world)
    later = timezone.localdate() + timedelta(days=2)
    html = caseworker_client.post(
        _url(person), _post(taken_on_0=later.day, taken_on_1=later.month, taken_on_2=later.year)
    ).content.decode()
    assert "The date of the enforcement must be today or earlier" in html
    assert not EnforcementAction.objects.exists()


def test_details_and_kind_are_required(caseworker_client, world):
    person = supported_person(world)
    html = caseworker_client.post(_url(person), _post(kind="", details="")).content.decode()
    assert "Choose the kind of enforcement" in html
    assert "Enter what was done, and why" in html


def test_someone_not_on_the_list_gets_an_explanation_not_a_form(caseworker_client, world):
    person = make_person(world.council)
    html = caseworker_client.get(_url(person)).content.decode()
    assert "This form is for people on the by-name list. They are not on it." in html
    assert "<form" not in html.split("</header>")[1].split("<footer")[0]
    caseworker_client.post(_url(person), _post())
    assert not EnforcementAction.objects.exists()


def test_someone_housed_or_dead_is_not_recorded_against(caseworker_client, world):
    person = supported_person(world)
    entry = on_list(person, world.outreach, status=ListStatus.HOUSED)
    html = caseworker_client.get(_url(person)).content.decode()
    assert "The list shows them as: housed." in html
    entry.status = ListStatus.DECEASED
    entry.save()
    caseworker_client.post(_url(person), _post())
    assert not EnforcementAction.objects.exists()


def test_the_page_records_the_reads(caseworker_client, caseworker_user, world):
    person = supported_person(world)
    caseworker_client.get(_url(person))
    sections = set(
        AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk).values_list(
            "section", flat=True
        )
    )
    assert sections == {Section.IDENTITY, Section.SUPPORT}
    assert not AccessEvent.objects.filter(route__contains="/").exists()
