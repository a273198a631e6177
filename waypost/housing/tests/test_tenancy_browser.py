"""In a real browser, on a desktop (1280 px) and a phone (375 px): the landlords list and a
landlord's page, adding a landlord, an agreement, a property and an incentive payment (with a
mistake first); starting a tenancy, the tenancy page with a risk flag, flagging and resolving
risks, ending it, a person's tenancies and the sustainment list; and the DWP's sanction door.
Every page passes axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content
Security Policy rule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.accounts.models import Role
from waypost.housing import landlord_actions
from waypost.housing.models import AgreementKind, IncentiveKind, RiskKind
from waypost.housing.tenancy_actions import flag_risk
from waypost.housing.tests.test_tenancy_helpers import (
    dwp_office,
    house,
    make_home,
    make_landlord,
    member,
    months_ago,
)
from waypost.people.actions import set_lead_worker
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import give_consent, make_person, sign_agreement_for

pytestmark = pytest.mark.browser


def test_a_coordinator_keeps_landlords(page, live_server, page_problems, world, coordinator_user):
    orbit = make_landlord(world.coventry, "Orbit Homes")
    make_home(orbit)
    make_home(orbit, address="Flat 2, 2 Spon Street", step_free=True)
    landlord_actions.add_agreement(
        orbit, kind=AgreementKind.NO_EXCLUSION, agreed_on=date(2024, 4, 1), by=None
    )
    landlord_actions.record_incentive(
        orbit,
        kind=IncentiveKind.FINDERS_FEE,
        amount_pence=50000,
        paid_on=date(2025, 5, 1),
        agency=world.council,
        by=None,
    )
    make_landlord(world.coventry, "Coventry City Council Homes", "council")
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/housing/landlords/")
    expect(page.locator("h1")).to_have_text("Landlords")
    expect(page.get_by_role("table")).to_contain_text("No exclusion for former rough sleepers")
    failures += problems_at_sizes(page, "the landlords list")
    page.get_by_label("Has agreed to").select_option("no_exclusion")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 landlord matches the filters")).to_be_visible()
    failures += problems_at_sizes(page, "the filtered landlords list")

    page.get_by_role("button", name="Add a landlord").click()
    page.get_by_role("button", name="Save the landlord").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name")
    failures += problems_at_sizes(page, "the landlord form with errors")
    page.get_by_label("Name", exact=True).fill("Hill Street Lettings")
    page.get_by_label("Letting agent").check()
    page.get_by_label("Email (optional)").fill("lettings@hillstreet.test")
    page.get_by_role("button", name="Save the landlord").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Hill Street Lettings added")

    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Accepts a deposit guarantee").check()
    failures += problems_at_sizes(page, "the agreement form")
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Agreement recorded")

    page.get_by_role("link", name="Add a property").click()
    page.get_by_label("Address").fill("Flat 1, 63 Mercer Street\nCoventry")
    page.get_by_label("Postcode (optional)").fill("cv1 1zz")
    page.get_by_label("Bedrooms").fill("one")
    page.get_by_role("button", name="Save the property").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("using numbers")
    failures += problems_at_sizes(page, "the property form with an error")
    page.get_by_label("Bedrooms").fill("1")
    page.get_by_label("Available to offer now").check()
    page.get_by_role("button", name="Save the property").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Property added")

    page.get_by_role("link", name="Record an incentive payment").click()
    page.get_by_label("Deposit", exact=True).check()
    page.get_by_label("Amount, in pounds").fill("650.505")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "no more than 2 numbers after the decimal point"
    )
    expect(page.get_by_label("Amount, in pounds")).to_have_value("650.505")
    failures += problems_at_sizes(page, "the incentive form with an error")
    page.get_by_label("Amount, in pounds").fill("650.50")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("£650.50 recorded")
    expect(page.locator("main")).to_contain_text("£650.50")
    failures += problems_at_sizes(page, "a landlord's page")

    page.goto(f"{live_server.url}/housing/landlords/{orbit.pk}/")
    expect(page.locator("main")).to_contain_text("£500")
    failures += problems_at_sizes(page, "a landlord's page with properties")
    page.get_by_role("link", name="Change the landlord’s details").click()
    failures += problems_at_sizes(page, "the landlord edit form")

    page_problems.assert_none(where="on the landlord pages")
    assert not failures, "\n".join(failures)


def test_a_caseworker_sustains_a_tenancy(
    page, live_server, page_problems, world, caseworker_user, outreach_user
):
    landlord = make_landlord(world.coventry, "Orbit Homes")
    make_home(landlord, address="Flat 9, Alder Court")
    person = make_person(world.council, given_name="Tam", family_name="Tenant")
    set_lead_worker(person, lead_worker=outreach_user, by=None)
    earlier = house(
        make_person(world.council, given_name="Ria", family_name="Risk"),
        world.council,
        started_on=months_ago(8),
        floating_support=True,
    )
    flag_risk(earlier, kind=RiskKind.RENT_ARREARS, agency=world.council, by=None, details="Behind")
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/housing/people/{person.pk}/tenancies/")
    expect(page.locator("h1")).to_have_text("Tenancies")
    failures += problems_at_sizes(page, "a person's tenancies, none yet")
    page.get_by_role("button", name="Start a tenancy").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Start the tenancy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the home")
    failures += problems_at_sizes(page, "the start form with errors")
    page.get_by_label("Which home?").select_option(
        label="Flat 9, Alder Court, CV1 3BA, 1 bedroom (Orbit Homes)"
    )
    page.get_by_label("Which agency provides it?").select_option(label="Coventry Outreach")
    page.get_by_role("button", name="Start the tenancy").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Tenancy started")

    page.get_by_role("link", name="Flag a risk to the tenancy").click()
    page.get_by_label("Benefit sanction (notified by DWP)").check()
    failures += problems_at_sizes(page, "the risk form")
    page.get_by_role("button", name="Flag the risk").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Their lead worker, Outreach.Worker, has been told"
    )
    expect(page.locator("main")).to_contain_text("At risk")
    failures += problems_at_sizes(page, "the tenancy page with a risk flag")
    page.get_by_role("button", name="Refer to the complex needs panel").click()
    expect(page.locator("main")).to_contain_text("Referred on")
    page.get_by_role("link", name="Mark resolved").click()
    failures += problems_at_sizes(page, "the resolve form")
    page.get_by_role("button", name="Mark resolved").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked resolved")
    page.get_by_role("link", name="Record that the tenancy has ended").click()
    page.get_by_role("button", name="End the tenancy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the tenancy ended")
    failures += problems_at_sizes(page, "the end form with an error")

    page.goto(f"{live_server.url}/housing/tenancies/")
    expect(page.locator("#tenancies")).to_contain_text("Ria Risk")
    expect(page.locator("#tenancies")).to_contain_text("Rent arrears")
    expect(page.locator("#sustainment-figures")).to_contain_text("1 of 1 (100%)")
    failures += problems_at_sizes(page, "the sustainment list")
    page.get_by_label("At risk: with an open risk flag").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("heading", name="1 current tenancy matches the filters")
    ).to_be_visible()
    failures += problems_at_sizes(page, "the filtered sustainment list")

    page_problems.assert_none(where="on the tenancy pages")
    assert not failures, "\n".join(failures)


def test_a_work_coach_tells_us_about_a_sanction(page, live_server, page_problems, world):
    office = dwp_office(world)
    sign_agreement_for(world.council, office)
    coach = member("work.coach@dwp.test", office, Role.REFERRER)
    housed = make_person(world.council, given_name="Dana", family_name="Doyle")
    give_consent(housed, None, world.council)
    house(housed, world.council)
    unhoused = make_person(world.council, given_name="Nell", family_name="Nohome")
    give_consent(unhoused, None, world.council)
    login_as(page, live_server, coach)
    failures: list[str] = []

    page.goto(f"{live_server.url}/housing/sanctions/new/")
    page.get_by_role("button", name="Find the person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their first name")
    failures += problems_at_sizes(page, "the sanction search with errors")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Doyle")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1980")
    page.get_by_role("button", name="Find the person").click()
    expect(page.get_by_label("Dana Doyle, born 1 March 1980")).to_be_visible()
    failures += problems_at_sizes(page, "the people found")
    page.get_by_label("Dana Doyle, born 1 March 1980").check()
    page.get_by_role("button", name="Record the sanction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the sanction")
    failures += problems_at_sizes(page, "the people found with an error")
    page.get_by_label("Day").last.fill("1")
    page.get_by_label("Month").last.fill("1")
    page.get_by_label("Year").last.fill("2025")
    page.get_by_role("button", name="Record the sanction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The benefit sanction is recorded"
    )
    expect(page.locator("main")).not_to_contain_text("Far Gosford")
    failures += problems_at_sizes(page, "the confirmation")

    page.get_by_label("First name").fill("Nell")
    page.get_by_label("Last name").fill("Nohome")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1980")
    page.get_by_role("button", name="Find the person").click()
    page.get_by_label("Nell Nohome, born 1 March 1980").check()
    page.get_by_label("Day").last.fill("1")
    page.get_by_label("Month").last.fill("1")
    page.get_by_label("Year").last.fill("2025")
    page.get_by_role("button", name="Record the sanction").click()
    expect(page.locator("h1")).to_have_text("No tenancy on record")
    failures += problems_at_sizes(page, "the refusal with who to contact")

    page_problems.assert_none(where="on the sanction pages")
    assert not failures, "\n".join(failures)
