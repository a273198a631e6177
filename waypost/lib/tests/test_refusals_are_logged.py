"""Refusals leave one line on the security log (ASVS 16.3.2, 16.3.3): a record that exists but
is not the user's, a 403, on pages and in the API, and a rate limit. The line names the user by
id, the record by kind and UUID, and holds nothing personal."""

import logging
import uuid

import pytest
from django.test import Client, override_settings

from waypost.accounts.actions import create_api_token
from waypost.people.models import Person
from waypost.testing.people import make_person

# Planted in the records: none of it may reach the log.
GIVEN, FAMILY = "Zebedee", "Quarrington"


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")

    def lines() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "waypost.security"]

    return lines


def _assert_nothing_personal(record: logging.LogRecord, *personal: str) -> None:
    text = record.getMessage()
    for value in (GIVEN, FAMILY, "127.0.0.1", "?", *personal):
        assert value not in text


def _person(world, caseworker_user) -> Person:
    return make_person(world.council, by=caseworker_user, given_name=GIVEN, family_name=FAMILY)


def test_a_hidden_person_page_logs_one_refusal_with_ids_only(
    security_lines, outreach_client, outreach_user, caseworker_user, world
):
    person = _person(world, caseworker_user)
    assert outreach_client.get(f"/people/{person.pk}/").status_code == 404
    [line] = security_lines()
    assert line.security == {
        "event": "refused",
        "user": str(outreach_user.pk),
        "address": line.security["address"],
        "route": "people:detail",
        "object_kind": "person",
        "object_id": str(person.pk),
        "reason": "hidden",
    }
    assert line.levelno == logging.WARNING
    assert f"object_id={person.pk}" in line.getMessage()
    _assert_nothing_personal(line, outreach_user.email)


def test_a_person_who_does_not_exist_is_not_logged(security_lines, outreach_client, world):
    assert outreach_client.get(f"/people/{uuid.uuid4()}/").status_code == 404
    assert security_lines() == []


def test_a_forbidden_page_logs_one_refusal_naming_the_record_in_its_address(
    security_lines, commissioner_client, commissioner_user, caseworker_user, world
):
    person = _person(world, caseworker_user)
    assert commissioner_client.get(f"/people/{person.pk}/").status_code == 403
    [line] = security_lines()
    assert line.security["reason"] == "forbidden"
    assert line.security["user"] == str(commissioner_user.pk)
    assert line.security["object_id"] == str(person.pk)
    _assert_nothing_personal(line, commissioner_user.email)


def test_another_partnerships_staff_member_logs_one_refusal(
    security_lines, birmingham_admin_client, birmingham_admin_user, caseworker_user
):
    assert birmingham_admin_client.get(f"/staff/{caseworker_user.pk}/").status_code == 404
    [line] = security_lines()
    assert (line.security["object_kind"], line.security["object_id"]) == (
        "staff_member",
        str(caseworker_user.pk),
    )
    assert line.security["route"] == "accounts:staff_member"
    _assert_nothing_personal(line, caseworker_user.email, caseworker_user.full_name)


def test_another_users_record_in_any_app_logs_one_refusal_naming_its_kind(
    security_lines, outreach_client, outreach_user, caseworker_user
):
    """Views that answer with get_object_or_404 on a scoped query cannot tell hidden from
    missing; the refusal middleware can, when the route names a record that exists (G8)."""
    from waypost.notifications.actions import notify

    theirs = notify(caseworker_user, title="A referral for your team", body="")
    assert outreach_client.post(f"/notifications/{theirs.pk}/read").status_code == 404
    [line] = security_lines()
    assert line.security == {
        "event": "refused",
        "user": str(outreach_user.pk),
        "address": line.security["address"],
        "route": "notifications:mark_read",
        "object_kind": "notification",
        "object_id": str(theirs.pk),
        "reason": "hidden",
    }
    assert outreach_client.post(f"/notifications/{uuid.uuid4()}/read").status_code == 404
    assert len(security_lines()) == 1  # a record that does not exist is nobody's


def test_a_failed_look_up_leaves_the_404_a_404(
    security_lines, outreach_client, caseworker_user, monkeypatch
):
    """Logging must never turn "Page not found" into a server error."""
    from django.db import DatabaseError

    from waypost.lib import refusal_logging
    from waypost.notifications.actions import notify

    class Gone:
        def cursor(self):
            raise DatabaseError("the database went away")

    theirs = notify(caseworker_user, title="A referral for your team", body="")
    monkeypatch.setattr(refusal_logging, "connection", Gone())  # only the look-up's
    assert outreach_client.post(f"/notifications/{theirs.pk}/read").status_code == 404
    assert security_lines() == []


def test_another_agencys_record_in_the_api_logs_one_refusal_naming_its_kind(
    security_lines, outreach_user, world
):
    from waypost.testing.reporting import referral

    theirs = referral(world.council)
    response = Client().get(f"/api/v1/referrals/{theirs.pk}/", **_token(outreach_user))
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    [line] = security_lines()
    assert (line.security["object_kind"], line.security["object_id"]) == (
        "referral",
        str(theirs.pk),
    )
    _assert_nothing_personal(line, "Referral")


def _token(user) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_a_hidden_person_in_the_api_logs_one_refusal(
    security_lines, outreach_user, caseworker_user, world
):
    person = _person(world, caseworker_user)
    response = Client().get(f"/api/v1/people/{person.pk}/", **_token(outreach_user))
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"  # the same answer as ever
    [line] = security_lines()
    assert line.security["route"] == "api-person"
    assert line.security["user"] == str(outreach_user.pk)
    assert line.security["object_id"] == str(person.pk)
    _assert_nothing_personal(line, outreach_user.email)


def test_an_api_permission_denial_logs_one_refusal(
    security_lines, commissioner_user, caseworker_user, world
):
    person = _person(world, caseworker_user)
    response = Client().get(f"/api/v1/people/{person.pk}/", **_token(commissioner_user))
    assert response.status_code == 403
    [line] = security_lines()
    assert (line.security["reason"], line.security["user"]) == (
        "forbidden",
        str(commissioner_user.pk),
    )
    assert line.security["object_id"] == str(person.pk)


def test_a_refused_api_token_is_logged_without_the_token(security_lines, db):
    response = Client().get("/api/v1/people/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    [line] = security_lines()
    assert (line.security["reason"], line.security["user"]) == ("bad_credentials", "-")
    assert "not-a-real-token" not in line.getMessage()


@override_settings(ALERTS_STATUS_RATE="2/minute")
def test_a_rate_limit_refusal_logs_one_line_with_the_hashed_address(security_lines, db):
    client = Client()
    for _ in range(2):
        assert client.get("/alerts/status/", {"reference": "ABCDE-FGHJK"}).status_code != 429
    assert security_lines() == []
    assert client.get("/alerts/status/", {"reference": "ABCDE-FGHJK"}).status_code == 429
    [line] = security_lines()
    assert (line.security["reason"], line.security["object_kind"]) == (
        "rate_limited",
        "alert-status",
    )
    assert len(line.security["address"]) == 16
    _assert_nothing_personal(line, "ABCDE")
