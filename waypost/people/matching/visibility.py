"""The access policy for many people at once, for search and matching.

`access_for_many` reads the facts for many people in three or four queries (instead of four
per person) and applies the one copy of the rules, `waypost.sharing.policy.decide`.
tests/test_match_visibility.py checks it agrees with `access_for` on every combination of
agreement, permission, break-glass and role.
"""

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import FilteredRelation, Q

from waypost.accounts.models import Membership
from waypost.audit.models import Section
from waypost.people.models import Person
from waypost.sharing.models import PERMITS_SHARING, BreakGlass, SharingPermission
from waypost.sharing.policy import ROLE_SECTIONS, PersonAccess, decide, signed_agency_ids

if TYPE_CHECKING:
    from waypost.accounts.models import User


def access_for_many(
    user: "User",
    people: Iterable[Person],
    memberships: Sequence[Membership],
    *,
    sections: Collection[Section] | None = None,
) -> dict[Any, PersonAccess]:
    """What `user` may see of each person, keyed by person id (see module docstring).

    With `sections`, only those sections' sharing is worked out (the others read as not
    shared): matching needs identity and offending only, and reads less.
    """
    people = list(people)
    frontline = [m for m in memberships if ROLE_SECTIONS.get(m.role)]
    signed = signed_agency_ids({m.agency_id for m in frontline}) if frontline else set()
    signed_partnerships = {m.agency.partnership_id for m in frontline if m.agency_id in signed}
    asking = [p.pk for p in people if p.partnership_id in signed_partnerships]
    permissions = _permissions(asking, sections)
    glass: dict[Any, list[tuple[Any, Any]]] = {}
    if asking:
        for glass_id, agency_id, person_id in (
            BreakGlass.objects.active()
            .filter(user=user, person_id__in=asking, agency_id__in=signed)
            .values_list("id", "agency_id", "person_id")
        ):
            glass.setdefault(person_id, []).append((glass_id, agency_id))
    return {
        p.pk: decide(
            p,
            [m for m in frontline if m.agency.partnership_id == p.partnership_id],
            signed,
            permissions.get(p.pk),
            glass.get(p.pk, []),
        )
        for p in people
    }


def _permissions(
    person_ids: list[Any], sections: Collection[Section] | None
) -> dict[Any, dict[str, Any]]:
    if not person_ids:
        return {}
    # One row per permitted section (a permission with none gives one row with None).
    permissions_qs = SharingPermission.objects.filter(
        person_id__in=person_ids, is_current=True, status__in=PERMITS_SHARING
    )
    section_q = Q(sections__section__in=list(sections)) if sections is not None else Q()
    rows = list(
        permissions_qs.annotate(
            section=FilteredRelation("sections", condition=section_q)
        ).values_list("id", "person_id", "all_agencies", "section__section")
    )
    permissions: dict[Any, dict[str, Any]] = {}
    for permission_id, person_id, all_agencies, section in rows:
        entry = permissions.setdefault(
            person_id,
            {
                "id": permission_id,
                "all_agencies": all_agencies,
                "sections": set(),
                "agencies": set(),
            },
        )
        if section is not None:
            entry["sections"].add(Section(section))
    named = [p["id"] for p in permissions.values() if not p["all_agencies"]]
    if named:
        by_permission = {p["id"]: p for p in permissions.values()}
        through = SharingPermission.agencies.through
        for permission_id, agency_id in through.objects.filter(
            sharingpermission_id__in=named
        ).values_list("sharingpermission_id", "agency_id"):
            by_permission[permission_id]["agencies"].add(agency_id)
    for entry in permissions.values():
        entry["sections"] = frozenset(entry["sections"])
    return permissions
