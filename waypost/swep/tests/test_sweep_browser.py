"""In a real browser, on a phone (375 px) and a desktop (1280 px): an outreach worker works the
sweep at night (the list and its filter; accepting a bed, with a mistake first; someone new,
through the possible-existing-person step), and a coordinator reads the figures with their
chart. Every page passes axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no
Content Security Policy rule."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from waypost.housing.models import GenderRule, Placement
from waypost.people.models import Gender
from waypost.swep.models import SweepRecord
from waypost.swep.tests.test_report_figures import Fixture
from waypost.swep.tests.test_sweep_helpers import listed, make_activation, make_scheme
from waypost.testing.browser import PHONE, login_as, problems_at_sizes
from waypost.testing.people import give_consent, make_person, sign_agreement_for

pytestmark = pytest.mark.browser


def test_an_outreach_worker_works_the_sweep_on_a_phone(
    page, live_server, page_problems, world, outreach_user, caseworker_user
):
    sign_agreement_for(world.council, world.outreach, world.shelter)
    ann = listed(
        world.outreach, outreach_user, given_name="Ann", family_name="Frost", gender=Gender.WOMAN
    )
    listed(world.outreach, outreach_user, given_name="Bob", family_name="Cold", gender=Gender.MAN)
    hidden = listed(world.council, caseworker_user, given_name="Private", family_name="Person")
    make_scheme(world.shelter, "Men's SWEP", beds=1, gender_rule=GenderRule.MEN)
    make_scheme(world.shelter, "Women's SWEP", beds=1, gender_rule=GenderRule.WOMEN)
    make_scheme(world.shelter, "Church hall SWEP", beds=1)
    existing = make_person(world.outreach, outreach_user, given_name="Cal", family_name="Known")
    give_consent(existing, outreach_user, world.outreach)
    activation = make_activation(world.coventry)
    login_as(page, live_server, outreach_user)
    page.set_viewport_size(PHONE)
    failures: list[str] = []

    page.goto(f"{live_server.url}{reverse('swep:sweep', args=[activation.pk])}")
    expect(page.locator("h1")).to_contain_text("Sweep for the night of")
    expect(page.get_by_role("heading", name="Ann Frost")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Someone known to Coventry Housing Options")
    ).to_be_visible()
    assert "Private" not in page.content()
    failures += problems_at_sizes(page, "the sweep list", end=PHONE)

    # Ann accepts a bed: a mistake first (no bed chosen), then the women's SWEP bed.
    page.get_by_role("link", name="Record what happened for Ann Frost").click()
    expect(page.locator("h1")).to_have_text("Ann Frost")
    expect(page.get_by_label("Bed 1 at Men's SWEP")).to_have_count(0)
    failures += problems_at_sizes(page, "recording what happened", end=PHONE)
    page.get_by_label("Accepted a bed").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the bed they accepted")
    failures += problems_at_sizes(page, "recording with an error", end=PHONE)
    expect(page.get_by_label("Accepted a bed")).to_be_checked()
    page.get_by_label("Bed 1 at Women's SWEP").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Placed in Bed 1 at Women's SWEP"
    )
    assert Placement.objects.get(person=ann).unit.scheme.name == "Women's SWEP"
    expect(page.get_by_role("heading", name="Ann Frost")).to_have_count(0)

    # The filter: nobody has accepted on tonight's list (Ann has a bed now, so is off it).
    page.get_by_label("Not yet seen tonight").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="2 people: not yet seen tonight")).to_be_visible()
    failures += problems_at_sizes(page, "the filtered sweep list", end=PHONE)

    # Someone not on the list, who turns out to have a record.
    page.get_by_role("button", name="Record someone not on the list").click()
    expect(page.locator("h1")).to_have_text("Record someone not on the list")
    failures += problems_at_sizes(page, "the new person form", end=PHONE)
    page.get_by_label("First name").fill("Cal")
    page.get_by_label("Last name").fill("Known")
    page.get_by_label("Yes, bedded down").check()
    page.get_by_label("Where exactly? (optional)").fill("Car park stairwell")
    page.get_by_label("Declined a bed").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why they declined")
    failures += problems_at_sizes(page, "the new person form with an error", end=PHONE)
    page.get_by_label("Why did they decline?").fill("Prefers to stay near friends")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Possible existing person")
    failures += problems_at_sizes(page, "the possible existing person", end=PHONE)
    page.get_by_role("button", name="Link this person").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Declined")
    record = SweepRecord.objects.get(person=existing)
    assert (record.found_new, record.declined_reason) == (False, "Prefers to stay near friends")
    assert hidden.pk not in SweepRecord.objects.values_list("person_id", flat=True)

    page_problems.assert_none(where="on the sweep pages")
    assert not failures, "\n".join(failures)


def test_a_coordinator_reads_the_figures(page, live_server, page_problems, world, coordinator_user):
    fixture = Fixture(world)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}{reverse('swep:report', args=[fixture.activation.pk])}")
    expect(page.locator("h1")).to_contain_text("figures")
    chart = page.get_by_role("img", name="Beds used each night")
    expect(chart).to_be_visible()
    expect(page.locator("#summary-table")).to_contain_text("People offered a bed")
    expect(page.locator("#beds-table")).to_contain_text("Monday 5 January 2026")
    failures += problems_at_sizes(page, "the SWEP figures")
    page.set_viewport_size(PHONE)
    box = chart.bounding_box()
    assert box and box["width"] <= PHONE["width"]

    page_problems.assert_none(where="on the figures page")
    assert not failures, "\n".join(failures)
