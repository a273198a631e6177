"""The doors to street counts. Who may do what, in the partnership the count belongs to:

- **outreach workers and coordinators** record counts and monthly figures and see the people
  counted (each row is contact and location data about someone seen on the street). A linked
  person's name shows only when the access policy lets the user see that person's identity;
- **coordinators** submit an annual snapshot, which locks it;
- **commissioners and partnership admins** see the figures (totals, breakdowns, the monthly
  table, the return as CSV), never a row about a person.

A count in another partnership answers 404, whether it exists or not. Every row shown is
recorded in the access log (subject "counted_person", section contact and location), and every
name shown as an identity read of that person. Figures are aggregates: no access event.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Partnership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.outreach.models import CountedPerson, CountKind, StreetCount
from waypost.people.access import record_listed
from waypost.people.models import Person
from waypost.sharing.policy import identity_visible_q

COUNTING_ROLES = (Role.OUTREACH_WORKER, Role.COORDINATOR)
FIGURES_ROLES = (*COUNTING_ROLES, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
SUBMITTING_ROLES = (Role.COORDINATOR,)
ROW_SECTION = Section.CONTACT


def partnerships_for(memberships: Sequence[Membership], roles: Sequence[str]) -> list[Partnership]:
    """The partnerships where the user holds one of `roles`, in membership order."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in roles:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return list(found.values())


def holds(memberships: Sequence[Membership], partnership_id: Any, roles: Sequence[str]) -> bool:
    return any(m.agency.partnership_id == partnership_id and m.role in roles for m in memberships)


def counting_agency(memberships: Sequence[Membership], partnership_id: Any) -> Agency | None:
    """The agency the user counts for in the partnership: their outreach agency first."""
    mine = [
        m
        for m in memberships
        if m.agency.partnership_id == partnership_id and m.role in COUNTING_ROLES
    ]
    mine.sort(key=lambda m: m.role != Role.OUTREACH_WORKER)
    return mine[0].agency if mine else None


def choose_partnership(
    memberships: Sequence[Membership], slug: str | None, roles: Sequence[str]
) -> Partnership:
    """The partnership named by `slug` (or the user's first) where the user holds one of
    `roles`; 404 for any other."""
    partnerships = partnerships_for(memberships, roles)
    if not partnerships:
        raise Http404
    if not slug:
        return partnerships[0]
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership
    raise Http404


@dataclass(frozen=True)
class CountRead:
    count: StreetCount
    # Records and sees the people counted (outreach workers and coordinators there).
    may_record: bool
    may_submit: bool
    agency: Agency | None

    @property
    def is_locked(self) -> bool:
        return self.count.submitted_at is not None


def get_count_for_user(
    memberships: Sequence[Membership],
    count_id: UUID,
    *,
    kind: str = CountKind.ANNUAL,
    roles: Sequence[str] = FIGURES_ROLES,
) -> CountRead:
    """One count of `kind` in a partnership where the user holds one of `roles`; 404
    otherwise. Reads no person data, so records nothing: the rows are read separately."""
    partnership_ids = [p.pk for p in partnerships_for(memberships, roles)]
    count = (
        StreetCount.objects.filter(pk=count_id, kind=kind, partnership_id__in=partnership_ids)
        .select_related("partnership", "recorded_by_agency")
        .first()
    )
    if count is None:
        raise Http404
    return CountRead(
        count=count,
        may_record=holds(memberships, count.partnership_id, COUNTING_ROLES),
        may_submit=holds(memberships, count.partnership_id, SUBMITTING_ROLES),
        agency=counting_agency(memberships, count.partnership_id),
    )


def counts_for(partnership: Partnership) -> QuerySet[StreetCount]:
    """The partnership's counts and monthly figures, newest night first."""
    return StreetCount.objects.filter(partnership=partnership).order_by("-night", "kind")


@dataclass
class RowView:
    """One person counted, as the user may see it: the linked person's name only when the
    user may see their identity."""

    row: CountedPerson
    person: Person | None = None

    @property
    def is_linked(self) -> bool:
        return self.row.person_id is not None

    @property
    def name(self) -> str:
        return self.person.display_name if self.person is not None else ""


def visible_people(
    user: User, memberships: Sequence[Membership], person_ids: Sequence[Any]
) -> dict[Any, Person]:
    """The people among `person_ids` whose identity the user may see (live, unrestricted)."""
    ids = [pk for pk in person_ids if pk is not None]
    if not ids:
        return {}
    people = Person.objects.live().unrestricted().filter(identity_visible_q(user, memberships))
    return {p.pk: p for p in people.filter(pk__in=ids)}


def rows_for_user(
    user: User,
    read: CountRead,
    rows: Sequence[CountedPerson],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> list[RowView]:
    """The rows as the user may see them. Only for those who may record the count; records
    one access event per row and an identity read per name shown."""
    if not read.may_record:
        raise Http404
    people = visible_people(user, memberships, [r.person_id for r in rows])
    views = [RowView(row=r, person=people.get(r.person_id)) for r in rows]
    for view in views:
        record_access(
            user,
            channel=channel,
            section=ROW_SECTION,
            subject_type="counted_person",
            subject_id=view.row.pk,
            person_id=view.row.person_id,
            agency=read.agency,
            route=route,
        )
    shown = [view.person for view in views if view.person is not None]
    if shown:
        record_listed(user, shown, channel=channel, route=route, memberships=memberships)
    return views


def get_row_for_user(
    user: User,
    read: CountRead,
    row_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
) -> RowView:
    """One person counted in the count, as the user may see it; 404 otherwise. Recorded."""
    if not read.may_record:
        raise Http404
    row = CountedPerson.objects.filter(pk=row_id, count=read.count).select_related("place").first()
    if row is None:
        raise Http404
    return rows_for_user(user, read, [row], memberships, route=route)[0]
