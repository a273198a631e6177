"""Policy impact checks: coordinators, partnership admins and commissioners create and read
them (403 for other roles, 404 for another partnership's); every question must be answered
and a recommendation chosen before submitting, which locks the check; the summary counts
answers of submitted checks only; the CSV lists the checks."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.strategy.impact import QUESTIONS
from waypost.strategy.models import ImpactCheckStatus, PolicyImpactAnswer, PolicyImpactCheck

ALLOWED = ["coordinator_client", "admin_client", "commissioner_client"]
REFUSED = [
    "caseworker_client",
    "outreach_client",
    "referrer_client",
    "dpo_client",
    "provider_client",
    "regional_client",
]


@pytest.fixture
def draft(world):
    return PolicyImpactCheck.objects.create(partnership=world.coventry, title="City centre PSPO")


def _urls(check):
    return [
        reverse("strategy:impact_checks"),
        reverse("strategy:impact_new"),
        reverse("strategy:impact_summary"),
        reverse("strategy:impact_csv"),
        reverse("strategy:impact_check", args=[check.pk]),
    ]


@pytest.mark.parametrize("client_name", ALLOWED)
def test_allowed_roles_reach_every_page(request, draft, client_name):
    client = request.getfixturevalue(client_name)
    for url in _urls(draft):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("client_name", REFUSED)
def test_other_roles_are_refused(request, draft, client_name):
    client = request.getfixturevalue(client_name)
    for url in _urls(draft):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("strategy:impact_submit", args=[draft.pk])).status_code == 403


def test_another_partnerships_check_is_not_found(birmingham_admin_client, draft):
    assert (
        birmingham_admin_client.get(reverse("strategy:impact_check", args=[draft.pk])).status_code
        == 404
    )
    assert (
        birmingham_admin_client.post(
            reverse("strategy:impact_submit", args=[draft.pk]), {"version": "1"}
        ).status_code
        == 404
    )
    response = birmingham_admin_client.get(
        reverse("strategy:impact_checks") + "?partnership=coventry"
    )
    assert response.status_code == 404


def _answers(impact="no_effect", **overrides):
    data = {}
    for q in QUESTIONS:
        data[f"{q.code}_impact"] = impact
        data[f"{q.code}_notes"] = ""
    data.update(overrides)
    return data


def test_start_answer_and_submit_a_check(coordinator_client, coordinator_user, world):
    response = coordinator_client.post(
        reverse("strategy:impact_new"),
        {
            "partnership": "coventry",
            "title": "Public spaces protection order",
            "proposed_by": "Community safety",
            "decision_due_0": "30",
            "decision_due_1": "6",
            "decision_due_2": "2026",
            "summary": "Bans on begging in the centre",
        },
    )
    check = PolicyImpactCheck.objects.get()
    assert response.url == reverse("strategy:impact_check", args=[check.pk])
    assert check.partnership == world.coventry and check.created_by == coordinator_user
    url = reverse("strategy:impact_check", args=[check.pk])
    # A harm with no mitigation cannot be submitted.
    coordinator_client.post(
        url,
        _answers(
            enforcement_impact="harms",
            enforcement_notes="Fines people who beg",
            recommendation="proceed_with_changes",
            version="1",
        ),
    )
    check.refresh_from_db()
    assert check.answers.count() == len(QUESTIONS) and check.version == 2
    response = coordinator_client.post(
        reverse("strategy:impact_submit", args=[check.pk]), {"version": "2"}, follow=True
    )
    assert "Say how the harm would be reduced" in response.content.decode()
    assert PolicyImpactCheck.objects.get().status == ImpactCheckStatus.DRAFT
    coordinator_client.post(
        url,
        _answers(
            enforcement_impact="harms",
            enforcement_notes="Fines people who beg",
            mitigation="Outreach offer before any enforcement",
            recommendation="proceed_with_changes",
            version="2",
        ),
    )
    coordinator_client.post(reverse("strategy:impact_submit", args=[check.pk]), {"version": "3"})
    check.refresh_from_db()
    assert check.status == ImpactCheckStatus.SUBMITTED
    assert check.submitted_by == coordinator_user
    # Locked: a later save changes nothing.
    response = coordinator_client.post(url, _answers(impact="helps", version=str(check.version)))
    assert response.status_code == 400
    assert not PolicyImpactAnswer.objects.filter(impact="helps").exists()
    page = coordinator_client.get(url).content.decode()
    assert "Save answers" not in page and "Fines people who beg" in page


def test_unanswered_questions_block_submission(coordinator_client, draft):
    response = coordinator_client.post(
        reverse("strategy:impact_submit", args=[draft.pk]), {"version": "1"}, follow=True
    )
    assert "Answer every question" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ImpactCheckStatus.DRAFT


def test_a_stale_save_keeps_what_was_typed(coordinator_client, draft):
    PolicyImpactCheck.objects.filter(pk=draft.pk).update(version=5)
    response = coordinator_client.post(
        reverse("strategy:impact_check", args=[draft.pk]),
        _answers(mitigation="typed text", version="1"),
    )
    assert response.status_code == 400
    assert "Someone else changed this check" in response.content.decode()
    assert "typed text" in response.content.decode()
    assert not draft.answers.exists()


def _submitted(world, title, impacts):
    check = PolicyImpactCheck.objects.create(
        partnership=world.coventry,
        title=title,
        status=ImpactCheckStatus.SUBMITTED,
        recommendation="proceed",
    )
    for q in QUESTIONS:
        PolicyImpactAnswer.objects.create(
            check_record=check, question=q.code, impact=impacts.get(q.code, "no_effect")
        )
    return check


def test_the_summary_counts_submitted_checks_only(commissioner_client, world, draft):
    _submitted(world, "A", {"enforcement": "harms", "access": "helps"})
    _submitted(world, "B", {"enforcement": "harms"})
    PolicyImpactAnswer.objects.create(check_record=draft, question="enforcement", impact="helps")
    response = commissioner_client.get(reverse("strategy:impact_summary"))
    table = response.context["table"]
    rows = {row[0].text: [c.text for c in row[1:]] for row in table.rows}
    # Helps, No effect, Harms, Not known yet
    assert rows["Enforcement and criminalisation"] == ["0", "0", "2", "0"]
    assert rows["Access to services and accommodation"] == ["1", "1", "0", "0"]
    assert response.context["submitted"] == 2


def test_the_csv_lists_each_check_with_its_answers(admin_client, world, draft):
    _submitted(world, "=HYPERLINK(bad)", {"health": "harms"})
    response = admin_client.get(reverse("strategy:impact_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Proposed policy change"
    titles = [row[0] for row in rows[1:]]
    assert "City centre PSPO" in titles
    assert "'=HYPERLINK(bad)" in titles  # formula injection neutralised
    harmed = next(row for row in rows[1:] if row[0].startswith("'="))
    assert harmed[rows[0].index("Health and care: impact")] == "Harms"


def test_the_list_is_paginated(coordinator_client, world):
    for n in range(25):
        PolicyImpactCheck.objects.create(partnership=world.coventry, title=f"Check {n}")
    page = coordinator_client.get(reverse("strategy:impact_checks"))
    assert len(page.context["page_obj"].object_list) == 20
    second = coordinator_client.get(reverse("strategy:impact_checks") + "?page=2")
    assert len(second.context["page_obj"].object_list) == 5
