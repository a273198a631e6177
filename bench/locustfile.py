"""Locust users for `make bench`'s load test: staff who sign in through the real form (password
and authenticator code), then use the by-name list, person pages, search and the referral form.

Started by bench/load.py with two environment variables: BENCH_LOAD_PLAN (the accounts, the
people each may see, search words; written for the run) and BENCH_LOAD_TIMINGS (where every
request's time is written at the end, so percentiles are exact rather than locust's rounded
buckets, with the id of every referral sent). The steps themselves are in bench/load_tasks.py.

When the plan asks for it (`extra["reset_every_seconds"]`, the faults scenario,
bench/load_faults.py), one more user asks for password reset emails at that pace, so the
outbox has mail for the task worker to deliver.
"""

import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant_pacing, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_tasks import (  # noqa: E402
    BY_NAME_LIST,
    PERSON_PAGE,
    REFERRAL_SUBMIT,
    SEARCH,
    TOTP_STEP_SECONDS,
    WEIGHTS,
    Check,
    Page,
    Plan,
    TaskFailed,
    Worker,
    request_password_reset,
    sent_referral_id,
    sign_in,
)

PLAN = Plan(**json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text()))
TIMINGS_PATH = Path(os.environ["BENCH_LOAD_TIMINGS"])
# Seconds a person takes between clicks here: brisker than real work, to load the server.
THINK_SECONDS = (0.5, 1.5)
# Under load a sign-in can take seconds: type a code with at least this long left to run.
FRESH_CODE_SECONDS = 12

_next_account = itertools.count()
_timings: list[tuple[str, float, bool, float]] = []  # name, ms, failed, started (epoch s)
_referrals: list[str] = []  # ids of the referrals sent (new ones, not "already sent today")


@events.request.add_listener
def _record(
    name: str, response_time: float, exception: Any, start_time: float = 0.0, **_: Any
) -> None:
    _timings.append((name, response_time, exception is not None, start_time or time.time()))


@events.quitting.add_listener
def _write_timings(**_: Any) -> None:
    TIMINGS_PATH.write_text(json.dumps({"requests": _timings, "referrals": _referrals}))


class LocustBrowser:
    """bench.load_tasks.Browser over locust's HTTP session (redirects not followed)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def _send(self, method: str, path: str, name: str, check: Check, **kwargs: Any) -> Page:
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            page = Page(
                response.status_code, response.text or "", response.headers.get("Location", "")
            )
            problem = check(page)
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem:
            raise TaskFailed(problem)
        return page

    def get(
        self, path: str, *, name: str, check: Check, params: dict[str, str] | None = None
    ) -> Page:
        return self._send("GET", path, name, check, params=params)

    def post(self, path: str, data: dict[str, str], *, name: str, check: Check) -> Page:
        return self._send("POST", path, name, check, data=data)


class Staff(HttpUser):
    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        index = next(_next_account)
        account = PLAN.accounts[index % len(PLAN.accounts)]
        self.browser = LocustBrowser(self.client)
        self.worker = Worker(PLAN, account, random.Random(PLAN.seed * 1000 + index))
        try:
            sign_in(self.browser, account, fresh_code_seconds=FRESH_CODE_SECONDS)
        except TaskFailed:
            # Refused after all (a code works once, and only in its step): the next code.
            time.sleep(TOTP_STEP_SECONDS - time.time() % TOTP_STEP_SECONDS + 1)
            self.client.cookies.clear()
            sign_in(self.browser, account, fresh_code_seconds=FRESH_CODE_SECONDS)

    def _do(self, step: str) -> Page | None:
        try:
            return self.worker.do(self.browser, step)
        except TaskFailed:
            return None  # already counted as a failed request

    @task(WEIGHTS[BY_NAME_LIST])
    def by_name_list(self) -> None:
        self._do(BY_NAME_LIST)

    @task(WEIGHTS[PERSON_PAGE])
    def person_page(self) -> None:
        self._do(PERSON_PAGE)

    @task(WEIGHTS[SEARCH])
    def search(self) -> None:
        self._do(SEARCH)

    @task(WEIGHTS[REFERRAL_SUBMIT])
    def referral(self) -> None:
        sent = self._do(REFERRAL_SUBMIT)
        referral_id = sent_referral_id(sent) if sent is not None else None
        if referral_id:
            _referrals.append(referral_id)


class ForgetfulStaff(HttpUser):
    """Someone asking for a password reset link every few seconds (the sign-in page's "Forgot
    your password?"), in turn for each account of the plan. Only when the plan asks for it;
    paced under allauth's limit of 20 requests a minute from one address."""

    abstract = not PLAN.extra.get("reset_every_seconds")
    fixed_count = 1
    wait_time = constant_pacing(float(PLAN.extra.get("reset_every_seconds") or 1))

    def on_start(self) -> None:
        self.browser = LocustBrowser(self.client)
        self.emails = itertools.cycle([account["email"] for account in PLAN.accounts])

    @task
    def reset(self) -> None:
        try:
            request_password_reset(self.browser, next(self.emails))
        except TaskFailed:
            pass  # already counted as a failed request
