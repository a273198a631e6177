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
from waypost.people.access import listed_events
from waypost.people.models import NOT_LISTED, Person
from waypost.sharing.policy import (
    FRONTLINE_ROLES,
    PersonAccess,
    section_visible_q,
    signed_agency_ids,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

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


@dataclass
class _Visibility:
    """What of each entry the user may see, as filters: its name, status and tier."""

    name: Q
    status: Q
    tier: Q
    known: Q
    # Partnerships where the user knows of everyone listed (`known` is true of every row).
    knows_all_in: set[Any]


def _visibility(user: "User", memberships: Sequence[Membership]) -> _Visibility:
    mine = frontline(memberships)
    signed = signed_agency_ids({m.agency_id for m in mine}) if mine else set()
    return _Visibility(
        known=known_q(mine, signed),
        knows_all_in={m.agency.partnership_id for m in mine if m.agency_id in signed},
        name=section_visible_q(
            user, mine, Section.IDENTITY, owner="person__recorded_by_agency_id", signed=signed
        ),
        status=section_visible_q(
            user, mine, Section.CONTACT, owner="added_by_agency_id", signed=signed
        ),
        tier=section_visible_q(
            user, mine, Section.SUPPORT, owner="added_by_agency_id", signed=signed
        ),
    )


def _listed(
    user: "User",
    query: ListQuery,
    visible: _Visibility,
    *,
    days: int,
    now: datetime,
) -> QuerySet[ByNameEntry]:
    """The entries `user` may see listed, filtered as asked, with `last_seen_at` (the last
    contact, or when they were put on the list if never met); not sorted."""
    # Merged, anonymised and restricted people are few: leaving them out by id spares joining
    # every entry to its person (the person_not_listed index finds them).
    entries = (
        ByNameEntry.objects.filter(partnership=query.partnership)
        .exclude(person_id__in=Person.objects.filter(NOT_LISTED).values("pk"))
        .annotate(
            last_seen_at=Coalesce("last_contact_at", "added_at", output_field=DateTimeField())
        )
    )
    if query.partnership.pk not in visible.knows_all_in:
        entries = entries.filter(visible.known)
    if query.statuses:
        entries = entries.filter(visible.status, status__in=query.statuses)
    else:
        entries = entries.exclude(status__in=CLOSED_STATUSES)
    if query.tiers:
        numbers = [int(t) for t in query.tiers if t != NO_TIER]
        tier_match = Q(tier__in=numbers)
        if NO_TIER in query.tiers:
            tier_match |= Q(tier__isnull=True)
        entries = entries.filter(visible.tier).filter(tier_match)
    if query.agency is not None:
        lead_there = Membership.objects.active().filter(
            user_id=OuterRef("person__lead_worker_id"),
            agency=query.agency,
            role__in=FRONTLINE_ROLES,
        )
        entries = entries.filter(Exists(lead_there))
    if query.no_contact:
        entries = entries.filter(visible.status).filter(last_seen_at__lt=now - timedelta(days=days))
    if query.mine:
        entries = entries.filter(person__lead_worker=user)
    return entries


def _shown(entries: QuerySet[ByNameEntry], visible: _Visibility) -> QuerySet[ByNameEntry]:
    """Each entry with what the user may see of it, and what the rows show beside it."""
    return entries.annotate(
        shows_name=_flag(visible.name),
        shows_status=_flag(visible.status),
        shows_tier=_flag(visible.tier),
    ).select_related("person", "person__lead_worker", "person__recorded_by_agency")


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
    `last_seen_at` (the last contact, or when they were put on the list if never met).
    For the whole list (the download); a page reads only its rows with `list_pages`."""
    now = now or timezone.now()
    visible = _visibility(user, memberships)
    entries = _listed(user, query, visible, days=days, now=now)
    return _shown(entries, visible).order_by(*_ordering(query, visible))


def _sort_keys(query: ListQuery, visible: _Visibility) -> tuple[Q, list[tuple[Any, Any]]]:
    """What the sort reads and who may see it: (the filter of the rows it may order, its
    keys with their types)."""
    if query.sort == "name":
        return visible.name, [
            (Lower("person__family_name"), CharField()),
            (Lower("person__given_name"), CharField()),
        ]
    if query.sort == "tier":
        return visible.tier, [(F("tier"), IntegerField())]
    if query.sort == "status_since":
        return visible.status, [(F("status_since"), DateTimeField())]
    return visible.status, [(Coalesce("last_contact_at", "added_at"), DateTimeField())]


def _ordering(query: ListQuery, visible: _Visibility) -> list[Any]:
    """Rows sorted by what the user may see of them; the others last, in a fixed order."""
    shown, keys = _sort_keys(query, visible)
    direction = "desc" if query.descending else "asc"
    ordered = [
        Case(When(shown, then=key), default=Value(None), output_field=output)
        for key, output in keys
    ]
    return [*(getattr(k, direction)(nulls_last=True) for k in ordered), "id"]


class ListPages:
    """The list as `Paginator` reads it (a count and slices), each slice read by its rows only.

    The order is `list_entries`'s, in two parts: the rows the user may see the sort key of,
    by that key, then the others by id. A page near the top walks the sorted entries (an index
    serves the default sort) in batches and keeps those the user may see the key of, checking
    each batch by id: a short list, so the database looks up each row's sharing permission by
    index instead of reading every permission of the partnership. Deeper pages, and pages past
    the first part, are read by SQL alone. Then one query reads the page's rows with what the
    user may see of them.
    """

    ordered = True
    # Batches of entries whose sort key is checked by id: short enough for index look-ups.
    BATCH = 100
    # Pages ending below this many rows are found by walking batches.
    WALK_ROWS = 500

    def __init__(
        self,
        user: "User",
        memberships: Sequence[Membership],
        query: ListQuery,
        *,
        days: int,
        now: datetime | None = None,
    ) -> None:
        self.visible = _visibility(user, memberships)
        self.entries = _listed(user, query, self.visible, days=days, now=now or timezone.now())
        self.shown, keys = _sort_keys(query, self.visible)
        known = Q(*(Q(**{f"sort_{i}__isnull": False}) for i in range(len(keys))))
        direction = "-" if query.descending else ""
        self.sorted = (
            self.entries.annotate(**{f"sort_{i}": key for i, (key, _) in enumerate(keys)})
            .filter(known)
            .order_by(*(f"{direction}sort_{i}" for i in range(len(keys))), "id")
        )
        self.first = self.sorted.filter(self.shown)
        self.rest = self.entries.exclude(pk__in=self.first.values("pk")).order_by("id")
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.entries.order_by().count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _walk_first(self, stop: int) -> list[Any]:
        """The first `stop` ids of the first part (fewer when it is shorter)."""
        ids: list[Any] = []
        read = 0
        while len(ids) < stop:
            batch = list(self.sorted.values_list("pk", flat=True)[read : read + self.BATCH])
            if batch:
                sees = set(
                    ByNameEntry.objects.filter(self.shown, pk__in=batch)
                    .order_by()
                    .values_list("pk", flat=True)
                )
                ids += [pk for pk in batch if pk in sees]
            if len(batch) < self.BATCH:
                break
            read += self.BATCH
        return ids[:stop]

    def __getitem__(self, page: slice) -> list[ByNameEntry]:
        start, stop = page.start or 0, page.stop
        wanted = stop - start
        if stop <= self.WALK_ROWS:
            first = self._walk_first(stop)
            ids, in_first = first[start:], len(first)
        else:
            ids = list(self.first.values_list("pk", flat=True)[start:stop])
            in_first = start + len(ids) if ids else self.first.count()
        if len(ids) < wanted:
            skip = max(start - in_first, 0)
            ids += self.rest.values_list("pk", flat=True)[skip : skip + wanted - len(ids)]
        rows = _shown(self.entries.filter(pk__in=ids), self.visible).order_by()
        found = {e.pk: e for e in rows}
        return [found[pk] for pk in ids if pk in found]


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
    name shown (as `record_listed`), and the contact section for each status shown; one
    INSERT."""
    mine = {m.agency_id: m.agency for m in frontline(memberships)}
    names = listed_events(
        user,
        [row.person for row in rows if row.shows_name],
        channel=channel,
        route=route,
        memberships=memberships,
    )
    statuses = [
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
    ]
    record_accesses([*names, *statuses])


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
