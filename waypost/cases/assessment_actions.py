"""Recording an assessment of need and risk (plan P2.3, CP3): the answers by domain, an optional
staff-safety warning, and the person's tier worked out from it, all in one transaction."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.audit.models import Section
from waypost.cases.models import DOMAIN_SECTIONS, Assessment, AssessmentAnswer, Domain, Level
from waypost.cases.threshold_actions import calculate_tier
from waypost.people.actions import add_warning, check_may_write
from waypost.people.models import Person


@dataclass(frozen=True)
class AnswerInput:
    """One domain's answer as the assessor gave it."""

    level: int
    details: str = ""
    uses_nps: bool = False


@transaction.atomic
def record_assessment(
    person: Person,
    *,
    answers: Mapping[str, AnswerInput],
    assessed_on: date,
    summary: str = "",
    staff_warning: str = "",
    by: User | None,
    agency: Agency,
) -> Assessment:
    """Save an assessment by `agency` and work out the person's tier from it.

    Each answered domain is checked against the section that protects it: `by` must hold a
    role at `agency` covering it (an outreach worker cannot record offending), so a mistake in
    a caller cannot write what the writer may not see. A staff-safety warning, when given, is
    recorded through the people app's action, in the same transaction.
    """
    if person.merged_into_id is not None or person.anonymised_at is not None:
        raise ValidationError("This record can no longer be changed.")
    check_may_write(person, Section.SUPPORT, by=by, agency=agency)
    if not answers:
        raise ValidationError("Answer at least one area of need or risk")
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "The date of the assessment must be today or before"})
    for domain, answer in answers.items():
        if domain not in Domain.values:
            raise ValidationError(f"Not an area of the assessment: {domain}")
        if answer.level not in Level.values:
            raise ValidationError(f"Choose a level for {Domain(domain).label.lower()}")
        if answer.uses_nps and domain != Domain.DRUGS_ALCOHOL:
            raise ValidationError("Only drugs and alcohol can record NPS use")
    for section in {DOMAIN_SECTIONS[domain] for domain in answers}:
        check_may_write(person, section, by=by, agency=agency)
    assessment = Assessment.objects.create(
        person=person,
        assessed_on=assessed_on,
        summary=summary.strip(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(
            assessment=assessment,
            domain=domain,
            level=answer.level,
            details=answer.details.strip(),
            uses_nps=answer.uses_nps,
        )
        for domain, answer in answers.items()
    )
    if staff_warning.strip():
        add_warning(person, text=staff_warning, by=by, agency=agency)
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(last_activity_at=now)
    calculate_tier(person, by=by)
    return assessment
