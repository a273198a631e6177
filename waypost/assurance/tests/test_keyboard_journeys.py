"""The five main tasks done with the keyboard alone, as someone who cannot use a mouse would:
signing in with a password and an authenticator code, recording a street contact, adding a
person, finding a person and opening their record, and sending a Duty to Refer referral.

No clicks and no filling by selector: every control is reached by pressing Tab (so it is in
the tab order), shows where the focus is when it gets there (WCAG 2.4.7), and is used with
typing, Space and Enter. The accessibility statement (/accessibility/) cites this test."""

import pytest
from playwright.sync_api import expect

from waypost.outreach.models import StreetContact
from waypost.outreach.tests.contact_helpers import make_place
from waypost.people.models import Person
from waypost.referrals.models import Referral
from waypost.testing.browser import login_as
from waypost.testing.people import give_consent, make_person
from waypost.testing.personas import PASSWORD, totp_code_for

pytestmark = pytest.mark.browser

MOST_TABS = 120  # more presses than any of these pages has controls before the one wanted

# Whether the focused element shows it: an outline or a box shadow (the GOV.UK focus style);
# for a radio or checkbox, whose input is hidden, the ring drawn before its label.
FOCUS_SHOWS = """el => {
  if (el.matches('input[type=radio], input[type=checkbox]')) {
    const label = el.labels && el.labels[0];
    return !!label && getComputedStyle(label, '::before').boxShadow !== 'none';
  }
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')
    || style.boxShadow !== 'none';
}"""


def tab_to(page, target) -> None:
    """Press Tab until `target` has the focus; fail if it never does, or does not show it."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate(FOCUS_SHOWS), f"no visible focus on {target}"
            return
    pytest.fail(f"{target} cannot be reached with the Tab key", pytrace=False)


def type_into(page, target, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def choose(page, target) -> None:
    """A radio or checkbox: Tab to its group, then Space. In a radio group Tab stops once, on
    the checked radio or the first, so the arrow keys move to the one wanted."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused_radio = page.evaluate(
            "() => document.activeElement.type === 'radio' ? document.activeElement.name : null"
        )
        if target.evaluate("el => el === document.activeElement"):
            break
        if focused_radio and focused_radio == target.get_attribute("name"):
            for _ in range(20):
                if target.evaluate("el => el === document.activeElement"):
                    break
                page.keyboard.press("ArrowDown")
            break
    else:
        pytest.fail(f"{target} cannot be reached with the Tab key", pytrace=False)
    assert target.evaluate(FOCUS_SHOWS), f"no visible focus on {target}"
    if not target.is_checked():
        page.keyboard.press("Space")
    expect(target).to_be_checked()


def press_button(page, button) -> None:
    tab_to(page, button)
    page.keyboard.press("Enter")


def test_signing_in_with_a_password_and_a_code(page, live_server, page_problems, outreach_user):
    page.goto(f"{live_server.url}/accounts/login/")
    type_into(page, page.get_by_label("Email"), outreach_user.email)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Enter your authenticator code")).to_be_visible()
    type_into(page, page.get_by_label("Code"), totp_code_for(outreach_user))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    page_problems.assert_none(where="signing in")


def test_recording_a_street_contact(page, live_server, page_problems, world, outreach_user):
    make_place(world.coventry, name="Broadgate")
    login_as(page, live_server, outreach_user)
    page.goto(f"{live_server.url}/street/contacts/new/")
    choose(page, page.get_by_label("Not identified yet"))
    type_into(page, page.get_by_label("Describe them"), "Man, about 50, green coat")
    tab_to(page, page.get_by_label("Place", exact=True))
    page.keyboard.type("Broadgate")  # a select chooses by typing
    choose(page, page.get_by_label("Yes, bedded down"))
    press_button(page, page.get_by_role("button", name="Save the contact"))
    expect(page.get_by_text("Street contact recorded.")).to_be_visible()
    contact = StreetContact.objects.get()
    assert contact.description == "Man, about 50, green coat" and contact.bedded_down
    page_problems.assert_none(where="recording a street contact")


def test_adding_a_person(page, live_server, page_problems, world, caseworker_user):
    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/people/new/")
    type_into(page, page.get_by_label("First name"), "Keyla")
    type_into(page, page.get_by_label("Last name"), "Brightwater")
    type_into(page, page.get_by_label("Day", exact=True), "3")
    type_into(page, page.get_by_label("Month", exact=True), "9")
    type_into(page, page.get_by_label("Year", exact=True), "1988")
    press_button(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_text("Person record created.")).to_be_visible()
    assert Person.objects.filter(family_name="Brightwater").exists()
    page_problems.assert_none(where="adding a person")


def test_finding_a_person_and_opening_their_record(
    page, live_server, page_problems, world, caseworker_user
):
    person = make_person(world.council, given_name="Marlon", family_name="Quist")
    give_consent(person, None, world.council)
    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/people/")
    type_into(
        page, page.get_by_label("Search by name, date of birth or identifier"), "Marlon Quist"
    )
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Marlon Quist").first
    expect(link).to_be_visible()
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marlon Quist")
    assert page.url.endswith(f"/people/{person.pk}/")
    page_problems.assert_none(where="finding a person")


def test_sending_a_duty_to_refer_referral(page, live_server, page_problems, world, referrer_user):
    login_as(page, live_server, referrer_user)
    page.goto(f"{live_server.url}/referrals/new/")
    type_into(page, page.get_by_label("First name"), "Dawn")
    type_into(page, page.get_by_label("Last name"), "Hartley")
    choose(page, page.get_by_label("The person agrees to this referral"))
    choose(page, page.get_by_label("Told me (verbal consent)"))
    choose(page, page.get_by_label("Through me, the referrer"))
    choose(page, page.get_by_label("Threatened with homelessness within 56 days"))
    choose(page, page.get_by_label("Family or friends no longer willing or able to house them"))
    type_into(
        page,
        page.get_by_label("Tell the housing team what has happened"),
        "Her sister can no longer put her up after this week.",
    )
    choose(page, page.get_by_label("No discharge pathway"))
    press_button(page, page.get_by_role("button", name="Send referral"))
    expect(page.locator("h1")).to_have_text("Referral sent")
    assert Referral.objects.filter(given_name="Dawn").exists()
    page_problems.assert_none(where="sending a referral")
