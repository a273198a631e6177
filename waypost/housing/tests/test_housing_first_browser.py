"""In a real browser: a coordinator refers someone to Housing First and moves them through
eligibility, the panel, a property offer (from a Housing First landlord) and the start of the
tenancy (with a mistake on the way), then reads the pipeline and changes the target; a
commissioner sees the figures only; a caseworker closes another case. Every page passes axe-core
(WCAG 2.2 AA) at 1280 and 375 CSS pixels, where none may scroll sideways."""

import pytest
from playwright.sync_api import expect

from waypost.housing.models import HousingFirstCase, HousingFirstStage, Tenancy
from waypost.housing.tests.test_housing_first_helpers import home, refer
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser


def test_a_coordinator_takes_someone_from_referral_to_a_tenancy(
    page, live_server, page_problems, world, coordinator_user
):
    person = make_person(world.council, given_name="Marigold", family_name="Quince")
    home(world, "Flat 4, 9 Ash Grove")
    home(world, "12 Private Road", housing_first=False)
    for n in range(3):  # others waiting, so the pipeline has a list
        refer(make_person(world.council, given_name=f"Waiting{n}"), world.council)
    failures: list[str] = []
    login_as(page, live_server, coordinator_user)

    page.goto(f"{live_server.url}/housing/housing-first/people/{person.pk}/refer/")
    expect(page.locator("h1")).to_have_text("Refer to Housing First")
    page.get_by_role("button", name="Refer to Housing First").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why they are being referred"
    )
    failures += problems_at_sizes(page, "the referral with a mistake")
    page.get_by_label("Why are you referring them to Housing First?").fill(
        "Six winters on the street; two hostel placements ended in eviction."
    )
    page.get_by_role("button", name="Refer to Housing First").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referred to Housing First")
    expect(page.locator(".govuk-caption-l")).to_have_text("Marigold Quince")
    failures += problems_at_sizes(page, "the case, referred")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save eligibility").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Eligibility recorded")
    failures += problems_at_sizes(page, "the case, waiting for the panel")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Save the decision").click()

    expect(page.locator("#next-step")).to_have_text("Next step: offer a property")
    expect(page.get_by_text("Landlord: Elm Housing. Housing First partner.")).to_be_visible()
    failures += problems_at_sizes(page, "the case, choosing a property")
    page.get_by_label("Flat 4, 9 Ash Grove").check()
    page.get_by_role("button", name="Offer this property").click()

    expect(page.locator("#next-step")).to_have_text("Next step: start the tenancy")
    page.get_by_role("group", name="Do they have floating support?").get_by_label("Yes").check()
    page.get_by_role("button", name="Start the tenancy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the agency that gives floating support"
    )
    failures += problems_at_sizes(page, "the tenancy with a mistake")
    page.get_by_label("Which agency gives the floating support?").select_option(
        label="Coventry Outreach"
    )
    page.get_by_role("button", name="Start the tenancy").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Tenancy started")
    expect(page.locator("#hf-stages")).to_contain_text("Housed")
    failures += problems_at_sizes(page, "the case, housed")
    case = HousingFirstCase.objects.get(person=person)
    assert case.stage == HousingFirstStage.TENANCY
    assert Tenancy.objects.get().floating_support_agency == world.outreach

    page.goto(f"{live_server.url}/housing/housing-first/")
    expect(page.locator("#hf-target")).to_have_text("1 of 109 people housed through Housing First")
    expect(page.locator("#hf-cases")).to_contain_text("Waiting0 Bloggs")
    failures += problems_at_sizes(page, "the pipeline")
    page.get_by_label("Stage reached").select_option(label="Property offered")
    page.get_by_role("button", name="Show cases").click()
    expect(page.get_by_text("No open cases at this stage.")).to_be_visible()

    page.get_by_role("link", name="Change the target").click()
    page.get_by_label("Housing First target").fill("none")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("as a whole number")
    failures += problems_at_sizes(page, "the settings with a mistake")
    page.get_by_label("Housing First target").fill("120")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("120 people")

    page_problems.assert_none(where="on the Housing First pages")
    assert not failures, "\n".join(failures)


def test_a_caseworker_closes_a_case_and_a_commissioner_sees_figures_only(
    page, live_server, page_problems, world, caseworker_user, commissioner_user
):
    case = refer(make_person(world.council, given_name="Rowan"), world.council)
    failures: list[str] = []
    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/housing/housing-first/{case.pk}/")
    page.get_by_role("link", name="Close this case").click()
    expect(page.locator("h1")).to_have_text("Close this Housing First case")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the case is closing")
    failures += problems_at_sizes(page, "closing a case, with a mistake")
    page.get_by_label("Why is the case closing?").fill("Moved to live with family in Leeds")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The case is closed")
    failures += problems_at_sizes(page, "a closed case")

    page.context.clear_cookies()
    login_as(page, live_server, commissioner_user)
    page.goto(f"{live_server.url}/housing/housing-first/")
    expect(page.locator("#hf-target")).to_have_text("0 of 109 people housed through Housing First")
    expect(page.get_by_text("You see the figures only")).to_be_visible()
    expect(page.get_by_text("Rowan")).to_have_count(0)
    failures += problems_at_sizes(page, "the pipeline's figures for a commissioner")

    page_problems.assert_none(where="on the Housing First pages")
    assert not failures, "\n".join(failures)
