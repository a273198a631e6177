"""`make bench ONLY=faults` (bench/load_faults.py): the load test with a worker crash. Its pure
parts here (what counts as lost, delivered twice or failed, the table and the results file's
own section), and the pieces that touch the app: the referral id locust records, the reset
link request that puts email in the outbox, and the fake mail server speaking real SMTP."""

import random
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from bench import population
from bench.fake_smtp import OUTBOX_ID_HEADER, FakeSmtpServer
from bench.load import free_port, make_plan
from bench.load_faults import (
    Deliveries,
    FaultTimes,
    count_deliveries,
    failed_in_window,
    faults_rows,
    spawn_rate,
)
from bench.load_tasks import (
    REFERRAL_SUBMIT,
    RESET_LINK,
    SEARCH,
    SIGN_IN,
    Page,
    Worker,
    request_password_reset,
    sent_referral_id,
    sign_in,
)
from bench.results import Row, Section, merge_section
from waypost.synthetic.tests.test_bench_harness import SEED, ClientBrowser


@pytest.fixture
def staff_population(db, tmp_path: Path) -> population.PopulationInfo:
    return population.ensure_population(
        people=20,
        seed=SEED,
        contacts_per_person=1.0,
        truth_path=tmp_path / "truth.csv",
        progress=lambda _: None,
        migrate=False,
    )


REFERRAL_ID = "3f6c2a1e-8b4d-4c3e-9a7f-0d1e2f3a4b5c"


# --- Counting ---------------------------------------------------------------------------------


def test_an_email_due_that_never_arrived_is_lost_and_one_that_came_twice_is_a_duplicate():
    counted = count_deliveries(["a", "b", "c"], ["a", "a", "b", "z"])
    assert counted == Deliveries(due=3, delivered=2, duplicates=1, lost=1, unexpected=1)


def test_every_email_delivered_once_is_none_lost():
    assert count_deliveries(["a", "b"], ["b", "a"]) == Deliveries(2, 2, 0, 0, 0)


def test_staff_start_under_the_sign_in_limit_for_one_address():
    assert spawn_rate(10) == 10.0  # few enough to start at once
    assert spawn_rate(50) * 60 <= 30  # allauth: 30 sign-ins a minute from one address


def test_only_requests_started_in_the_window_after_the_faults_are_counted():
    timings = [
        (SEARCH, 10.0, True, 99.9),  # before
        (SEARCH, 10.0, True, 100.0),
        (SEARCH, 10.0, False, 120.0),
        (SEARCH, 10.0, True, 130.0),  # after: the window is [100, 130)
    ]
    assert failed_in_window(timings, 100.0, 30) == (1, 2, 10.0)


# --- The table and the results file ---------------------------------------------------------------


def _outcome(timings):
    faults = FaultTimes(kill_after=150, killed_at_epoch=100.0, new_worker_started_s=0.1)
    faults.first_task_after_s = 2.5
    return {
        "timings": timings,
        "faults": faults,
        "drained_s": 12.0,
        "load": ((3.0, 2.0, 1.0), (4.0, 3.0, 1.0)),
    }


def _counted(*, found: int, lost_emails: int):
    return {
        "referrals_sent": 3,
        "referrals_found": found,
        "referrals_in_database": found,
        "triage_team": 4,
        "referrals_short_of_notifications": 0,
        "resets_accepted": 5,
        "deliveries": Deliveries(5, 5 - lost_emails, 1, lost_emails, 0),
        "outbox_statuses": {"sent": 5 - lost_emails, "pending": lost_emails},
        "tasks": {"SUCCESSFUL": 9, "RUNNING": 1},
    }


def _rows(counted) -> dict[str, Row]:
    timings = [
        (SIGN_IN, 500.0, False, 90.0),
        (SEARCH, 80.0, False, 95.0),
        (SEARCH, 90.0, True, 101.0),
        (RESET_LINK, 40.0, False, 102.0),
    ]
    rows = faults_rows(
        counted,
        _outcome(timings),
        engine="postgresql",
        people=10_000,
        contacts=200_000,
        users=50,
        seconds=300,
        workers=5,
    )
    return {row.benchmark: row for row in rows}


def test_the_faults_table_passes_only_when_nothing_was_lost():
    rows = _rows(_counted(found=3, lost_emails=0))
    assert rows["faults: referrals"].met_text == "pass"
    assert rows["faults: emails"].met_text == "pass"
    assert "1 delivered twice" in rows["faults: emails"].figures

    rows = _rows(_counted(found=2, lost_emails=1))
    assert rows["faults: referrals"].met is False
    assert rows["faults: emails"].met is False
    assert "1 lost" in rows["faults: emails"].figures


def test_the_error_rate_counts_every_request_and_the_faults_row_says_what_was_done():
    rows = _rows(_counted(found=3, lost_emails=0))
    error = rows["faults: error rate"]
    assert error.numbers == {"failed": 1, "requests": 4, "error_rate": 0.25}
    faults = rows["faults: worker killed, gunicorn reloaded"]
    assert "SIGKILL" in faults.figures and "SIGHUP" in faults.figures
    assert "1 failed of 2 requests started in the 30 s after" in faults.figures
    assert "load average 3.0 (1 min)" in faults.note
    assert rows[f"faults: {SEARCH}"].target is None  # 50 users: not the 20-user target


def test_the_faults_section_is_kept_apart_from_the_scale_sections():
    quick = Section("quick", {"CPU": "a"}, [])
    faults = Section("quick", {"CPU": "f1"}, [], kind="Faults")
    text = merge_section(merge_section(merge_section("", faults), quick), Section("full", {}, []))
    assert text.index("## Scale: quick") < text.index("## Scale: full")
    assert text.index("## Scale: full") < text.index("## Faults: quick")

    again = merge_section(text, Section("quick", {"CPU": "f2"}, [], kind="Faults"))
    assert "CPU: f2" in again and "CPU: f1" not in again
    assert "CPU: a" in again  # the benchmarks' own quick section is kept


# --- What locust records and sends ---------------------------------------------------------------


def test_a_referral_id_is_read_only_from_the_redirect_to_its_confirmation():
    assert sent_referral_id(Page(302, "", f"/referrals/mine/{REFERRAL_ID}/sent/")) == REFERRAL_ID
    assert sent_referral_id(Page(200, "already sent today")) is None
    assert sent_referral_id(Page(302, "", "/accounts/login/?next=/referrals/new/")) is None


def test_the_referral_step_records_the_id_of_the_referral_it_made(staff_population):
    from waypost.referrals.models import Referral

    plan = make_plan(staff_population, users=1, seed=SEED)
    browser = ClientBrowser()
    sign_in(browser, plan.accounts[0])
    sent = Worker(plan, plan.accounts[0], random.Random(SEED)).do(browser, REFERRAL_SUBMIT)
    referral_id = sent_referral_id(sent)
    assert referral_id is not None
    assert Referral.objects.filter(pk=referral_id).exists()


def test_a_reset_link_request_puts_one_email_in_the_outbox(staff_population):
    from waypost.notifications.models import OutboxMessage

    plan = make_plan(staff_population, users=1, seed=SEED)
    before = OutboxMessage.objects.count()
    request_password_reset(ClientBrowser(), plan.accounts[0]["email"])
    assert OutboxMessage.objects.count() == before + 1


def test_the_fake_mail_server_speaks_smtp_and_keeps_only_outbox_ids():
    port = free_port()
    with FakeSmtpServer(port) as mailbox:
        for outbox_id in ("one", "one", ""):
            message = EmailMessage()
            message["From"], message["To"] = "a@bench.invalid", "b@bench.invalid"
            message["Subject"] = "Reset your password"
            if outbox_id:
                message[OUTBOX_ID_HEADER] = outbox_id
            message.set_content("A body the mailbox does not keep.")
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
                client.send_message(message)
        assert mailbox.outbox_ids == ["one", "one", ""]


def test_a_slow_fake_mail_server_takes_a_message_only_when_it_answers():
    """The crash can catch the worker mid-send only if sending takes time."""
    port = free_port()
    with FakeSmtpServer(port, reply_delay=0.5) as mailbox:
        message = EmailMessage()
        message["From"], message["To"] = "a@bench.invalid", "b@bench.invalid"
        message[OUTBOX_ID_HEADER] = "slow"
        message.set_content("Body.")
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
            started = time.monotonic()
            client.send_message(message)
            assert time.monotonic() - started >= 0.5
        assert mailbox.outbox_ids == ["slow"]


def test_what_was_lost_is_counted_even_when_nobody_got_past_signing_in():
    counted = _counted(found=3, lost_emails=0)
    outcome = _outcome([(SIGN_IN, 500.0, True, 90.0)])
    rows = faults_rows(
        counted, outcome, engine="postgresql", people=10, contacts=0, users=1, seconds=60, workers=1
    )
    names = [row.benchmark for row in rows]
    assert "faults: referrals" in names and "faults: emails" in names
