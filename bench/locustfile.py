"""Locust users for `make bench`'s load test: staff who sign in through the real form (password
and authenticator code), then use the by-name list, person pages, search and the referral form.

Started by bench/load.py with two environment variables: BENCH_LOAD_PLAN (the accounts, the
people each may see, search words; written for the run) and BENCH_LOAD_TIMINGS (where every
request's time is written at the end, so percentiles are exact rather than locust's rounded
buckets). The steps themselves are in bench/load_tasks.py.
"""

import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

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


@events.request.add_listener
def _record(
    name: str, response_time: float, exception: Any, start_time: float = 0.0, **_: Any
) -> None:
    _timings.append((name, response_time, exception is not None, start_time or time.time()))


@events.quitting.add_listener
def _write_timings(**_: Any) -> None:
    TIMINGS_PATH.write_text(json.dumps(_timings))


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

    def _do(self, step: str) -> None:
        try:
            self.worker.do(self.browser, step)
        except TaskFailed:
            pass  # already counted as a failed request

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
        self._do(REFERRAL_SUBMIT)
