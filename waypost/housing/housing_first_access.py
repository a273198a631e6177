"""The doors to Housing First cases (the housing history section of a person's record).

**Who refers.** Coordinators, caseworkers and outreach workers who may add to the person's
housing history (waypost.people.access.get_person_for_section_write).

**Who moves a case on.** Coordinators and caseworkers in the person's partnership who can see
the case; the panel's decision is recorded by coordinators only (they sit on the panel).

**Who reads.** Staff whose role covers housing history (coordinators, caseworkers, outreach
workers, accommodation providers), through the access policy: a case is one record, recorded by
the agency that referred, so the case, its stage history and its property follow that agency's
row (waypost.people.section_rows.by_section). Names only where the identity section is visible.
The pipeline's figures are aggregate and are also shown to commissioners and partnership
admins, who see no names and no list.

404 for a case or person that does not exist, is in another partnership, or that the user may
not see. Every read is in the access log: the housing history section for each case shown
(subject "housing_first_case") and identity for each name shown.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.housing.housing_first_figures import OPEN_STAGES
from waypost.housing.models import (
    AgreementKind,
    HousingFirstCase,
    HousingFirstStage,
    HousingSettings,
    LandlordAgreement,
    PanelDecision,
    Property,
)
from waypost.people.access import (
    PersonMoved,
    PersonWrite,
    find_person,
    get_person_for_section_write,
)
from waypost.people.models import Person
from waypost.people.section_rows import acting_agency, shows_name
from waypost.sharing.policy import (
    ROLE_SECTIONS,
    PersonAccess,
    section_visible_q,
    signed_agency_ids,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

SECTION = Section.HOUSING_HISTORY
READ_ROLES = tuple(role for role, sections in ROLE_SECTIONS.items() if SECTION in sections)
REFER_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)
MOVE_ROLES = (Role.COORDINATOR, Role.CASEWORKER)
PANEL_ROLES = (Role.COORDINATOR,)
FIGURES_ROLES = (Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
PIPELINE_ROLES = (*READ_ROLES, *FIGURES_ROLES)
SETTINGS_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
SUBJECT = "housing_first_case"

# The step each case waits for, by its stage (a deferred panel waits for the panel again).
STEP_FOR_STAGE = {
    HousingFirstStage.REFERRED: "eligibility",
    HousingFirstStage.ELIGIBILITY: "panel",
    HousingFirstStage.PANEL: "offer",
    HousingFirstStage.OFFER: "tenancy",
}


def next_step(case: HousingFirstCase) -> str:
    """ "eligibility", "panel", "offer", "tenancy", or "" once housed or closed."""
    if case.stage == HousingFirstStage.PANEL and case.panel_decision != PanelDecision.APPROVED:
        return "panel"
    return STEP_FOR_STAGE.get(HousingFirstStage(case.stage), "")


# --- Who, where ----------------------------------------------------------------------------------


def _with_roles(memberships: Sequence[Membership], roles: Iterable[str]) -> list[Membership]:
    wanted = set(roles)
    return [m for m in memberships if m.role in wanted]


def partnerships_for(memberships: Sequence[Membership], roles: Iterable[str]) -> list[Partnership]:
    """The partnerships where the user holds one of `roles`, in membership order."""
    found: dict[Any, Partnership] = {}
    for m in _with_roles(memberships, roles):
        found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return list(found.values())


def sees_cases_in(memberships: Sequence[Membership], partnership_id: Any) -> bool:
    """Whether the user's roles in the partnership cover housing history (the list, names);
    otherwise they see only the figures."""
    return any(
        m.agency.partnership_id == partnership_id for m in _with_roles(memberships, READ_ROLES)
    )


def housing_settings_for(partnership: Partnership) -> HousingSettings:
    """The partnership's housing settings: the saved row, or the defaults (unsaved) until
    someone changes them."""
    found = HousingSettings.objects.filter(partnership=partnership).first()
    return found or HousingSettings(partnership=partnership)


# --- Referring -----------------------------------------------------------------------------------


def get_person_for_referral(
    user: "User", person_id: UUID, memberships: Sequence[Membership]
) -> PersonWrite:
    """The person and the agency the referral will carry. 403 unless the user is a
    coordinator, caseworker or outreach worker who may add to the person's housing history;
    404 when the person does not exist, the user may not know of them, or their processing is
    restricted; PersonMoved for a merged record."""
    mine = _with_roles(memberships, REFER_ROLES)
    if not mine:
        raise PermissionDenied
    write = get_person_for_section_write(user, person_id, SECTION, mine)
    if write.person.restricted_at is not None:
        raise Http404
    return write


def open_case_for(person: Person) -> HousingFirstCase | None:
    """The person's case that is still open: in progress, or at its tenancy while that
    tenancy lasts. A case whose tenancy ended is done, and the person may be referred again."""
    return (
        HousingFirstCase.objects.filter(person=person)
        .exclude(stage=HousingFirstStage.CLOSED)
        .exclude(stage=HousingFirstStage.TENANCY, tenancy__ended_on__isnull=False)
        .select_related("recorded_by_agency")
        .order_by("-stage_since")
        .first()
    )


# --- One case ------------------------------------------------------------------------------------


@dataclass
class CaseRead:
    """A case as the user may see it, and what they may do with it."""

    case: HousingFirstCase
    access: PersonAccess
    name: str  # empty when the user may not see who the person is
    agency: Agency | None  # who the user acts for, in the access log
    mover: Agency | None  # the agency a coordinator or caseworker moves the case for
    panel: Agency | None  # the agency a coordinator records the panel decision for
    shows_tenancy: bool  # the tenancy row is visible too

    @property
    def person(self) -> Person:
        return self.case.person

    @property
    def step(self) -> str:
        return next_step(self.case)

    def acting_for(self, step: str) -> Agency | None:
        """The agency the user takes `step` for, or None when they may not take it."""
        if step == "panel":
            return self.panel
        return self.mover


def _agency_for(
    memberships: Sequence[Membership],
    roles: Iterable[str],
    person: Person,
    access: PersonAccess,
    prefer: Any,
) -> Agency | None:
    """The user's agency holding one of `roles` in the person's partnership whose role covers
    housing history: `prefer` when they work there, else the first by name."""
    covering = set(access.own_agencies_for(SECTION))
    candidates = sorted(
        (
            m.agency
            for m in _with_roles(memberships, roles)
            if m.agency.partnership_id == person.partnership_id and m.agency_id in covering
        ),
        key=lambda a: a.name,
    )
    for agency in candidates:
        if agency.pk == prefer:
            return agency
    return candidates[0] if candidates else None


def get_case_for_user(
    user: "User",
    case_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> CaseRead:
    """The case, when the user may see it; else 404 (whether it is missing, in another
    partnership, about someone they may not know of, or not shared with them). Records the
    housing history read, and the identity read when the name is shown."""
    case = (
        HousingFirstCase.objects.filter(pk=case_id)
        .select_related(
            "person__recorded_by_agency",
            "recorded_by_agency",
            "property__landlord",
            "tenancy__floating_support_agency",
        )
        .first()
    )
    if case is None:
        raise Http404
    mine = _with_roles(memberships, READ_ROLES)
    try:
        person, access = find_person(user, case.person_id, mine)
    except PersonMoved:  # a merge moves cases to the record kept: this cannot last
        raise Http404 from None
    if not access.can_see(SECTION, case.recorded_by_agency_id):
        raise Http404
    case.person = person
    name = person.display_name if shows_name(access, person) else ""
    agency = acting_agency(mine, person, prefer=case.recorded_by_agency_id)
    events = [_event(user, case, SECTION, agency, channel, route)]
    if name:
        events.append(_event(user, case, Section.IDENTITY, agency, channel, route))
    record_accesses(events)
    tenancy = case.tenancy
    return CaseRead(
        case=case,
        access=access,
        name=name,
        agency=agency,
        mover=_agency_for(mine, MOVE_ROLES, person, access, case.recorded_by_agency_id),
        panel=_agency_for(mine, PANEL_ROLES, person, access, case.recorded_by_agency_id),
        shows_tenancy=tenancy is not None
        and access.can_see(SECTION, tenancy.recorded_by_agency_id),
    )


def _event(
    user: "User",
    case: HousingFirstCase,
    section: str,
    agency: Agency | None,
    channel: str,
    route: str,
) -> AccessEvent:
    return access_event(
        user,
        channel=channel,
        section=section,
        subject_type=SUBJECT if section == SECTION else "person",
        subject_id=case.pk if section == SECTION else case.person_id,
        person_id=case.person_id,
        agency=agency,
        route=route,
    )


def offerable_properties(case: HousingFirstCase) -> QuerySet[Property]:
    """Homes free to offer in the case's partnership, not offered to another open case, each
    with `has_housing_first_agreement` (its landlord's agreement in date): those first."""
    today = timezone.localdate()
    agreement = LandlordAgreement.objects.filter(
        landlord_id=OuterRef("landlord_id"), kind=AgreementKind.HOUSING_FIRST
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), agreed_on__lte=today)
    return (
        Property.objects.filter(partnership_id=case.partnership_id, is_available=True)
        .exclude(pk__in=offered_elsewhere(case))
        .select_related("landlord")
        .annotate(has_housing_first_agreement=Exists(agreement))
        .order_by("-has_housing_first_agreement", "address", "pk")
    )


def offered_elsewhere(case: HousingFirstCase) -> QuerySet[HousingFirstCase]:
    """Property ids offered to the partnership's other cases still at the offer stage."""
    return (
        HousingFirstCase.objects.filter(
            partnership_id=case.partnership_id,
            stage=HousingFirstStage.OFFER,
            property__isnull=False,
        )
        .exclude(pk=case.pk)
        .values("property_id")
    )


def has_housing_first_agreement(home: Property) -> bool:
    today = timezone.localdate()
    return (
        LandlordAgreement.objects.filter(
            landlord_id=home.landlord_id, kind=AgreementKind.HOUSING_FIRST, agreed_on__lte=today
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    )


# --- The pipeline list ---------------------------------------------------------------------------

# Cases in pipeline order: the stage furthest from a home first, longest waiting first.
STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(number)) for number, stage in enumerate(OPEN_STAGES)),
    default=Value(len(OPEN_STAGES)),
    output_field=IntegerField(),
)


def open_cases(
    user: "User",
    memberships: Sequence[Membership],
    partnership: Partnership,
    *,
    stage: str = "",
) -> QuerySet[HousingFirstCase]:
    """The partnership's open cases (before a tenancy) whose housing history the user may see,
    of people who may appear in a list, in pipeline order; one query, each row annotated with
    `name_visible`. `stage` narrows it to one stage."""
    mine = [
        m for m in _with_roles(memberships, READ_ROLES) if m.agency.partnership_id == partnership.pk
    ]
    if not mine:
        return HousingFirstCase.objects.none()
    signed = signed_agency_ids({m.agency_id for m in mine})
    cases_q = section_visible_q(user, mine, SECTION, signed=signed)
    names_q = section_visible_q(user, mine, Section.IDENTITY, person="pk", signed=signed)
    names = Person.objects.filter(names_q, pk=OuterRef("person_id"))
    stages = [stage] if stage in OPEN_STAGES else list(OPEN_STAGES)
    return (
        HousingFirstCase.objects.filter(partnership=partnership, stage__in=stages)
        .filter(
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
            person__restricted_at__isnull=True,
        )
        .filter(cases_q)
        .select_related("person")
        .annotate(name_visible=Exists(names), stage_order=STAGE_ORDER)
        .order_by("stage_order", "stage_since", "pk")
    )


def record_cases_listed(
    user: "User",
    cases: Iterable[HousingFirstCase],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """One insert: the housing history read for each case listed, identity for each name."""
    events = []
    for case in cases:
        agency = acting_agency(memberships, case.person, prefer=case.recorded_by_agency_id)
        events.append(_event(user, case, SECTION, agency, channel, route))
        if getattr(case, "name_visible", False):
            events.append(_event(user, case, Section.IDENTITY, agency, channel, route))
    record_accesses(events)


# --- For the person page -------------------------------------------------------------------------


@dataclass(frozen=True)
class HousingFirstLink:
    text: str
    href: str


def housing_first_link(
    person: Person, access: PersonAccess, memberships: Sequence[Membership]
) -> HousingFirstLink | None:
    """The person page's Housing First link (one query): their open case when the user may see
    it, else "Refer to Housing First" when the user may refer them, else None."""
    case = open_case_for(person)
    if case is not None:
        sees = any(
            m.agency.partnership_id == person.partnership_id
            for m in _with_roles(memberships, READ_ROLES)
        ) and access.can_see(SECTION, case.recorded_by_agency_id)
        if sees:
            return HousingFirstLink(
                "Housing First case", reverse("housing:hf_case", args=[case.pk])
            )
        return None
    refers = any(
        m.agency.partnership_id == person.partnership_id
        for m in _with_roles(memberships, REFER_ROLES)
    ) and bool(access.own_agencies_for(SECTION))
    if refers and person.restricted_at is None:
        return HousingFirstLink(
            "Refer to Housing First", reverse("housing:hf_refer", args=[person.pk])
        )
    return None
