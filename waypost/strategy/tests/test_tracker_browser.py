"""In a real browser, on a desktop (1280 px) and a phone (375 px): the strategy page (with its
chart and tables), an action page with its form, and a policy impact check's form. Every page
passes axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy
rule."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.strategy.models import Action, ActionStatus, Commitment, PolicyImpactCheck
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.strategy import first_action, make_strategy

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(world):
    strategy = make_strategy(world.coventry, themes=3, commitments=2, actions=3)
    Action.objects.filter(text="Action 1.1.2").update(
        status=ActionStatus.LATE, due_date=timezone.localdate() - timedelta(days=4)
    )
    Action.objects.filter(text__startswith="Action 2.").update(status=ActionStatus.DONE)
    Commitment.objects.filter(text="Commitment 1.1").update(
        measure_code="new_rough_sleepers", measure_target=5
    )
    return strategy


def test_the_tracker_pages(page, live_server, page_problems, plan, coordinator_user, world):
    login_as(page, live_server, coordinator_user)
    page.goto(f"{live_server.url}/strategy/{plan.pk}/")
    expect(page.locator("h1")).to_have_text("Rough sleeping action plan")
    expect(page.locator("#progress-table")).to_contain_text("All themes")
    failures = problems_at_sizes(page, "the strategy page")
    action = first_action(plan)
    page.goto(f"{live_server.url}/strategy/actions/{action.pk}/")
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("At risk")
    failures += problems_at_sizes(page, "an action page")
    page.goto(f"{live_server.url}/strategy/commitments/{action.commitment_id}/")
    expect(page.locator("h1")).to_contain_text("Commitment")
    failures += problems_at_sizes(page, "a commitment page")
    check = PolicyImpactCheck.objects.create(partnership=world.coventry, title="City centre PSPO")
    page.goto(f"{live_server.url}/strategy/impact/{check.pk}/")
    expect(page.locator("h1")).to_have_text("City centre PSPO")
    failures += problems_at_sizes(page, "a policy impact check")
    page_problems.assert_none(where="on the tracker")
    assert not failures, "\n".join(failures)
