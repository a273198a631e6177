"""The drill-downs of the monthly return: the people an indicator counted, as far as the viewer
may know them.

Listed: the people counted whom the user may know exist (the by-name list's rule, the policy's
`knows_exists`: front-line staff whose agency signed the agreement, or whose agency recorded
the person); never restricted, anonymised or merged records. The name is shown only where the
identity section is visible to the user (`section_visible_q`, the SQL form of the policy);
otherwise "Person not shared with your agency" and the lead worker to ask. Every row shown is
recorded in the access log: the identity section for each name shown, and the contact section
for each person listed (being counted says they were seen sleeping rough).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from waypost.accounts.models import Membership, Partnership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Section
from waypost.people.access import record_listed
from waypost.people.models import Person
from waypost.sharing.policy import section_visible_q, signed_agency_ids

if TYPE_CHECKING:
    from waypost.accounts.models import User

# Who may see the people behind a figure: the street and case teams. Commissioners and admins
# see figures only.
DRILL_DOWN_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)


def _frontline(memberships: Sequence[Membership], partnership: Partnership) -> list[Membership]:
    return [
        m
        for m in memberships
        if m.role in DRILL_DOWN_ROLES and m.agency.partnership_id == partnership.pk
    ]


def counted_people(
    user: "User",
    memberships: Sequence[Membership],
    partnership: Partnership,
    ids: set[Any],
) -> QuerySet[Person]:
    """The people of `ids` the user may know exist, each annotated `shows_name`, in a stable
    order (named people by name first, then the others)."""
    mine = _frontline(memberships, partnership)
    if not mine or not ids:
        return Person.objects.none()
    signed = signed_agency_ids({m.agency_id for m in mine})
    knows = Q(recorded_by_agency_id__in=sorted({m.agency_id for m in mine}, key=str))
    if any(m.agency_id in signed for m in mine):
        knows |= Q(partnership=partnership)
    name_q = section_visible_q(
        user, mine, Section.IDENTITY, owner="recorded_by_agency_id", person="pk", signed=signed
    )
    return (
        Person.objects.filter(
            knows,
            pk__in=sorted(ids, key=str),
            partnership=partnership,
            restricted_at__isnull=True,
            anonymised_at__isnull=True,
            merged_into__isnull=True,
        )
        .annotate(shows_name=ExpressionWrapper(name_q, output_field=BooleanField()))
        .select_related("lead_worker", "recorded_by_agency")
        .order_by("-shows_name", "family_name", "given_name", "id")
    )


@dataclass
class CountedRow:
    person: Person
    shows_name: bool
    lead_worker_name: str
    agency_name: str

    @property
    def name(self) -> str:
        person = self.person
        return person.preferred_name or f"{person.given_name} {person.family_name}".strip()


def rows_for(people: Sequence[Person]) -> list[CountedRow]:
    rows = []
    for person in people:
        lead = person.lead_worker
        rows.append(
            CountedRow(
                person=person,
                shows_name=bool(person.shows_name),  # type: ignore[attr-defined]
                lead_worker_name=(lead.full_name or lead.email) if lead else "",
                agency_name=person.recorded_by_agency.name,
            )
        )
    return rows


def record_rows_shown(
    user: "User",
    rows: Sequence[CountedRow],
    *,
    memberships: Sequence[Membership],
    channel: str,
    route: str,
    subject_id: str,
) -> None:
    """The access log of one drill-down page."""
    record_listed(
        user,
        [row.person for row in rows if row.shows_name],
        channel=channel,
        route=route,
        memberships=memberships,
    )
    agencies = {m.agency_id: m.agency for m in memberships if m.role in DRILL_DOWN_ROLES}
    agency = next(iter(agencies.values())) if len(agencies) == 1 else None
    record_accesses(
        access_event(
            user,
            channel=channel,
            section=Section.CONTACT,
            subject_type="monthly_return_indicator",
            subject_id=subject_id,
            person_id=row.person.pk,
            agency=agency,
            route=route,
        )
        for row in rows
    )
