"""Reading the by-name list: who is on it for a user, what of each row they may see, and the
access log of what was shown.

Who is listed: everyone on the partnership's list whom the user may know exists (the policy's
`knows_exists`: front-line staff whose agency signed the agreement, or whose agency recorded
the person), live and unrestricted (merged, anonymised and restricted people never appear).

What of each row, decided for the whole list in SQL (no `access_for` per row), by the same
rules as `waypost.sharing.policy.decide` (tests/test_list_access_rules.py keeps them in step):

- the **name** follows the identity section of the person record (its fields belong to the
  agency that recorded the person, as on the person page);
- the **status**, when it changed and the **last contact** follow the contact section of the
  list entry, whose recording agency is the one that put the person on the list;
- the **tier** follows the support section of the list entry;
- the **lead worker** and their agency are always shown: they are who to ask.

A filter or a sort on something a user may not see never picks out or orders a row by it:
the filter leaves the row out, the sort puts it last. Closed statuses (housed, left the area,
died) are hidden unless filtered for, for everyone.

`waypost.sharing.policy.section_visible_q` is the SQL form of
`PersonAccess.can_see(section, owner)` for many rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Section
from waypost.outreach.models import (
    CLOSED_STATUSES,
    NO_CONTACT_DAYS,
    ByNameEntry,
    OutreachSettings,
)
from waypost.people.access import record_listed
from waypost.sharing.policy import (
    FRONTLINE_ROLES,
    PersonAccess,
    section_visible_q,
    signed_agency_ids,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User
    from waypost.people.models import Person

# Who sees the list, changes statuses, puts people on it and downloads it: the street and case
# teams. Referrers (a ward, a probation officer) work through their referrals: a list of everyone
# sleeping rough in the city is more than their work needs.
LIST_WRITE_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)
LIST_ROLES = LIST_WRITE_ROLES
EXPORT_ROLES = LIST_WRITE_ROLES
SETTINGS_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
# The tiers of waypost.cases.models.Tier (outreach does not import cases, which imports it).
TIERS = (1, 2, 3)
NO_TIER = "none"

SORTS = ("last_contact", "status_since", "tier", "name")
DEFAULT_SORT = "last_contact"


# --- Who, and which partnership ------------------------------------------------------------------
def frontline(
    memberships: Sequence[Membership], roles: Iterable[str] = LIST_ROLES
) -> list[Membership]:
    roles = set(roles)
    return [m for m in memberships if m.role in roles]


def partnerships_for(
    memberships: Sequence[Membership], roles: Iterable[str] = LIST_ROLES
) -> list[Partnership]:
    """The partnerships where the user holds one of `roles`, in membership order."""
    found: dict[Any, Partnership] = {}
    for m in frontline(memberships, roles):
        found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return list(found.values())


def no_contact_days(partnership: Partnership) -> int:
    """The partnership's setting: someone not met for this many days shows as "no contact"."""
    days = (
        OutreachSettings.objects.filter(partnership=partnership)
        .values_list("no_contact_days", flat=True)
        .first()
    )
    return days or NO_CONTACT_DAYS


# --- Visibility in SQL ---------------------------------------------------------------------------
def known_q(memberships: Sequence[Membership], signed: set[Any]) -> Q:
    """Entries of people the user may know exist (the policy's `knows_exists`)."""
    mine = frontline(memberships)
    partnerships = {m.agency.partnership_id for m in mine if m.agency_id in signed}
    return Q(partnership_id__in=sorted(partnerships, key=str)) | Q(
        person__recorded_by_agency_id__in=sorted({m.agency_id for m in mine}, key=str)
    )


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


# --- The list ------------------------------------------------------------------------------------
@dataclass
class ListQuery:
    """What the user asked for: filters and sort (already validated)."""

    partnership: Partnership
    statuses: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)  # "1", "2", "3" or NO_TIER
    agency: Agency | None = None
    no_contact: bool = False
    mine: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.statuses or self.tiers or self.agency or self.no_contact or self.mine)


def list_entries(
    user: "User",
    memberships: Sequence[Membership],
    query: ListQuery,
    *,
    days: int,
    now: datetime | None = None,
) -> QuerySet[ByNameEntry]:
    """The entries `user` may see listed, filtered and sorted as asked: one query on the
    partnership's entries (its indexes serve the filters). Each row is annotated with
    `shows_name`, `shows_status` and `shows_tier` (what of it the user may see) and
    `last_seen_at` (the last contact, or when they were put on the list if never met)."""
    now = now or timezone.now()
    mine = frontline(memberships)
    signed = signed_agency_ids({m.agency_id for m in mine}) if mine else set()
    name_q = section_visible_q(
        user, mine, Section.IDENTITY, owner="person__recorded_by_agency_id", signed=signed
    )
    status_q = section_visible_q(
        user, mine, Section.CONTACT, owner="added_by_agency_id", signed=signed
    )
    tier_q = section_visible_q(
        user, mine, Section.SUPPORT, owner="added_by_agency_id", signed=signed
    )
    entries = (
        ByNameEntry.objects.filter(partnership=query.partnership)
        .filter(
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
            person__restricted_at__isnull=True,
        )
        .filter(known_q(mine, signed))
        .annotate(
            shows_name=_flag(name_q),
            shows_status=_flag(status_q),
            shows_tier=_flag(tier_q),
            last_seen_at=Coalesce("last_contact_at", "added_at", output_field=DateTimeField()),
        )
    )
    if query.statuses:
        entries = entries.filter(status_q, status__in=query.statuses)
    else:
        entries = entries.exclude(status__in=CLOSED_STATUSES)
    if query.tiers:
        numbers = [int(t) for t in query.tiers if t != NO_TIER]
        tier_match = Q(tier__in=numbers)
        if NO_TIER in query.tiers:
            tier_match |= Q(tier__isnull=True)
        entries = entries.filter(tier_q).filter(tier_match)
    if query.agency is not None:
        lead_there = Membership.objects.active().filter(
            user_id=OuterRef("person__lead_worker_id"),
            agency=query.agency,
            role__in=FRONTLINE_ROLES,
        )
        entries = entries.filter(Exists(lead_there))
    if query.no_contact:
        entries = entries.filter(status_q).filter(last_seen_at__lt=now - timedelta(days=days))
    if query.mine:
        entries = entries.filter(person__lead_worker=user)
    return entries.select_related(
        "person", "person__lead_worker", "person__recorded_by_agency"
    ).order_by(*_ordering(query, name_q, status_q, tier_q))


def _ordering(query: ListQuery, name_q: Q, status_q: Q, tier_q: Q) -> list[Any]:
    """Rows sorted by what the user may see of them; the others last, in a fixed order."""

    def key(visible: Q, expression: Any, output: Any) -> Any:
        return Case(When(visible, then=expression), default=Value(None), output_field=output)

    keys: list[Any]
    if query.sort == "name":
        keys = [
            key(name_q, Lower("person__family_name"), CharField()),
            key(name_q, Lower("person__given_name"), CharField()),
        ]
    elif query.sort == "tier":
        keys = [key(tier_q, F("tier"), IntegerField())]
    elif query.sort == "status_since":
        keys = [key(status_q, F("status_since"), DateTimeField())]
    else:
        keys = [key(status_q, Coalesce("last_contact_at", "added_at"), DateTimeField())]
    direction = "desc" if query.descending else "asc"
    ordered = [getattr(k, direction)(nulls_last=True) for k in keys]
    return [*ordered, "id"]


# --- Rows as shown -------------------------------------------------------------------------------
@dataclass
class ListRow:
    """One entry as the user may see it."""

    entry: ByNameEntry
    shows_name: bool
    shows_status: bool
    shows_tier: bool
    lead_worker_name: str
    # Who to ask: the lead worker's agency, or the agency that recorded the person.
    contact_agency_name: str
    no_contact_days: int | None  # days since last seen, when over the partnership's setting
    may_change: bool = False

    @property
    def person(self) -> "Person":
        return self.entry.person

    @property
    def status_label(self) -> str:
        return self.entry.get_status_display()


def lead_agencies(entries: Sequence[ByNameEntry]) -> dict[tuple[Any, Any], Agency]:
    """Each lead worker's agency in the entry's partnership (their earliest front-line
    membership there, as `people.access.record_contact`), in one query."""
    leads = {e.person.lead_worker_id for e in entries if e.person.lead_worker_id}
    if not leads:
        return {}
    found: dict[tuple[Any, Any], Agency] = {}
    for m in (
        Membership.objects.active()
        .filter(
            user_id__in=leads,
            agency__partnership_id__in={e.partnership_id for e in entries},
            role__in=FRONTLINE_ROLES,
        )
        .select_related("agency")
        .order_by("started_at")
    ):
        found.setdefault((m.user_id, m.agency.partnership_id), m.agency)
    return found


def list_rows(
    entries: Sequence[ByNameEntry],
    *,
    days: int,
    memberships: Sequence[Membership],
    now: datetime | None = None,
) -> list[ListRow]:
    """The entries of `list_entries` as rows to show (one more query, for lead agencies)."""
    now = now or timezone.now()
    agencies = lead_agencies(entries)
    writer = bool(frontline(memberships, LIST_WRITE_ROLES))
    rows = []
    for entry in entries:
        person = entry.person
        lead = person.lead_worker
        agency = agencies.get((lead.pk, entry.partnership_id)) if lead else None
        since = (now - entry.last_seen_at).days  # type: ignore[attr-defined]
        rows.append(
            ListRow(
                entry=entry,
                shows_name=entry.shows_name,  # type: ignore[attr-defined]
                shows_status=entry.shows_status,  # type: ignore[attr-defined]
                shows_tier=entry.shows_tier,  # type: ignore[attr-defined]
                lead_worker_name=(lead.full_name or lead.email) if lead else "",
                contact_agency_name=(agency or person.recorded_by_agency).name,
                no_contact_days=since if since >= days else None,
                may_change=writer and entry.shows_status,  # type: ignore[attr-defined]
            )
        )
    return rows


def record_rows_shown(
    user: "User",
    rows: Sequence[ListRow],
    *,
    channel: str,
    route: str,
    memberships: Sequence[Membership],
) -> None:
    """The access log of a page or a download of the list: the identity section for each
    name shown (`record_listed`), and the contact section for each status shown."""
    record_listed(
        user,
        [row.person for row in rows if row.shows_name],
        channel=channel,
        route=route,
        memberships=memberships,
    )
    mine = {m.agency_id: m.agency for m in frontline(memberships)}
    record_accesses(
        access_event(
            user,
            channel=channel,
            section=Section.CONTACT,
            subject_type="by_name_entry",
            subject_id=row.entry.pk,
            person_id=row.person.pk,
            agency=_acting_agency(mine, row.entry),
            route=route,
        )
        for row in rows
        if row.shows_status
    )


def _acting_agency(mine: dict[Any, Agency], entry: ByNameEntry) -> Agency | None:
    if entry.added_by_agency_id in mine:
        return mine[entry.added_by_agency_id]
    there = [a for a in mine.values() if a.partnership_id == entry.partnership_id]
    return there[0] if len(there) == 1 else None


# --- One person's place on the list --------------------------------------------------------------
def entry_shows_status(access: PersonAccess, entry: ByNameEntry) -> bool:
    """Whether the user may see the entry's status (its contact section)."""
    return access.can_see(Section.CONTACT, entry.added_by_agency_id)


@dataclass
class ListLink:
    """For the person page: where the person stands on the list, and the link to act on it."""

    text: str
    url: str
    status_label: str = ""  # empty when not on the list, or not shared with the user


def person_list_link(
    person: "Person", access: PersonAccess, memberships: Sequence[Membership]
) -> ListLink | None:
    """The by-name list link for a person page (one query), or None when the user may not
    change the list or may not see the person's entry."""
    if person.restricted_at is not None or person.merged_into_id is not None:
        return None
    writers = [
        m for m in frontline(memberships, LIST_WRITE_ROLES)
        if m.agency.partnership_id == person.partnership_id
    ]  # fmt: skip
    if not writers:
        return None
    entry = ByNameEntry.objects.filter(person=person).first()
    if entry is None:
        return ListLink("Add to the by-name list", reverse("outreach:list_add", args=[person.pk]))
    if not entry_shows_status(access, entry):
        return None
    return ListLink(
        "Change their by-name list status",
        reverse("outreach:list_status", args=[person.pk]),
        status_label=entry.get_status_display(),
    )
