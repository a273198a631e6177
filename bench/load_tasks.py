"""What a simulated member of staff does under load, written against a small `Browser`
interface so the same steps run in locust (bench/locustfile.py) and against Django's test
client (waypost/synthetic/tests/test_bench_harness.py).

Every step checks what came back, as a person would notice it: a page that is not the one
asked for (a redirect to sign in, an error, a form sent back with errors) is a failure.
"""

import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pyotp

LOGIN_PATH = "/accounts/login/"
MFA_PATH = "/accounts/2fa/authenticate/"
BY_NAME_LIST_PATH = "/street/list/"
PEOPLE_PATH = "/people/"
REFERRAL_PATH = "/referrals/new/"
RESET_LINK_PATH = "/accounts/password/reset/"
RESET_LINK_SENT_PATH = "/accounts/password/reset/done/"
# The names the table reports; the first four are the key pages.
BY_NAME_LIST = "by-name list"
PERSON_PAGE = "person page"
SEARCH = "search"
REFERRAL_SUBMIT = "referral submission"
REFERRAL_FORM = "referral form (GET)"
REFERRAL_SENT = "referral sent page"
SIGN_IN = "sign in"
RESET_LINK = "reset link request"
RESET_LINK_FORM = "reset link form (GET)"
KEY_PAGES = (BY_NAME_LIST, PERSON_PAGE, SEARCH, REFERRAL_SUBMIT)
# How often each is done, relative to the others: reading far more than writing.
WEIGHTS = {BY_NAME_LIST: 3, PERSON_PAGE: 4, SEARCH: 3, REFERRAL_SUBMIT: 1}

_SENT_REFERRAL = re.compile(r"^/referrals/mine/([0-9a-f-]{36})/sent/$")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ERROR_SUMMARY = "govuk-error-summary"
LONDON = ZoneInfo("Europe/London")
TOTP_STEP_SECONDS = 30


class TaskFailed(Exception):
    """What came back is not what the step expected."""


@dataclass
class Page:
    status: int
    text: str
    location: str = ""


class Check(Protocol):
    def __call__(self, page: Page) -> str | None: ...


class Browser(Protocol):
    """A signed-in-able client that never follows redirects: get/post return the response, and
    mark it failed (raising TaskFailed) when `check` returns a reason."""

    def get(
        self, path: str, *, name: str, check: Check, params: dict[str, str] | None = None
    ) -> Page: ...

    def post(self, path: str, data: dict[str, str], *, name: str, check: Check) -> Page: ...


@dataclass
class Plan:
    """What the simulated staff work with (written by bench/load.py for each run)."""

    partnership_id: str
    accounts: list[dict[str, str]]  # email, password, totp_secret, role, agency_id
    people: dict[str, list[str]]  # agency id -> ids of people its staff may see
    searches: list[str]
    referrals: list[dict[str, str]]  # given, family, born (ISO date or "")
    seed: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


# --- Checks ------------------------------------------------------------------------------------


def ok_page(page: Page) -> str | None:
    if page.status == 302 and page.location.startswith(LOGIN_PATH):
        return "signed out: redirected to sign in"
    if page.status != 200:
        return f"status {page.status}"
    return None


def redirect_to(prefix: str) -> Check:
    def check(page: Page) -> str | None:
        if page.status != 302:
            return f"status {page.status}, expected a redirect to {prefix}"
        if not page.location.startswith(prefix):
            return f"redirected to {page.location}, expected {prefix}"
        return None

    return check


def referral_accepted(page: Page) -> str | None:
    """Sent (redirect to the confirmation) or "already sent today" (the same person from the
    same agency the same day is not counted twice); a form sent back with errors is a failure."""
    if page.status == 302 and page.location.startswith("/referrals/mine/"):
        return None
    if page.status == 200 and _ERROR_SUMMARY not in page.text:
        return None
    if page.status == 200:
        return "the form came back with errors"
    return f"status {page.status}"


def sent_referral_id(page: Page) -> str | None:
    """The new referral's id, from the redirect to its confirmation; None when nothing new was
    sent (the form came back, or "already sent today" answered with the earlier referral)."""
    if page.status != 302:
        return None
    found = _SENT_REFERRAL.match(page.location)
    return found.group(1) if found else None


def csrf_token(html: str) -> str:
    found = _CSRF.search(html)
    if found is None:
        raise TaskFailed("no CSRF token on the page")
    return found.group(1)


# --- Steps -------------------------------------------------------------------------------------


def sign_in(browser: Browser, account: dict[str, str], *, fresh_code_seconds: float = 0) -> None:
    """Through the real sign-in form, then the authenticator code, as a person would.

    A code is good only for its 30-second step: with `fresh_code_seconds`, a code with less
    time left than that is not typed, but the next one (as a person watching the countdown
    would), so a slow server under load does not turn a right code into a wrong one."""
    form = browser.get(LOGIN_PATH, name=SIGN_IN, check=ok_page)
    browser.post(
        LOGIN_PATH,
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "login": account["email"],
            "password": account["password"],
        },
        name=SIGN_IN,
        check=redirect_to(MFA_PATH),
    )
    form = browser.get(MFA_PATH, name=SIGN_IN, check=ok_page)
    left = TOTP_STEP_SECONDS - time.time() % TOTP_STEP_SECONDS
    if left < fresh_code_seconds:
        time.sleep(left + 0.5)
    browser.post(
        MFA_PATH,
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "code": pyotp.TOTP(account["totp_secret"]).now(),
        },
        name=SIGN_IN,
        check=redirect_to("/"),
    )


def request_password_reset(browser: Browser, email: str) -> Page:
    """ "Forgot your password?": the form emails a reset link, through the outbox."""
    form = browser.get(RESET_LINK_PATH, name=RESET_LINK_FORM, check=ok_page)
    return browser.post(
        RESET_LINK_PATH,
        {"csrfmiddlewaretoken": csrf_token(form.text), "email": email},
        name=RESET_LINK,
        check=redirect_to(RESET_LINK_SENT_PATH),
    )


def open_by_name_list(browser: Browser) -> Page:
    return browser.get(BY_NAME_LIST_PATH, name=BY_NAME_LIST, check=ok_page)


def open_person_page(browser: Browser, person_id: str) -> Page:
    return browser.get(f"{PEOPLE_PATH}{person_id}/", name=PERSON_PAGE, check=ok_page)


def search(browser: Browser, text: str) -> Page:
    return browser.get(PEOPLE_PATH, name=SEARCH, check=ok_page, params={"q": text})


def _date_fields(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def referral_data(plan: Plan, person: dict[str, str], today: date) -> dict[str, str]:
    """The Duty to Refer form as an outreach worker fills it in for someone sleeping rough."""
    data = {
        "partnership": plan.partnership_id,
        "given_name": person["given"],
        "family_name": person["family"],
        "consent_given": "on",
        "consent_method": "verbal",
        **_date_fields("consent_given_on", today),
        "phone": "",
        "email": "",
        "contact_method": "referrer",
        "contact_notes": "Usually near the bus station in the mornings",
        "situation": "rough_sleeping",
        "reason": "family_friends",
        "reason_detail": "Sleeping rough since leaving a friend's sofa last week.",
        "pathway": "none",
        "body_type": "charity",
        "referrer_phone": "024 7600 0000",
        "referrer_email": "",
    }
    if person.get("born"):
        data |= _date_fields("date_of_birth", date.fromisoformat(person["born"]))
    return data


def submit_referral(browser: Browser, plan: Plan, person: dict[str, str]) -> Page:
    """Open the form (for its CSRF token), send it, and open the confirmation."""
    form = browser.get(REFERRAL_PATH, name=REFERRAL_FORM, check=ok_page)
    data = referral_data(plan, person, datetime.now(LONDON).date())
    data["csrfmiddlewaretoken"] = csrf_token(form.text)
    sent = browser.post(REFERRAL_PATH, data, name=REFERRAL_SUBMIT, check=referral_accepted)
    if sent.status == 302:
        browser.get(sent.location, name=REFERRAL_SENT, check=ok_page)
    return sent


class Worker:
    """One member of staff's choices: which person, which search, whom to refer."""

    def __init__(self, plan: Plan, account: dict[str, str], rng: random.Random) -> None:
        self.plan, self.account, self.rng = plan, account, rng
        self.people = plan.people.get(account["agency_id"], [])

    def do(self, browser: Browser, step: str) -> Page:
        if step == BY_NAME_LIST:
            return open_by_name_list(browser)
        if step == PERSON_PAGE:
            if not self.people:
                raise TaskFailed("this worker's agency may see nobody")
            return open_person_page(browser, self.rng.choice(self.people))
        if step == SEARCH:
            return search(browser, self.rng.choice(self.plan.searches))
        if step == REFERRAL_SUBMIT:
            return submit_referral(browser, self.plan, self.rng.choice(self.plan.referrals))
        raise ValueError(f"unknown step {step!r}")
