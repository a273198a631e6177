"""The doors to assessments and tiers. Every read finds the person through
waypost.people.access.find_person (404 for a person the user may not know of, or one that does
not exist), then shows only what the access policy allows:

- an assessment is support data of the agency that recorded it; each answer is also protected
  by its domain's section (DOMAIN_SECTIONS): mental health answers need the health section;
- a tier result is support data of the agency whose assessment it came from; each factor of
  its explanation is shown only when the user may see the factor's section, and the points of
  those they may not are added up as one line, so the total still adds up.

403 when the user knows of the person but their role does not include support (a referrer).
Each read records one access event per section it shows.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404

from waypost.accounts.models import Agency, Membership, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.models import DOMAIN_SECTIONS, Assessment, AssessmentAnswer, Domain, TierResult
from waypost.people.access import find_person
from waypost.people.models import Person
from waypost.sharing.policy import PersonAccess

SUPPORT = Section.SUPPORT
HISTORY_PAGE_SIZE = 20


def acting_agency(
    access: PersonAccess, memberships: Sequence[Membership], person: Person, section: Section
) -> Agency | None:
    """The agency the user reads `section` through: the one that recorded the person when the
    user works there, else the first of their agencies whose role covers it."""
    ids = access.own_agencies_for(section)
    by_id = {m.agency_id: m.agency for m in memberships}
    if person.recorded_by_agency_id in ids:
        return by_id[person.recorded_by_agency_id]
    return next((by_id[a] for a in ids if a in by_id), None)


def _person(
    user: User, person_id: UUID, memberships: Sequence[Membership]
) -> tuple[Person, PersonAccess, Agency]:
    person, access = find_person(user, person_id, memberships)
    agency = acting_agency(access, memberships, person, SUPPORT)
    if agency is None:
        raise PermissionDenied
    return person, access, agency


def _record(
    user: User,
    person: Person,
    sections: Sequence[str],
    *,
    subject_type: str,
    subject_id: Any,
    agency: Agency,
    route: str,
) -> None:
    for section in dict.fromkeys(sections):
        record_access(
            user,
            channel=Channel.PAGE,
            section=section,
            subject_type=subject_type,
            subject_id=subject_id,
            person_id=person.pk,
            agency=agency,
            route=route,
        )


# --- Assessments ------------------------------------------------------------------------------


@dataclass
class HiddenSection:
    """Domains of an assessment the user may not see, by the section that hides them."""

    section: Section
    domains: list[str]

    @property
    def label(self) -> str:
        return str(self.section.label)


@dataclass
class AssessmentRead:
    person: Person
    access: PersonAccess
    agency: Agency
    assessment: Assessment
    answers: list[AssessmentAnswer]
    hidden: list[HiddenSection] = field(default_factory=list)


def get_assessment_for_user(
    user: User,
    person_id: UUID,
    assessment_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
) -> AssessmentRead:
    """One assessment and the answers the user may see. 404 when it does not exist, is not
    this person's, or is another agency's and not shared with the user. Hidden domains are
    named by section whether or not they were answered, so nothing leaks by omission."""
    person, access, agency = _person(user, person_id, memberships)
    assessment = (
        Assessment.objects.filter(pk=assessment_id, person=person)
        .select_related("recorded_by_agency", "recorded_by")
        .first()
    )
    if assessment is None or not access.can_see(SUPPORT, assessment.recorded_by_agency_id):
        raise Http404
    owner = assessment.recorded_by_agency_id
    order = {d.value: i for i, d in enumerate(Domain)}
    answers = sorted(assessment.answers.all(), key=lambda a: order[a.domain])
    visible = [a for a in answers if access.can_see(a.record_section, owner)]
    hidden: dict[Section, list[str]] = {}
    for domain in Domain:
        section = DOMAIN_SECTIONS[domain]
        if not access.can_see(section, owner):
            hidden.setdefault(section, []).append(str(domain.label))
    _record(
        user,
        person,
        [SUPPORT, *(a.record_section for a in visible)],
        subject_type="assessment",
        subject_id=assessment.pk,
        agency=agency,
        route=route,
    )
    return AssessmentRead(
        person=person,
        access=access,
        agency=agency,
        assessment=assessment,
        answers=visible,
        hidden=[HiddenSection(s, domains) for s, domains in hidden.items()],
    )


@dataclass
class AssessmentList:
    person: Person
    access: PersonAccess
    agency: Agency
    page: "Page[Assessment]"


def list_assessments_for_user(
    user: User,
    person_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    page_number: Any = 1,
) -> AssessmentList:
    """The person's assessments the user may see (support data of their own agency, or shared
    with them), newest first, a page at a time."""
    person, access, agency = _person(user, person_id, memberships)
    assessments = access.filter_records(
        Assessment.objects.filter(person=person), SUPPORT
    ).select_related("recorded_by_agency", "recorded_by")
    page = Paginator(assessments, HISTORY_PAGE_SIZE).get_page(page_number)
    if page.object_list:
        _record(
            user,
            person,
            [SUPPORT],
            subject_type="person",
            subject_id=person.pk,
            agency=agency,
            route=route,
        )
    return AssessmentList(person=person, access=access, agency=agency, page=page)


# --- Tiers ------------------------------------------------------------------------------------


@dataclass
class TierExplanation:
    """A tier result's factors as one user may see them."""

    result: TierResult
    factors: list[dict[str, Any]]
    hidden_points: int
    hidden_count: int

    @property
    def shown_points(self) -> int:
        return sum(int(f["points"]) for f in self.factors)


def explain(result: TierResult, access: PersonAccess) -> TierExplanation:
    """The factors the user may see, and the sum of those they may not."""
    owner = result.recorded_by_agency_id
    shown, hidden_points, hidden_count = [], 0, 0
    for factor in result.explanation:
        if access.can_see(factor["section"], owner):
            shown.append(factor)
        else:
            hidden_points += int(factor["points"])
            hidden_count += 1
    return TierExplanation(result, shown, hidden_points, hidden_count)


@dataclass
class TierRead:
    person: Person
    access: PersonAccess
    agency: Agency
    # The newest result, and whether the user may see it (another agency's, not shared).
    current: TierResult | None
    current_visible: bool
    explanation: TierExplanation | None
    history: "Page[TierResult]"


def get_tier_for_user(
    user: User,
    person_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    page_number: Any = 1,
) -> TierRead:
    """The person's current tier with why, and the tier history the user may see, across model
    versions. Records support, plus each section whose factors are shown."""
    person, access, agency = _person(user, person_id, memberships)
    results = TierResult.objects.filter(person=person).select_related(
        "model", "assessment", "recorded_by_agency"
    )
    current = results.order_by("-calculated_at", "-id").first()
    current_visible = current is not None and access.can_see(SUPPORT, current.recorded_by_agency_id)
    explanation = explain(current, access) if current is not None and current_visible else None
    history = Paginator(
        access.filter_records(results, SUPPORT).order_by("-calculated_at", "-id"),
        HISTORY_PAGE_SIZE,
    ).get_page(page_number)
    if current_visible or history.object_list:
        sections: list[str] = [SUPPORT]
        if explanation is not None:
            sections += [f["section"] for f in explanation.factors]
        _record(
            user,
            person,
            sections,
            subject_type="person",
            subject_id=person.pk,
            agency=agency,
            route=route,
        )
    return TierRead(
        person=person,
        access=access,
        agency=agency,
        current=current,
        current_visible=current_visible,
        explanation=explanation,
        history=history,
    )
