"""Moving a case through Housing First on its page: every stage transition and every refusal
(out of order, a stale form, the wrong role, another partnership, a person or case not shared).
Each move writes one stage-change row and the case's stage_since, in one transaction."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.housing import housing_first_actions as actions
from waypost.housing.models import (
    HousingFirstCase,
    HousingFirstStage,
    HousingFirstStageChange,
    PanelDecision,
    Property,
    Tenancy,
)
from waypost.housing.tenancy_actions import start_tenancy
from waypost.housing.tests.test_housing_first_helpers import (
    case_at,
    client_for,
    date_fields,
    home,
    member,
    refer,
    step_data,
    url,
)
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.testing.people import give_consent, make_person, sign_agreement_for

S = HousingFirstStage


def _stages(case):
    return list(case.changes.order_by("changed_at").values_list("stage", flat=True))


def _fresh(case):
    return HousingFirstCase.objects.get(pk=case.pk)


# --- The whole journey ---------------------------------------------------------------------------


def test_a_case_moves_from_referral_to_a_tenancy(
    caseworker_client, coordinator_client, caseworker_user, world
):
    person = make_person(world.council)
    put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.outreach, by=None)
    case = refer(person, world.council)
    flat = home(world, "Flat 4, 9 Ash Grove")

    response = caseworker_client.post(url(case, "eligibility"), step_data("eligibility", case))
    assert response.status_code == 302 and response.url == url(case)
    case = _fresh(case)
    assert (case.stage, case.eligible, case.eligibility_notes) == (
        S.ELIGIBILITY,
        True,
        "Meets the criteria",
    )

    response = coordinator_client.post(url(case, "panel"), step_data("panel", case))
    assert response.status_code == 302
    case = _fresh(case)
    assert (case.stage, case.panel_decision, case.panel_on) == (
        S.PANEL,
        PanelDecision.APPROVED,
        timezone.localdate(),
    )

    response = caseworker_client.post(
        url(case, "offer"), step_data("offer", case, property=str(flat.pk))
    )
    assert response.status_code == 302
    case = _fresh(case)
    assert (case.stage, case.property, case.offered_on) == (S.OFFER, flat, timezone.localdate())

    response = caseworker_client.post(
        url(case, "tenancy"),
        step_data(
            "tenancy", case, floating_support="yes", floating_support_agency=str(world.outreach.pk)
        ),
    )
    assert response.status_code == 302
    case = _fresh(case)
    tenancy = Tenancy.objects.get()
    assert (case.stage, case.tenancy) == (S.TENANCY, tenancy)
    assert (tenancy.person, tenancy.property, tenancy.landlord) == (person, flat, flat.landlord)
    assert (tenancy.floating_support, tenancy.floating_support_agency) == (True, world.outreach)
    assert tenancy.recorded_by == caseworker_user
    assert not Property.objects.get(pk=flat.pk).is_available  # let
    assert ByNameEntry.objects.get(person=person).status == ListStatus.HOUSED

    assert _stages(case) == [S.REFERRED, S.ELIGIBILITY, S.PANEL, S.OFFER, S.TENANCY]
    changes = list(case.changes.order_by("changed_at"))
    assert [c.previous_stage for c in changes] == ["", S.REFERRED, S.ELIGIBILITY, S.PANEL, S.OFFER]
    assert case.stage_since == changes[-1].changed_at
    assert changes[1].recorded_by == caseworker_user
    assert changes[1].recorded_by_agency == world.council
    assert case.version == 5


def test_not_eligible_closes_the_case_with_the_reason(caseworker_client, world):
    case = refer(make_person(world.council), world.council)
    page = caseworker_client.post(
        url(case, "eligibility"), step_data("eligibility", case, eligible="no", notes="")
    )
    assert "Enter why they are not eligible" in page.content.decode()
    assert _fresh(case).stage == S.REFERRED
    caseworker_client.post(
        url(case, "eligibility"),
        step_data("eligibility", case, eligible="no", notes="Has a home to go back to"),
    )
    case = _fresh(case)
    assert (case.stage, case.eligible) == (S.CLOSED, False)
    assert case.closed_reason == "Not eligible: Has a home to go back to"
    assert _stages(case) == [S.REFERRED, S.CLOSED]


def test_a_declined_panel_closes_the_case(coordinator_client, world):
    case = case_at(S.ELIGIBILITY, make_person(world.council), world.council)
    data = step_data("panel", case, decision=PanelDecision.DECLINED, reason="")
    assert (
        "Enter why the panel declined"
        in coordinator_client.post(url(case, "panel"), data).content.decode()
    )  # noqa: E501
    coordinator_client.post(url(case, "panel"), data | {"reason": "Needs are met elsewhere"})
    case = _fresh(case)
    assert (case.stage, case.panel_decision) == (S.CLOSED, PanelDecision.DECLINED)
    assert case.closed_reason == "Declined by the panel: Needs are met elsewhere"


def test_a_deferred_case_stays_at_the_panel_until_it_decides(coordinator_client, world):
    case = case_at(S.ELIGIBILITY, make_person(world.council), world.council)
    earlier = timezone.localdate()
    coordinator_client.post(
        url(case, "panel"), step_data("panel", case, decision=PanelDecision.DEFERRED)
    )
    case = _fresh(case)
    assert (case.stage, case.panel_decision) == (S.PANEL, PanelDecision.DEFERRED)
    since = case.stage_since
    page = coordinator_client.get(url(case)).content.decode()
    assert "Next step: record the panel’s decision" in page
    # An offer cannot be made while the panel has deferred.
    flat = home(world)
    page = coordinator_client.post(url(case, "offer"), step_data("offer", case, property=flat.pk))
    assert "cannot be done now" in page.content.decode()
    assert _fresh(case).property is None

    coordinator_client.post(
        url(case, "panel"),
        step_data(
            "panel", case, decision=PanelDecision.APPROVED, **date_fields("panel_on", earlier)
        ),  # noqa: E501
    )
    case = _fresh(case)
    assert (case.stage, case.panel_decision, case.stage_since) == (
        S.PANEL,
        PanelDecision.APPROVED,
        since,  # still the same stage: the time at the panel runs on
    )
    assert _stages(case) == [S.REFERRED, S.ELIGIBILITY, S.PANEL]
    assert "Next step: offer a property" in coordinator_client.get(url(case)).content.decode()


def test_a_new_offer_replaces_one_that_fell_through(caseworker_client, world):
    first, second = home(world, "1 Elm Road"), home(world, "2 Elm Road")
    case = case_at(S.OFFER, make_person(world.council), world.council, property=first)
    page = caseworker_client.get(url(case)).content.decode()
    assert "Next step: start the tenancy" in page
    assert f'href="{url(case, "offer")}"' in page
    page = caseworker_client.get(url(case, "offer")).content.decode()
    assert "2 Elm Road" in page and "Offer this property" in page
    caseworker_client.post(url(case, "offer"), step_data("offer", case, property=second.pk))
    case = _fresh(case)
    assert (case.stage, case.property) == (S.OFFER, second)
    assert _stages(case).count(S.OFFER) == 1


# --- What can be offered -------------------------------------------------------------------------


def test_only_homes_free_to_offer_in_the_partnership_are_offered(caseworker_client, world):
    free = home(world, "1 Free Street")
    let = home(world, "2 Let Street", available=False)
    elsewhere = home(world, "3 Brum Street", partnership=world.birmingham)
    no_agreement = home(world, "4 Private Road", housing_first=False)
    other = case_at(S.OFFER, make_person(world.council, given_name="Other"), world.council,
                    property=home(world, "5 Taken Street"))  # fmt: skip
    case = case_at(S.PANEL, make_person(world.council), world.council)
    page = caseworker_client.get(url(case)).content.decode()
    assert "1 Free Street" in page and "4 Private Road" in page
    assert "2 Let Street" not in page and "3 Brum Street" not in page
    assert "5 Taken Street" not in page  # offered to someone else's open case
    assert page.index("1 Free Street") < page.index("4 Private Road")  # partners first
    assert "Landlord: Elm Housing. Housing First partner." in page
    assert "Landlord: Private Lets Ltd. No Housing First agreement." in page
    for refused in (let, elsewhere, other.property):
        page = caseworker_client.post(
            url(case, "offer"), step_data("offer", case, property=refused.pk)
        )  # noqa: E501
        assert "That home is no longer free to offer" in page.content.decode()
    assert _fresh(case).stage == S.PANEL
    caseworker_client.post(url(case, "offer"), step_data("offer", case, property=no_agreement.pk))
    assert _fresh(case).property == no_agreement
    assert "No Housing First agreement" in caseworker_client.get(url(case)).content.decode()
    assert Property.objects.get(pk=free.pk).is_available  # still free for the next person


def test_the_action_refuses_homes_it_may_not_offer(world):
    case = case_at(S.PANEL, make_person(world.council), world.council)
    other = case_at(S.OFFER, make_person(world.council, given_name="Al"), world.council,
                    property=home(world, "5 Taken Street"))  # fmt: skip
    for refused, message in (
        (home(world, "B", partnership=world.birmingham), "another partnership"),
        (home(world, "C", available=False), "no longer free"),
        (other.property, "offered to someone else"),
    ):
        with pytest.raises(ValidationError, match=message):
            actions.offer_property(
                case, version=case.version, home=refused, offered_on=timezone.localdate(),
                agency=world.council, by=None,
            )  # fmt: skip


# --- Dates and choices ---------------------------------------------------------------------------


def test_dates_must_be_today_or_earlier_and_not_before_the_stage(coordinator_client, world):
    case = refer(make_person(world.council), world.council, referred_on=timezone.localdate())
    case = actions.record_eligibility(
        case, version=case.version, eligible=True, notes="", agency=world.council, by=None
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    yesterday = timezone.localdate() - timedelta(days=1)
    page = coordinator_client.post(
        url(case, "panel"), step_data("panel", case, **date_fields("panel_on", tomorrow))
    ).content.decode()
    assert "The date of the panel must be today or earlier" in page
    page = coordinator_client.post(
        url(case, "panel"), step_data("panel", case, **date_fields("panel_on", yesterday))
    ).content.decode()
    assert "The date of the panel must be on or after" in page
    assert "when the case reached “Eligibility checked”" in page
    assert _fresh(case).stage == S.ELIGIBILITY


def test_floating_support_needs_its_agency(caseworker_client, world):
    case = case_at(S.OFFER, make_person(world.council), world.council, world=world)
    page = caseworker_client.post(
        url(case, "tenancy"), step_data("tenancy", case, floating_support="yes")
    ).content.decode()
    assert "Choose the agency that gives floating support" in page
    page = caseworker_client.post(
        url(case, "tenancy"),
        step_data(
            "tenancy",
            case,
            floating_support="yes",
            floating_support_agency=str(world.brum_council.pk),
        ),  # noqa: E501
    ).content.decode()
    assert "Choose one of the agencies listed" in page
    assert not Tenancy.objects.exists()


def test_a_home_someone_already_holds_is_refused_at_the_tenancy(caseworker_client, world):
    flat = home(world)
    case = case_at(S.OFFER, make_person(world.council), world.council, property=flat)
    start_tenancy(
        make_person(world.council, given_name="Sitting"), flat, agency=world.council, by=None
    )  # noqa: E501
    page = caseworker_client.post(url(case, "tenancy"), step_data("tenancy", case))
    assert "Someone already holds a tenancy of that home" in page.content.decode()
    case = _fresh(case)
    assert (case.stage, case.tenancy) == (S.OFFER, None)


# --- Closing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [S.REFERRED, S.ELIGIBILITY, S.PANEL, S.OFFER])
def test_a_case_closes_at_any_stage_before_the_tenancy(caseworker_client, world, stage):
    case = case_at(stage, make_person(world.council), world.council, world=world)
    assert caseworker_client.get(url(case, "close")).status_code == 200
    page = caseworker_client.post(url(case, "close"), step_data("close", case, reason=" "))
    assert "Enter why the case is closing" in page.content.decode()
    response = caseworker_client.post(url(case, "close"), step_data("close", case))
    assert response.status_code == 302
    case = _fresh(case)
    assert (case.stage, case.closed_reason) == (S.CLOSED, "Moved to another area")
    assert _stages(case)[-1] == S.CLOSED


def test_a_housed_or_closed_case_does_not_close(caseworker_client, world):
    housed = case_at(S.TENANCY, make_person(world.council), world.council, world=world)
    closed = case_at(S.CLOSED, make_person(world.council, given_name="B"), world.council)
    for case in (housed, closed):
        response = caseworker_client.post(url(case, "close"), step_data("close", case))
        assert response.status_code == 302 and response.url == url(case)
        assert _fresh(case).stage == case.stage
        with pytest.raises(ValidationError):
            actions.close_case(
                case, version=case.version, reason="x", agency=world.council, by=None
            )


# --- Refusals: out of order, stale, who -----------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "step"),
    [
        (S.REFERRED, "offer"),
        (S.REFERRED, "tenancy"),
        (S.ELIGIBILITY, "eligibility"),
        (S.ELIGIBILITY, "tenancy"),
        (S.PANEL, "eligibility"),
        (S.OFFER, "eligibility"),
        (S.TENANCY, "offer"),
        (S.CLOSED, "eligibility"),
    ],
)
def test_a_step_out_of_order_is_refused(coordinator_client, world, stage, step):
    case = case_at(stage, make_person(world.council), world.council, world=world)
    data = step_data(step, case, property=str(home(world, "9 Spare Road").pk))
    page = coordinator_client.post(url(case, step), data)
    assert page.status_code == 200
    assert "cannot be done now. Nothing was saved." in page.content.decode()
    assert _fresh(case).version == case.version


def test_a_panel_decision_out_of_order_is_refused(coordinator_client, world):
    case = refer(make_person(world.council), world.council)
    page = coordinator_client.post(url(case, "panel"), step_data("panel", case))
    assert "cannot be done now" in page.content.decode()
    with pytest.raises(ValidationError, match="cannot be recorded now"):
        actions.record_panel_decision(
            case, version=case.version, panel_on=timezone.localdate(),
            decision=PanelDecision.APPROVED, agency=world.council, by=None,
        )  # fmt: skip


def test_a_stale_form_is_refused_and_keeps_what_was_typed(caseworker_client, world):
    case = case_at(S.ELIGIBILITY, make_person(world.council), world.council)
    actions.record_panel_decision(
        case, version=case.version, panel_on=timezone.localdate(),
        decision=PanelDecision.DEFERRED, agency=world.council, by=None,
    )  # fmt: skip
    case = _fresh(case)
    old = case.version
    # Someone else records the panel's second look meanwhile (still deferred).
    actions.record_panel_decision(
        case, version=old, panel_on=timezone.localdate(), decision=PanelDecision.DEFERRED,
        agency=world.council, by=None,
    )  # fmt: skip
    coordinator = client_for(member("c2@coventry.test", world.council, Role.COORDINATOR))
    page = coordinator.post(
        url(case, "panel"),
        step_data("panel", case, version=old, decision=PanelDecision.DECLINED, reason="Typed"),
    ).content.decode()
    assert "Someone else changed this case while you were looking at it" in page
    assert "Typed" in page  # kept
    assert f'name="version" value="{old + 1}"' in page  # saving again is checked afresh
    assert _fresh(case).stage == S.PANEL


def test_a_stale_form_whose_step_has_passed_shows_the_case_as_it_is(caseworker_client, world):
    case = refer(make_person(world.council), world.council)
    actions.record_eligibility(
        case, version=case.version, eligible=True, notes="", agency=world.council, by=None
    )
    page = caseworker_client.post(url(case, "eligibility"), step_data("eligibility", case))
    text = page.content.decode()
    assert (
        "This case is at “Eligibility checked”, so “check eligibility” cannot be done now" in text
    )
    assert _fresh(case).eligibility_notes == ""


def test_the_actions_refuse_a_stale_version(world):
    case = refer(make_person(world.council), world.council)
    with pytest.raises(actions.StaleCase):
        actions.record_eligibility(
            case, version=case.version + 1, eligible=True, notes="", agency=world.council,
            by=None,
        )  # fmt: skip
    with pytest.raises(actions.StaleCase):
        actions.close_case(case, version=0, reason="x", agency=world.council, by=None)
    assert _fresh(case).stage == S.REFERRED
    assert HousingFirstStageChange.objects.count() == 1


@pytest.mark.parametrize("step", ["eligibility", "panel", "offer", "tenancy", "close"])
@pytest.mark.parametrize(
    "persona", ["outreach", "provider", "referrer", "commissioner", "dpo", "admin"]
)
def test_roles_that_do_not_move_cases_are_refused(request, world, step, persona):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach, world.shelter, world.hospital)
    give_consent(person, None, world.council)
    stage = {"eligibility": S.REFERRED, "panel": S.ELIGIBILITY, "offer": S.PANEL}.get(step, S.OFFER)
    case = case_at(stage, person, world.council, world=world)
    client = request.getfixturevalue(f"{persona}_client")
    assert client.post(url(case, step), step_data(step, case)).status_code == 403
    assert client.get(url(case, step)).status_code == 403
    assert _fresh(case).version == case.version


def test_caseworkers_do_not_record_the_panels_decision(caseworker_client, caseworker_user, world):
    case = case_at(S.ELIGIBILITY, make_person(world.council), world.council)
    assert caseworker_client.post(url(case, "panel"), step_data("panel", case)).status_code == 403
    page = caseworker_client.get(url(case)).content.decode()
    assert "A rough sleeper coordinator records the panel’s decision" in page
    assert 'action="/housing/housing-first/' not in page
    with pytest.raises(PermissionDenied):
        actions.record_panel_decision(
            case, version=case.version, panel_on=timezone.localdate(),
            decision=PanelDecision.APPROVED, agency=world.council, by=caseworker_user,
        )  # fmt: skip


def test_the_actions_check_the_agency_and_the_role(world, outreach_user, caseworker_user):
    case = refer(make_person(world.council), world.council)
    with pytest.raises(PermissionDenied):  # outreach workers refer but do not move cases
        actions.record_eligibility(
            case, version=case.version, eligible=True, notes="", agency=world.outreach,
            by=outreach_user,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # an agency of another partnership
        actions.close_case(
            case, version=case.version, reason="x", agency=world.brum_council, by=None
        )
    with pytest.raises(PermissionDenied):  # not their agency
        actions.close_case(
            case, version=case.version, reason="x", agency=world.outreach, by=caseworker_user
        )


@pytest.mark.parametrize("step", ["eligibility", "panel", "offer", "tenancy", "close"])
def test_another_partnerships_coordinator_gets_404(world, step):
    brum = client_for(member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR))
    case = case_at(S.OFFER, make_person(world.council), world.council, world=world)
    assert brum.post(url(case, step), step_data(step, case)).status_code == 404
    assert brum.get(url(case, step)).status_code == 404


def test_a_case_not_shared_is_not_found(world, caseworker_client):
    # Outreach's person and case; the council signed but the person gave no consent.
    person = make_person(world.outreach)
    sign_agreement_for(world.council, world.outreach)
    case = case_at(S.REFERRED, person, world.outreach)
    for step in ("eligibility", "close"):
        assert caseworker_client.post(url(case, step), step_data(step, case)).status_code == 404
    give_consent(person, None, world.outreach)  # now shared with every agency
    assert (
        caseworker_client.post(url(case, "eligibility"), step_data("eligibility", case)).status_code
        == 302
    )  # noqa: E501
    assert _fresh(case).recorded_by_agency == world.outreach  # the case stays outreach's


def test_a_step_page_without_a_form_goes_back_to_the_case(caseworker_client, world):
    case = refer(make_person(world.council), world.council)
    response = caseworker_client.get(url(case, "eligibility"))
    assert response.status_code == 302 and response.url == url(case)
