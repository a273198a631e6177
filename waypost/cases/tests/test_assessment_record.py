"""Recording an assessment: the form asks about each domain the assessor's role covers, saves
everything in one transaction (answers, an optional staff-safety warning, the tier), and
keeps what was typed when something is wrong."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from waypost.cases import assessment_actions
from waypost.cases.assessment_actions import AnswerInput, record_assessment
from waypost.cases.models import Assessment, AssessmentAnswer, Domain, TierResult
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import StaffSafetyWarning
from waypost.testing.people import make_person


def assess(person, user, agency, levels, *, nps=False, on=None, warning="", details=None):
    """An assessment with these {domain: level} answers, through the action."""
    details = details or {}
    return record_assessment(
        person,
        answers={
            domain: AnswerInput(
                level=level,
                details=details.get(domain, ""),
                uses_nps=nps and domain == Domain.DRUGS_ALCOHOL,
            )
            for domain, level in levels.items()
        },
        assessed_on=on or date.today(),
        staff_warning=warning,
        by=user,
        agency=agency,
    )


def form_data(levels=None, **extra):
    """A filled-in form: every domain "not assessed" unless given a level."""
    today = date.today()
    data = {
        "assessed_on_0": str(today.day),
        "assessed_on_1": str(today.month),
        "assessed_on_2": str(today.year),
        "summary": "",
        "staff_warning": "",
    }
    for domain in Domain.values:
        data[f"{domain}_level"] = "not_assessed"
        data[f"{domain}_details"] = ""
    for domain, level in (levels or {}).items():
        data[f"{domain}_level"] = str(level)
    data.update(extra)
    return data


@pytest.fixture
def person(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.council, by=caseworker_user)
    return person


def _url(person, suffix="new/"):
    return f"/cases/people/{person.pk}/assessments/{suffix}"


def test_the_form_asks_about_every_domain_for_a_caseworker(caseworker_client, person):
    html = caseworker_client.get(_url(person)).content.decode()
    for domain in Domain:
        assert f'<h2 class="govuk-fieldset__heading">{domain.label}</h2>' in html
    assert 'name="uses_nps"' in html
    assert 'name="staff_warning"' in html
    assert "Your role does not include" not in html


def test_an_outreach_worker_is_not_asked_about_offending(outreach_client, person, world):
    from waypost.testing.people import sign_agreement_for

    sign_agreement_for(world.council, world.outreach)
    html = outreach_client.get(_url(person)).content.decode()
    assert "offending_level" not in html
    assert "Your role does not include offending" in html
    assert "mental_health_level" in html


def test_saving_records_answers_warning_and_tier_in_one_go(
    caseworker_client, caseworker_user, person, world
):
    data = form_data(
        {Domain.MENTAL_HEALTH: 3, Domain.DRUGS_ALCOHOL: 2, Domain.FINANCES: 0},
        uses_nps="on",
        mental_health_details="Hears voices at night",
        summary="Wants a room of their own",
        staff_warning="Carries a knife: visit in pairs",
    )
    response = caseworker_client.post(_url(person), data)

    assessment = Assessment.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == f"/cases/people/{person.pk}/assessments/{assessment.pk}/"
    assert assessment.recorded_by == caseworker_user
    assert assessment.recorded_by_agency == world.council
    assert assessment.summary == "Wants a room of their own"
    answers = {a.domain: a for a in assessment.answers.all()}
    assert set(answers) == {Domain.MENTAL_HEALTH, Domain.DRUGS_ALCOHOL, Domain.FINANCES}
    assert answers[Domain.MENTAL_HEALTH].details == "Hears voices at night"
    assert answers[Domain.DRUGS_ALCOHOL].uses_nps
    warning = StaffSafetyWarning.objects.get(person=person)
    assert warning.text == "Carries a knife: visit in pairs"
    assert warning.recorded_by_agency == world.council
    # 6 + 4 + 4 (NPS) = 14: tier 3, shown on the by-name list too.
    result = TierResult.objects.get(person=person)
    assert (result.score, result.tier, result.assessment) == (14, 3, assessment)
    assert ByNameEntry.objects.get(person=person).tier == 3


def test_a_missing_level_is_an_error_that_keeps_what_was_typed(caseworker_client, person):
    data = form_data({Domain.FINANCES: 1}, mental_health_details="Hears voices at night")
    del data["mental_health_level"]
    response = caseworker_client.post(_url(person), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose a level for mental health, or ‘Not assessed’" in html
    assert 'href="#id_mental_health_level_0"' in html
    assert "Hears voices at night</textarea>" in html
    assert re.search(r'value="1"[^>]*checked|checked[^>]*value="1"', html)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "Choose a level for at least one area of need or risk"),
        ({"uses_nps": "on"}, "Choose a level for drugs and alcohol, as they use new"),
        (
            {"housing_history_details": "Evicted twice"},
            "Choose a level for housing history, or remove the details",
        ),
    ],
)
def test_answers_that_do_not_make_sense_are_refused(caseworker_client, person, changes, message):
    response = caseworker_client.post(_url(person), form_data(**changes))
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_date_in_the_future_is_refused(caseworker_client, person):
    tomorrow = date.today() + timedelta(days=1)
    data = form_data(
        {Domain.FINANCES: 1},
        assessed_on_0=str(tomorrow.day),
        assessed_on_1=str(tomorrow.month),
        assessed_on_2=str(tomorrow.year),
    )
    html = caseworker_client.post(_url(person), data).content.decode()
    assert "The date of the assessment must be today or before" in html


def test_the_action_refuses_a_domain_the_role_may_not_record(person, outreach_user, world):
    with pytest.raises(PermissionDenied):
        assess(person, outreach_user, world.outreach, {Domain.OFFENDING: 2})
    assert not Assessment.objects.exists()


def test_nothing_is_saved_when_working_out_the_tier_fails(caseworker_client, person, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the model is broken")

    monkeypatch.setattr(assessment_actions, "calculate_tier", broken)
    data = form_data({Domain.FINANCES: 1}, staff_warning="Dog bites")
    with pytest.raises(RuntimeError):
        caseworker_client.post(_url(person), data)
    assert not Assessment.objects.exists()
    assert not AssessmentAnswer.objects.exists()
    assert not StaffSafetyWarning.objects.exists()


def test_the_newest_assessment_sets_the_tier(person, caseworker_user, world):
    assess(person, caseworker_user, world.council, {Domain.RISK_TO_SELF: 3})
    # A back-dated assessment recorded later does not replace the newer one's tier.
    assess(
        person,
        caseworker_user,
        world.council,
        {Domain.RISK_TO_SELF: 0},
        on=date.today() - timedelta(days=30),
    )
    newest = TierResult.objects.order_by("-calculated_at").first()
    assert newest.score == 6
    assert newest.assessment.assessed_on == date.today()
