"""Data protection officers set the retention period per record type for their partnership;
the period decides what the next report lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import RecordType, RetentionRule
from waypost.audit.retention.actions import plan_retention
from waypost.audit.retention.rules import DEFAULTS, months_before, periods_for
from waypost.people.models import Person
from waypost.testing.people import make_person
from waypost.testing.personas import make_user, mark_recently_authenticated


def _rule_url(world, record_type="person"):
    return reverse("audit:retention_rule", args=[world.coventry.pk, record_type])


def test_defaults_apply_until_changed(world):
    periods = {p.record_type: p for p in periods_for(world.coventry)}
    assert periods[RecordType.PERSON].months == 72
    assert periods[RecordType.PERSON].is_default
    assert set(periods) == set(DEFAULTS) == set(RecordType.values)


def test_the_officer_sees_the_periods(dpo_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = dpo_client.get(reverse("audit:retention"))
    assert response.status_code == 200
    assert "Person record with no activity" in response.text
    assert "6 years" in response.text


def test_the_officer_changes_a_period_and_the_report_follows(dpo_client, dpo_user, world):
    person = make_person(world.council)
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=timezone.now() - timedelta(days=400)
    )
    assert plan_retention(world.coventry, by=None).report["items"]["person"]["count"] == 0

    response = dpo_client.post(_rule_url(world), {"period_months": "12"})

    assert response.url == reverse("audit:retention")
    rule = RetentionRule.objects.get()
    assert (rule.period_months, rule.updated_by) == (12, dpo_user)
    assert plan_retention(world.coventry, by=None).report["items"]["person"]["ids"] == [
        str(person.pk)
    ]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the retention period in months"),
        ("six", "Enter the retention period as a whole number of months, like 72"),
        ("0", "The retention period must be at least 1 month"),
    ],
)
def test_a_bad_period_is_explained(dpo_client, world, typed, error):
    response = dpo_client.post(_rule_url(world), {"period_months": typed})
    assert response.context["form"].errors["period_months"] == [error]
    assert not RetentionRule.objects.exists()


def test_going_back_to_the_default(dpo_client, dpo_user, world):
    RetentionRule.objects.create(
        partnership=world.coventry, record_type="person", period_months=12, updated_by=dpo_user
    )
    dpo_client.post(_rule_url(world), {"reset": "1"})
    assert not RetentionRule.objects.exists()


def test_an_unknown_record_type_is_not_found(dpo_client, world):
    assert dpo_client.get(_rule_url(world, "kittens")).status_code == 404


def test_other_roles_are_refused(commissioner_client, caseworker_client, world):
    for client in (commissioner_client, caseworker_client):
        assert client.get(reverse("audit:retention")).status_code == 403
        assert client.post(_rule_url(world), {"period_months": "1"}).status_code == 403
        dry_run = reverse("audit:retention_dry_run", args=[world.coventry.pk])
        assert client.post(dry_run).status_code == 403
    assert not RetentionRule.objects.exists()


def test_another_partnerships_officer_is_told_it_does_not_exist(client, world):
    user = make_user("dpo@birmingham.test", agency=world.brum_council, role=Role.DPO)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    assert client.post(_rule_url(world), {"period_months": "1"}).status_code == 404
    run = plan_retention(world.coventry, by=None)
    assert client.get(reverse("audit:retention_report", args=[run.pk])).status_code == 404
    assert client.post(reverse("audit:retention_apply", args=[run.pk])).status_code == 404
    assert not RetentionRule.objects.exists()


def test_months_are_calendar_months():
    moment = timezone.make_aware(timezone.datetime(2026, 3, 31, 12, 0))
    assert months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert months_before(moment, 72).date().isoformat() == "2020-03-31"
