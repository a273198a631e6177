"""The doors for merging: the two records to compare, one merge, a person's merges.

Like waypost.people.access, each answers 404 both for a record that does not exist and for one
the user may not see, and records an access event for every person whose data it returns. Only
coordinators and caseworkers who can see both records' identity get through
(waypost.people.merging.MERGING_ROLES), and they see only the fields they may see on both.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from waypost.accounts.models import Agency, Membership
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.people.access import find_person
from waypost.people.merging import (
    FIELD_GROUPS,
    FieldGroup,
    merging_memberships,
    sees_group,
    sees_identity,
)
from waypost.people.models import Merge, Person
from waypost.sharing.policy import PersonAccess, access_for

if TYPE_CHECKING:
    from waypost.accounts.models import User


@dataclass
class MergePair:
    """Two records the user may merge, and the field groups they may see on both."""

    first: Person
    second: Person
    first_access: PersonAccess
    second_access: PersonAccess
    groups: list[FieldGroup] = field(default_factory=list)


@dataclass
class MergeRead:
    merge: Merge
    groups: list[FieldGroup]


@dataclass
class MergeListed:
    merge: Merge
    other: Person
    shows_other: bool


def _agency_for(memberships: Sequence[Membership], person: Person) -> Agency | None:
    """The agency the user reads through: the recording agency if theirs, else their only
    agency in the partnership (as waypost.people.access does)."""
    mine = {m.agency_id: m.agency for m in memberships}
    if person.recorded_by_agency_id in mine:
        return mine[person.recorded_by_agency_id]
    here = [a for a in mine.values() if a.partnership_id == person.partnership_id]
    return here[0] if len(here) == 1 else None


def _record(
    user: "User",
    memberships: Sequence[Membership],
    person: Person,
    sections: set[Section],
    *,
    route: str,
) -> None:
    for section in sorted(sections):
        record_access(
            user,
            channel=Channel.PAGE,
            section=section,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=_agency_for(memberships, person),
            route=route,
        )


def _shared_groups(a: Person, a_access: PersonAccess, b: Person, b_access: PersonAccess) -> list:
    return [g for g in FIELD_GROUPS if sees_group(a_access, a, g) and sees_group(b_access, b, g)]


def get_people_to_merge(
    user: "User",
    first_id: UUID,
    second_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str = "",
) -> MergePair:
    """The two records, when `user` may merge them: a coordinator or caseworker who sees both
    records' identity, both in one partnership. 404 otherwise; PersonMoved (from find_person)
    when either has already been merged. Records an access event for each section shown of
    each record."""
    mine = merging_memberships(memberships)
    if not mine or first_id == second_id:
        raise Http404
    first, first_access = find_person(user, first_id, mine)
    second, second_access = find_person(user, second_id, mine)
    if first.partnership_id != second.partnership_id:
        raise Http404
    if not (sees_identity(first_access, first) and sees_identity(second_access, second)):
        raise Http404
    groups = _shared_groups(first, first_access, second, second_access)
    for person in (first, second):
        _record(user, mine, person, {g.section for g in groups}, route=route)
    return MergePair(first, second, first_access, second_access, groups)


def _visible_person(
    user: "User", person: Person, memberships: Sequence[Membership]
) -> PersonAccess | None:
    if person.anonymised_at is not None:
        return None
    access = access_for(user, person, memberships)
    if not access.knows_exists or not sees_identity(access, person):
        return None
    return access


def get_merge_for_user(
    user: "User", merge_id: UUID, memberships: Sequence[Membership], *, route: str = ""
) -> MergeRead:
    """One merge, when `user` may merge both of its records (so may also undo it). 404
    otherwise. Records an access event for each section shown of each record."""
    mine = merging_memberships(memberships)
    merge = (
        Merge.objects.filter(pk=merge_id)
        .select_related("kept__lead_worker", "merged__lead_worker", "merged_by", "undone_by")
        .first()
    )
    if not mine or merge is None:
        raise Http404
    kept_access = _visible_person(user, merge.kept, mine)
    merged_access = _visible_person(user, merge.merged, mine)
    if kept_access is None or merged_access is None:
        raise Http404
    if merge.kept.partnership_id != merge.merged.partnership_id:
        raise Http404
    groups = _shared_groups(merge.kept, kept_access, merge.merged, merged_access)
    for person in (merge.kept, merge.merged):
        _record(user, mine, person, {g.section for g in groups}, route=route)
    return MergeRead(merge=merge, groups=groups)


def merges_for_person(
    user: "User",
    person_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str = "",
    limit: int = 100,
) -> tuple[Person, list[MergeListed]]:
    """A person's merges, newest first, both those into the record and the one that merged it
    away (a merged record is found here, not redirected, so its merge can be undone). 404
    unless `user` may merge and sees the person's identity. The other record of each merge is
    named only when the user sees its identity too. Records an identity access event for each
    person named."""
    mine = merging_memberships(memberships)
    person = Person.objects.filter(pk=person_id).first()
    if not mine or person is None or _visible_person(user, person, mine) is None:
        raise Http404
    merges = list(
        Merge.objects.filter(Q(kept=person) | Q(merged=person)).select_related(
            "kept", "merged", "merged_by", "undone_by"
        )[:limit]
    )
    listed = []
    named = [person]
    for merge in merges:
        other = merge.merged if merge.kept_id == person.pk else merge.kept
        shows = _visible_person(user, other, mine) is not None
        listed.append(MergeListed(merge=merge, other=other, shows_other=shows))
        if shows:
            named.append(other)
    for shown in {p.pk: p for p in named}.values():
        _record(user, mine, shown, {Section.IDENTITY}, route=route)
    return person, listed
