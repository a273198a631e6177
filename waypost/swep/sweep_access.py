"""Reading the SWEP sweep: which activations a user may work on, the nights of an activation,
the "anticipated list" of people to look for, what of each row the user may see, and the
free beds that suit someone.

Who: coordinators, caseworkers and outreach workers of the activation's partnership
(SWEEP_ROLES) work the sweep; the end-of-activation report adds commissioners and partnership
admins (REPORT_ROLES), who see figures only. Another partnership's activation, one that does
not exist, and one that was only proposed or not activated are all "Page not found".

Who is listed: exactly `waypost.housing.demand.without_accommodation` (people on the by-name
list with nowhere to stay tonight), among those the user may know exist (as on the by-name
list: `waypost.outreach.list_access.known_q`). What of each row, decided for the whole page in
one SQL query by the access policy's SQL forms (no per-row policy call):

- the **name** follows the identity section of the person record (`identity_visible_q`);
  without it the row says "Someone known to <agency>" and who their lead worker is;
- the **last contact** follows the contact section of the list entry, and the **last known
  place** the contact section of the street contact it comes from;
- the **tier** follows the support section of the list entry;
- **tonight's outcome** is the latest sweep record of the night the user may see (housing
  history section of the record).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Section
from waypost.housing.demand import without_accommodation
from waypost.housing.models import EMERGENCY_KINDS, AccommodationKind, Placement, Unit, UnitStatus
from waypost.housing.suitability import Fit, PersonFacts, suitable
from waypost.lib.nights import night_of
from waypost.outreach.list_access import known_q, lead_agencies
from waypost.outreach.models import ByNameEntry, StreetContact
from waypost.people.models import Person
from waypost.sharing.policy import (
    PersonAccess,
    identity_visible_q,
    section_visible_q,
    signed_agency_ids,
)
from waypost.swep.models import Activation, ActivationStatus, SweepOutcome, SweepRecord

if TYPE_CHECKING:
    from waypost.accounts.models import User

# The street and case teams work the sweep; outreach workers are out on a phone at night.
SWEEP_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)
# The report is figures only: commissioners and partnership admins see it too.
REPORT_ROLES = (*SWEEP_ROLES, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
# Activations whose sweep and report can be read (a proposal has no sweep yet).
READABLE = (ActivationStatus.ACTIVE, ActivationStatus.ENDED)
# A sweep at 2am counts for the night that began the evening before (waypost/lib/nights.py),
# so one night's work is one night however late it goes on.

# The list's filters: everyone, or by tonight's latest outcome.
SHOW_ALL = "all"
SHOW_NOT_SEEN = "not_seen"
SHOW_CHOICES = [
    (SHOW_ALL, "Everyone"),
    (SHOW_NOT_SEEN, "Not yet seen tonight"),
    (SweepOutcome.OFFERED, "Offered a bed, not yet decided"),
    (SweepOutcome.ACCEPTED, "Accepted a bed"),
    (SweepOutcome.DECLINED, "Declined"),
    (SweepOutcome.NOT_FOUND, "Not found"),
]
# Short labels for a tag on a phone.
OUTCOME_TAGS = {
    SweepOutcome.OFFERED: ("Offered", "govuk-tag--yellow"),
    SweepOutcome.ACCEPTED: ("Accepted", "govuk-tag--green"),
    SweepOutcome.DECLINED: ("Declined", "govuk-tag--orange"),
    SweepOutcome.NOT_FOUND: ("Not found", "govuk-tag--grey"),
}


# --- Nights --------------------------------------------------------------------------------------


def activation_nights(activation: Activation, *, now: datetime | None = None) -> list[date]:
    """The nights of the activation, first to last: from the night it started to the night
    it ended (or, while active, tonight). Empty when it ended before its first night."""
    first = timezone.localtime(activation.starts_at).date()
    if activation.status == ActivationStatus.ACTIVE:
        last = max(first, night_of(now or timezone.now()))
    else:
        last = night_of(activation.ended_at or activation.expected_end_at)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def tonight(nights: Sequence[date], *, now: datetime | None = None) -> date | None:
    """The night the sweep is for by default: tonight, or the activation's last night."""
    if not nights:
        return None
    current = night_of(now or timezone.now())
    return current if current in nights else nights[-1]


def night_label(night: date) -> str:
    return f"{night:%A} {night.day} {night:%B %Y}"


# --- Activations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationAccess:
    """An activation the user may work on, with their memberships in its partnership (for the
    roles asked), and whether the sweep can still be recorded."""

    activation: Activation
    memberships: list[Membership]

    @property
    def agencies(self) -> list[Agency]:
        seen: dict[Any, Agency] = {}
        for m in self.memberships:
            seen.setdefault(m.agency_id, m.agency)
        return list(seen.values())

    @property
    def may_record(self) -> bool:
        """Outcomes are recorded while SWEP is on: an ended activation is for reading."""
        return self.activation.status == ActivationStatus.ACTIVE and any(
            m.role in SWEEP_ROLES for m in self.memberships
        )


def get_activation_for_user(
    memberships: Sequence[Membership], activation_id: UUID, roles: Sequence[str] = SWEEP_ROLES
) -> ActivationAccess:
    """The activation, when the user holds one of `roles` in its partnership and it is active
    or ended; 404 otherwise (missing and "not yours" alike). An activation holds nothing
    personal: what the pages show about people is read below."""
    activation = (
        Activation.objects.select_related("partnership")
        .filter(pk=activation_id, status__in=READABLE)
        .first()
    )
    if activation is None:
        raise Http404
    mine = [
        m
        for m in memberships
        if m.role in roles and m.agency.partnership_id == activation.partnership_id
    ]
    if not mine:
        raise Http404
    return ActivationAccess(activation=activation, memberships=mine)


# --- The anticipated list ------------------------------------------------------------------------


def sweep_entries(
    user: "User",
    memberships: Sequence[Membership],
    activation: Activation,
    *,
    night: date,
    show: str = SHOW_ALL,
) -> QuerySet[ByNameEntry]:
    """The anticipated list for `night`, as `user` may see it, in one query. `memberships` are
    the user's sweep memberships in the activation's partnership. Each entry is annotated
    with `shows_name`, `shows_contact`, `shows_tier`, `seen_contact_id` (the latest street
    contact the user may see), and `sweep_outcome` / `sweep_record_id` (the night's latest
    sweep record the user may see). Filters use only what the user may see."""
    mine = [m for m in memberships if m.role in SWEEP_ROLES]
    signed = signed_agency_ids({m.agency_id for m in mine}) if mine else set()
    name_visible = Person.objects.filter(pk=OuterRef("person_id")).filter(
        identity_visible_q(user, mine)
    )
    contact_q = section_visible_q(
        user, mine, Section.CONTACT, owner="added_by_agency_id", signed=signed
    )
    tier_q = section_visible_q(
        user, mine, Section.SUPPORT, owner="added_by_agency_id", signed=signed
    )
    contacts = (
        StreetContact.objects.filter(person_id=OuterRef("person_id"))
        .filter(section_visible_q(user, mine, Section.CONTACT, signed=signed))
        .order_by("-contacted_at", "-recorded_at")
    )
    records = (
        SweepRecord.objects.filter(
            activation_id=activation.pk, person_id=OuterRef("person_id"), night=night
        )
        .filter(
            section_visible_q(
                user,
                mine,
                Section.HOUSING_HISTORY,
                partnership="activation__partnership_id",
                signed=signed,
            )
        )
        .order_by("-recorded_at")
    )
    entries = (
        without_accommodation(activation.partnership_id)
        .filter(known_q(mine, signed))
        .annotate(
            shows_name=Exists(name_visible),
            shows_contact=_flag(contact_q),
            shows_tier=_flag(tier_q),
            seen_contact_id=Subquery(contacts.values("id")[:1]),
            sweep_outcome=Subquery(records.values("outcome")[:1]),
            sweep_record_id=Subquery(records.values("id")[:1]),
        )
    )
    if show == SHOW_NOT_SEEN:
        entries = entries.filter(sweep_outcome__isnull=True)
    elif show in SweepOutcome.values:
        entries = entries.filter(sweep_outcome=show)
    # People not seen tonight first; then by last contact (where the user may see it).
    return entries.select_related(
        "person", "person__lead_worker", "person__recorded_by_agency"
    ).order_by(
        F("sweep_outcome").asc(nulls_first=True),
        _visible_last_contact(contact_q).desc(nulls_last=True),
        "id",
    )


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def _visible_last_contact(contact_q: Q) -> Case:
    return Case(
        When(contact_q, then=F("last_contact_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )


@dataclass
class SweepRow:
    """One person on the anticipated list, as the user may see them."""

    entry: ByNameEntry
    shows_name: bool
    known_to: str  # the agency to ask, shown for everyone ("Someone known to ...")
    lead_worker_name: str
    shows_contact: bool
    last_place: str  # "" when none the user may see
    last_place_at: datetime | None
    contact: StreetContact | None
    shows_tier: bool
    outcome: str | None
    record_id: Any

    @property
    def person(self) -> Person:
        return self.entry.person

    @property
    def name(self) -> str:
        return self.person.display_name if self.shows_name else f"Someone known to {self.known_to}"

    @property
    def outcome_tag(self) -> tuple[str, str]:
        if self.outcome is None:
            return ("Not yet seen", "govuk-tag--blue")
        return OUTCOME_TAGS[SweepOutcome(self.outcome)]


def place_text(contact: StreetContact) -> str:
    parts = [contact.place.name if contact.place else "", contact.location_detail]
    return ": ".join(p for p in parts if p) or "Located by phone"


def sweep_rows(entries: Sequence[ByNameEntry]) -> list[SweepRow]:
    """The page's entries as rows: two more queries (the lead workers' agencies and the
    street contacts the list query chose), whatever the number of rows."""
    agencies = lead_agencies(entries)
    contact_ids = [e.seen_contact_id for e in entries if e.seen_contact_id]  # type: ignore[attr-defined]
    contacts = (
        {c.pk: c for c in StreetContact.objects.filter(pk__in=contact_ids).select_related("place")}
        if contact_ids
        else {}
    )
    rows = []
    for entry in entries:
        person = entry.person
        lead = person.lead_worker
        agency = agencies.get((lead.pk, entry.partnership_id)) if lead else None
        contact = contacts.get(entry.seen_contact_id)  # type: ignore[attr-defined]
        rows.append(
            SweepRow(
                entry=entry,
                shows_name=entry.shows_name,  # type: ignore[attr-defined]
                known_to=(agency or person.recorded_by_agency).name,
                lead_worker_name=(lead.full_name or lead.email) if lead else "",
                shows_contact=entry.shows_contact,  # type: ignore[attr-defined]
                last_place=place_text(contact) if contact else "",
                last_place_at=contact.contacted_at if contact else None,
                contact=contact,
                shows_tier=entry.shows_tier,  # type: ignore[attr-defined]
                outcome=entry.sweep_outcome,  # type: ignore[attr-defined]
                record_id=entry.sweep_record_id,  # type: ignore[attr-defined]
            )
        )
    return rows


def record_rows_shown(
    user: "User",
    rows: Sequence[SweepRow],
    *,
    channel: str,
    route: str,
    memberships: Sequence[Membership],
) -> None:
    """The access log of a page of the list, in one INSERT: identity for each name shown,
    contact for each last contact and place shown, support for each tier shown, and housing
    history for each outcome shown."""
    mine = {m.agency_id: m.agency for m in memberships}
    events = []
    for row in rows:
        shown: list[tuple[str, str, Any]] = []
        if row.shows_name:
            shown.append((Section.IDENTITY, "person", row.person.pk))
        if row.shows_contact:
            shown.append((Section.CONTACT, "by_name_entry", row.entry.pk))
        if row.contact is not None:
            shown.append((Section.CONTACT, "street_contact", row.contact.pk))
        if row.shows_tier and row.entry.tier is not None:
            shown.append((Section.SUPPORT, "by_name_entry", row.entry.pk))
        if row.record_id is not None:
            shown.append((Section.HOUSING_HISTORY, "sweep_record", row.record_id))
        agency = _acting_agency(mine, row.entry)
        events += [
            access_event(
                user,
                channel=channel,
                section=section,
                subject_type=subject_type,
                subject_id=subject_id,
                person_id=row.person.pk,
                agency=agency,
                route=route,
            )
            for section, subject_type, subject_id in shown
        ]
    if events:
        record_accesses(events)


def _acting_agency(mine: dict[Any, Agency], entry: ByNameEntry) -> Agency | None:
    if entry.added_by_agency_id in mine:
        return mine[entry.added_by_agency_id]
    return next(iter(mine.values())) if len(mine) == 1 else None


# --- One person: their records and the beds that suit them (the facts a bed must suit are
# read as the placement pages read them: waypost.housing.placement_access.person_facts).


def person_records(access: PersonAccess, activation: Activation, person: Person) -> list[Any]:
    """The person's sweep records in this activation that the user may see, newest first."""
    return list(
        access.filter_records(
            SweepRecord.objects.filter(activation=activation, person=person),
            Section.HOUSING_HISTORY,
        )
        .select_related("placement__scheme", "placement__unit", "recorded_by_agency")
        .order_by("-night", "-recorded_at")
    )


@dataclass(frozen=True)
class Beds:
    """Free beds that suit: severe weather beds first, then other emergency beds."""

    swep: list[Fit]
    other: list[Fit]

    @property
    def all(self) -> list[Fit]:
        return [*self.swep, *self.other]

    def find(self, unit_id: str) -> Fit | None:
        return next((f for f in self.all if str(f.unit.pk) == unit_id), None)


def free_emergency_units(partnership_id: Any) -> list[Unit]:
    """Free units in the partnership's active emergency schemes, each with `places_left`
    (places not taken by a placement that has not ended), in one query."""
    taken = (
        Placement.objects.filter(unit=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    units = list(
        Unit.objects.filter(
            scheme__partnership_id=partnership_id,
            scheme__is_active=True,
            scheme__kind__in=sorted(EMERGENCY_KINDS),
            is_active=True,
            status=UnitStatus.FREE,
        )
        .select_related("scheme")
        .annotate(taken=Coalesce(Subquery(taken), Value(0)))
        .order_by("scheme__name", "label")
    )
    for unit in units:
        unit.places_left = max(unit.sleeps - unit.taken, 0)  # type: ignore[attr-defined]
    return units


def suitable_beds(facts: PersonFacts, units: Sequence[Unit]) -> Beds:
    """The free units that suit, by SWEP's rules (`suitable(..., swep=True)`: no recourse
    to public funds and local connection do not count; the other hard rules do)."""
    swep = [u for u in units if u.scheme.kind == AccommodationKind.SWEP]
    other = [u for u in units if u.scheme.kind != AccommodationKind.SWEP]
    return Beds(swep=suitable(facts, swep, swep=True), other=suitable(facts, other, swep=True))


def activation_title(activation: Activation) -> str:
    """How the pages name an activation: its kind and when it started (UK time)."""
    starts = timezone.localtime(activation.starts_at).date()
    return f"{activation.get_kind_display()} SWEP from {night_label(starts)}"
