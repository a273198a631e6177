"""The doors to death notifications and reviews (the safeguarding section).

**Notifying a death.** Any front-line member of staff (coordinator, caseworker, outreach worker,
referrer) who knows of the person: every front-line role covers safeguarding.

**A review.** A review belongs to the agency leading it (`reviewed_by_agency`: the agency of
the partnership's rough sleeper coordinators when it was opened). Under the access policy its
staff always see it, as their own agency's record; other agencies' staff see it when the
person's sharing permission covers safeguarding for their agency (or a break-glass). Of those:

- **coordinators** of the person's partnership read and edit it;
- **front-line staff of the agencies involved** (ticked on the review) read it;
- nobody else: 404, as for a review that does not exist.

The first report (the notification) is shown on the review only where the policy lets the
user see the notifying agency's safeguarding records.

**The learning summaries** are written with nothing identifying, for the partnership board:
coordinators, commissioners and partnership admins of the partnership read the published ones.

Every read of a review is recorded in the access log (section safeguarding, subject
"death_review").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.models import DeathNotification, DeathReview, ReviewStatus
from waypost.people.matching.visibility import access_for_many
from waypost.people.models import Person
from waypost.sharing.policy import FRONTLINE_ROLES, PersonAccess, access_for

SECTION = Section.SAFEGUARDING
# Who reads the published learning summaries: the partnership board's members in Waypost.
LEARNING_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)


def coordinator_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role == Role.COORDINATOR}


def frontline_agency_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency_id for m in memberships if m.role in FRONTLINE_ROLES}


def lead_agency_for(partnership_id: Any, fallback: Agency) -> Agency:
    """The agency that leads a new review: the first (by name) with an active rough sleeper
    coordinator in the partnership, else `fallback` (the notifying agency)."""
    membership = (
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, agency__partnership_id=partnership_id)
        .select_related("agency")
        .order_by("agency__name")
        .first()
    )
    return membership.agency if membership else fallback


def decide_review(
    access: PersonAccess,
    memberships: Sequence[Membership],
    person: Person,
    review: DeathReview,
    involved_ids: Iterable[Any],
) -> tuple[bool, bool]:
    """(may view, may edit) one review, on facts already read (see the module docstring)."""
    if not access.can_see(SECTION, review.reviewed_by_agency_id):
        return False, False
    here = [m for m in memberships if m.agency.partnership_id == person.partnership_id]
    is_coordinator = any(m.role == Role.COORDINATOR for m in here)
    involved = set(involved_ids)
    is_involved = any(m.role in FRONTLINE_ROLES and m.agency_id in involved for m in here)
    return is_coordinator or is_involved, is_coordinator


def acting_agency(memberships: Sequence[Membership], person: Person) -> Agency | None:
    """The user's agency for this person: a coordinator's agency first, then any front-line."""
    here = sorted(
        (
            m
            for m in memberships
            if m.agency.partnership_id == person.partnership_id and m.role in FRONTLINE_ROLES
        ),
        key=lambda m: (m.role != Role.COORDINATOR, m.agency.name),
    )
    return here[0].agency if here else None


@dataclass
class ReviewRead:
    """One review as the user may see it."""

    review: DeathReview
    notification: DeathNotification
    person: Person
    access: PersonAccess
    agency: Agency | None
    can_edit: bool
    shows_notification: bool
    shows_name: bool

    @property
    def is_open(self) -> bool:
        return self.review.status == ReviewStatus.OPEN


def get_review_for_user(
    user: User,
    review_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    edit: bool = False,
    channel: str = Channel.PAGE,
) -> ReviewRead:
    """One death review the user may see (and, with `edit`, change); 404 otherwise, whether it
    exists or not. Records the read of the review, of the notification when shown, and of the
    person's identity when shown."""
    review = (
        DeathReview.objects.filter(
            pk=review_id,
            notification__person__merged_into__isnull=True,
            notification__person__anonymised_at__isnull=True,
        )
        .select_related(
            "notification__person__recorded_by_agency",
            "notification__recorded_by_agency",
            "reviewed_by_agency",
            "reviewed_by",
        )
        .first()
    )
    if review is None:
        raise Http404
    notification = review.notification
    person = notification.person
    access = access_for(user, person, memberships)
    if not access.knows_exists:
        raise Http404
    involved = list(review.agencies_involved.values_list("id", flat=True))
    may_view, may_edit = decide_review(access, memberships, person, review, involved)
    if not may_view or (edit and not may_edit):
        raise Http404
    agency = acting_agency(memberships, person)
    read = ReviewRead(
        review=review,
        notification=notification,
        person=person,
        access=access,
        agency=agency,
        can_edit=may_edit,
        shows_notification=access.can_see(SECTION, notification.recorded_by_agency_id),
        shows_name=access.can_see(Section.IDENTITY, person.recorded_by_agency_id),
    )
    _record(user, review, person, agency=agency, route=route, channel=channel)
    if read.shows_notification:
        _record(
            user, notification, person, agency=agency, route=route, channel=channel,
            subject_type="death_notification",
        )  # fmt: skip
    if read.shows_name:
        _record(
            user, person, person, agency=agency, route=route, channel=channel,
            section=Section.IDENTITY, subject_type="person",
        )  # fmt: skip
    return read


@dataclass
class ReviewRow:
    review: DeathReview
    name: str


def reviews_for_user(user: User, memberships: Sequence[Membership]) -> list[ReviewRow]:
    """Every review the user may see, open ones first then newest, with the person's name where
    the user may see it. Reads the candidates (their partnership's as a coordinator, their
    agencies' as involved staff) and decides in bulk; deaths are few enough to decide all."""
    coordinating = coordinator_partnership_ids(memberships)
    agencies = frontline_agency_ids(memberships)
    if not coordinating and not agencies:
        return []
    candidates = list(
        DeathReview.objects.filter(
            Q(notification__person__partnership_id__in=coordinating)
            | Q(agencies_involved__in=agencies),
            notification__person__merged_into__isnull=True,
            notification__person__anonymised_at__isnull=True,
            notification__person__restricted_at__isnull=True,
        )
        .distinct()
        .select_related("notification__person", "notification__recorded_by_agency")
        .prefetch_related("agencies_involved")
        .order_by("-opened_at", "id")
    )
    people = {r.notification.person_id: r.notification.person for r in candidates}
    accesses = access_for_many(user, people.values(), memberships)
    rows = []
    for review in candidates:
        person = review.notification.person
        access = accesses[person.pk]
        involved = [a.pk for a in review.agencies_involved.all()]
        may_view, _ = decide_review(access, memberships, person, review, involved)
        if not may_view:
            continue
        shows_name = access.can_see(Section.IDENTITY, person.recorded_by_agency_id)
        rows.append(ReviewRow(review=review, name=person.display_name if shows_name else ""))
    rows.sort(key=lambda row: row.review.status != ReviewStatus.OPEN)  # stable: newest first
    return rows


def record_reviews_listed(
    user: User,
    rows: Iterable[ReviewRow],
    memberships: Sequence[Membership],
    *,
    route: str,
) -> None:
    """Record that these reviews (and the names shown with them) were listed."""
    for row in rows:
        person = row.review.notification.person
        agency = acting_agency(memberships, person)
        _record(user, row.review, person, agency=agency, route=route, channel=Channel.PAGE)
        if row.name:
            _record(
                user, person, person, agency=agency, route=route, channel=Channel.PAGE,
                section=Section.IDENTITY, subject_type="person",
            )  # fmt: skip


def coordinators_to_tell(person: Person, review: DeathReview) -> list[User]:
    """The partnership's coordinators who may open the review (the notifications' link would
    be a dead end for the others)."""
    users = {
        m.user_id: m.user
        for m in Membership.objects.active()
        .filter(role=Role.COORDINATOR, agency__partnership_id=person.partnership_id)
        .select_related("user")
    }
    return [
        user
        for user in users.values()
        if access_for(user, person).can_see(SECTION, review.reviewed_by_agency_id)
    ]


def _record(
    user: User,
    subject: Any,
    person: Person,
    *,
    agency: Agency | None,
    route: str,
    channel: str,
    section: str = SECTION,
    subject_type: str = "death_review",
) -> None:
    record_access(
        user,
        channel=channel,
        section=section,
        subject_type=subject_type,
        subject_id=subject.pk,
        person_id=person.pk,
        agency=agency,
        route=route,
    )
