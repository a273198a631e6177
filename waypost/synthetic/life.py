"""One identity's years, as rows: the records agencies made of them, street contacts, the
by-name list entry and its history, placements, referrals, assessments with the tier they
give, notes, sharing permission and lawful basis.

Each identity draws from its own stream (seed, slug, true id), in a fixed order, so the rows
and their ids depend only on the seed, the slug, the day and the identity, with one shared
exception: beds. Units are booked in identity order, so a placement goes to a bed that is
free then (never two people in a one-person unit at once).

Derived data is kept as the app's actions keep it: match keys as `index_person` writes them,
the by-name list as `record_contact_on_list` and the placement actions move it, tiers as
`calculate_tier` works them out (street history as of today), and each record's
`last_activity_at` is its latest event.
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.utils import timezone

from waypost.accounts.models import AgencyType
from waypost.cases.models import Domain
from waypost.cases.scoring import Inputs, score
from waypost.cases.threshold_actions import HOUSED_STATUSES, lookback_start
from waypost.housing.models import EndReason
from waypost.housing.placement_actions import STATUS_FOR_END, STATUS_FOR_KIND
from waypost.outreach.models import ListStatus
from waypost.outreach.sighting_months import months_seen
from waypost.people.matching.index import keys_for
from waypost.people.matching.synthetic import SyntheticPerson
from waypost.people.models import (
    Alias,
    ImmigrationStatus,
    LocalConnection,
    Person,
    PublicFunds,
)
from waypost.sharing.models import ObtainedHow, PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.synthetic import tables, texts
from waypost.synthetic.frequencies import (
    ACTIVITIES,
    ANY_NOTE_AGENCY,
    ASSESSING_AGENCIES,
    CONTACT_HOURS,
    END_REASONS,
    ETHNICITIES,
    FIRST_STAYS,
    LOCAL_CONNECTIONS,
    NATIONALITIES,
    NEXT_STAYS,
    NO_RECOURSE,
    NOTE_AGENCIES,
    NOTE_KINDS,
    OFFERS,
    RECORDING_AGENCIES,
    pick,
)
from waypost.synthetic.moments import at_seconds, local_date, noon
from waypost.synthetic.referral_history import add_referrals
from waypost.synthetic.streams import new_uuid, stream
from waypost.synthetic.world import SCHEMES, STAY_DAYS, World
from waypost.synthetic.writer import BulkWriter

DAY = timedelta(days=1)
MEAN_ACTIVE_DAYS = 420  # how long someone is known to services, on average
COUNT_NIGHT = 15  # the day of the month whose night the monthly street figure counts
CONTACT_SKEW = 0.7  # gamma shape of contacts per person: most few, some very many


@dataclass
class Record:
    """One Person row of the identity: its spec, who made it and when."""

    id: UUID
    spec: SyntheticPerson
    agency_type: str
    agency_id: UUID
    recorded_by: UUID
    created_at: datetime
    last_activity_at: datetime
    lead_worker: UUID | None = None
    # By-name list events: (moment, order, kind, payload); replayed in time order.
    list_events: list[tuple[datetime, int, str, Any]] = field(default_factory=list)
    bedded_down_at: list[datetime] = field(default_factory=list)
    assessment: "LatestAssessment | None" = None

    def touch(self, moment: datetime) -> None:
        if moment > self.last_activity_at:
            self.last_activity_at = moment


@dataclass
class Counts:
    people: int = 0
    records: int = 0
    contacts: int = 0
    referrals: int = 0
    placements: int = 0
    assessments: int = 0
    notes: int = 0


def _max_stay(kind: str) -> int | None:
    return next((s.max_stay_days for s in SCHEMES if s.kind == kind), None)


@dataclass
class LatestAssessment:
    """What a tier is worked out from: the record's latest assessment."""

    id: UUID
    assessed_on: date
    recorded_at: datetime
    agency_id: UUID
    levels: dict[str, int]
    uses_nps: bool

    @property
    def order(self) -> tuple[date, datetime, UUID]:
        # As threshold_actions.latest_assessments orders them.
        return (self.assessed_on, self.recorded_at, self.id)


@dataclass
class Change:
    id: UUID
    status: str
    previous: str
    at: datetime
    agency: UUID
    by: UUID


@dataclass
class ListEntry:
    """A by-name list entry as the replay leaves it."""

    id: UUID
    status: str
    since: datetime
    added_at: datetime
    added_by_agency: UUID
    last_contact_at: datetime | None = None
    changes: list[Change] = field(default_factory=list)

    def move(self, rng: random.Random, status: str, at: datetime, agency: UUID, by: UUID) -> None:
        """As outreach.entries.change_status: no change, no row."""
        if status == self.status:
            return
        self.changes.append(Change(new_uuid(rng), status, self.status, at, agency, by))
        self.status, self.since = status, at


class LifeWriter:
    """Writes identities one at a time into `writer`; `truth` receives (record id, true id)."""

    def __init__(
        self,
        world: World,
        writer: BulkWriter,
        *,
        seed: int,
        slug: str,
        contacts_per_person: float,
        truth: Callable[[UUID, int], None],
    ) -> None:
        self.world = world
        self.writer = writer
        self.codec = writer.codec
        self.seed = seed
        self.slug = slug
        self.contacts_per_person = contacts_per_person
        self.truth = truth
        self.counts = Counts()
        self.references: set[str] = set()
        # People seen bedded down on each month's count night (the 15th).
        self.count_nights: Counter[date] = Counter()
        self.partnership_id = world.partnership.pk
        self.model = world.threshold_model
        self.lookback_from = lookback_start(world.today)
        self.span_seconds = (world.anchor - world.start).total_seconds()
        self.recorders = [kind for kind, _ in RECORDING_AGENCIES]

    # --- One identity -------------------------------------------------------------------

    def write(self, true_id: int, specs: list[SyntheticPerson]) -> None:
        rng = stream("life", self.seed, self.slug, true_id)
        world = self.world
        begin = at_seconds(world.start, rng.uniform(0, self.span_seconds - 3600))
        active = timedelta(days=rng.expovariate(1 / MEAN_ACTIVE_DAYS) + 1)
        end = min(begin + active, world.anchor - timedelta(hours=1))
        records = self._records(rng, specs, begin, end)
        self._contacts(rng, records, begin, end)
        self._placements(rng, records, begin, end)
        self.counts.referrals += add_referrals(self, rng, records, begin, end)
        self._assessments(rng, records, begin, end)
        self._notes(rng, records, begin, end)
        for record in records:
            entry = self._list_history(rng, record)
            tier = self._tier(rng, record, entry.changes if entry else [])
            if entry is not None:
                self._write_list_entry(record, entry, tier)
            self._person(rng, record, is_first=record is records[0])
            self.truth(record.id, true_id)
        self.counts.people += 1
        self.counts.records += len(records)

    def record_at(self, records: list[Record], moment: datetime, rng: random.Random) -> Record:
        """A record of the identity that existed at `moment` (the first one always did)."""
        existing = [r for r in records if r.created_at <= moment]
        return rng.choice(existing) if len(existing) > 1 else records[0]

    def staff(self, rng: random.Random, agency_type: str) -> UUID:
        return rng.choice(self.world.staff[agency_type])

    def _contact_moment(self, rng: random.Random, begin: datetime, end: datetime) -> datetime:
        """When outreach meets people: mostly early morning and late evening rounds."""
        day = begin.date() + timedelta(days=rng.randint(0, (end - begin).days))
        hour = pick(rng, CONTACT_HOURS)
        moment = datetime.combine(day, time(hour), tzinfo=UTC) + timedelta(
            seconds=rng.randrange(3600)
        )
        return min(max(moment, begin), end)

    def _records(
        self, rng: random.Random, specs: list[SyntheticPerson], begin: datetime, end: datetime
    ) -> list[Record]:
        records = []
        used: list[str] = []
        for n, spec in enumerate(specs):
            # A duplicate is made by an agency that did not know the person was already known.
            kinds = [k for k in self.recorders if k not in used] or self.recorders
            weights = [w for k, w in RECORDING_AGENCIES if k in kinds] or None
            kind = rng.choices(kinds, weights)[0]
            used.append(kind)
            later = at_seconds(begin, rng.uniform(0, (end - begin).total_seconds()))
            created = begin if n == 0 else later
            records.append(
                Record(
                    id=new_uuid(rng),
                    spec=spec,
                    agency_type=kind,
                    agency_id=self.world.agencies[kind].pk,
                    recorded_by=self.staff(rng, kind),
                    created_at=created,
                    last_activity_at=created,
                )
            )
        return records

    # --- Street contacts ----------------------------------------------------------------

    def _contacts(
        self, rng: random.Random, records: list[Record], begin: datetime, end: datetime
    ) -> None:
        mean = self.contacts_per_person
        if mean <= 0:
            return
        # Poisson-ish and skewed: a gamma-distributed rate, rounded at random (mean kept).
        rate = rng.gammavariate(CONTACT_SKEW, mean / CONTACT_SKEW)
        count = int(rate + rng.random())
        if not count:
            return
        world, codec, writer = self.world, self.codec, self.writer
        moments = sorted(self._contact_moment(rng, begin, end) for _ in range(count))
        sleeps_out = rng.betavariate(2.0, 1.0)
        places, place_weights = world.places, world.place_weights
        favourites = rng.choices(places, cum_weights=place_weights, k=rng.randint(1, 3))
        outreach = world.agencies[AgencyType.OUTREACH].pk
        charity = world.agencies[AgencyType.CHARITY].pk
        partnership = codec.id(self.partnership_id)
        anchor = world.anchor
        counted: set[tuple[date, UUID]] = set()
        for moment in moments:
            record = self.record_at(records, moment, rng) if len(records) > 1 else records[0]
            bedded = rng.random() < sleeps_out
            place = (
                rng.choice(favourites)
                if rng.random() < 0.85
                else rng.choices(places, cum_weights=place_weights)[0]
            )
            latitude = longitude = None
            detail = ""
            roll = rng.random()
            if roll < 0.04:
                place, detail = None, rng.choice(texts.LOCATION_DETAILS)
            elif roll < 0.14:
                latitude, longitude = place[1], place[2]  # the device agreed with the place
            activities = pick(rng, ACTIVITIES[bedded])
            offered, accepted = pick(rng, OFFERS[bedded])
            if rng.random() < 0.85:
                agency_type, agency = AgencyType.OUTREACH, outreach
            else:
                agency_type, agency = AgencyType.CHARITY, charity
            by = self.staff(rng, agency_type)
            recorded_at = min(at_seconds(moment, rng.uniform(60, 3 * 3600)), anchor)
            description, identified_at, identified_by = "", None, None
            person: Any = codec.id(record.id)
            roll = rng.random()
            if roll < 0.02:
                # Never identified: a description stands in for the person.
                description, person = rng.choice(texts.DESCRIPTIONS), None
            elif roll < 0.05:
                # Met before anyone knew who they were, identified later.
                description = rng.choice(texts.DESCRIPTIONS)
                identified = min(at_seconds(recorded_at, rng.uniform(3600, 10 * 86400)), anchor)
                identified_at, identified_by = codec.at(identified), codec.id(by)
            writer.add(
                tables.STREET_CONTACT,
                (
                    codec.id(new_uuid(rng)),
                    partnership,
                    person,
                    description,
                    codec.at(moment),
                    codec.id(place[0]) if place else None,
                    detail,
                    latitude,
                    longitude,
                    bedded,
                    activities,
                    offered,
                    accepted,
                    rng.choice(texts.CONTACT_NOTES) if rng.random() < 0.1 else "",
                    codec.id(agency),
                    codec.id(by),
                    codec.at(recorded_at),
                    identified_at,
                    identified_by,
                ),
            )
            self.counts.contacts += 1
            if person is None:
                continue
            record.list_events.append((moment, 1, "contact", (bedded, agency, by)))
            record.touch(recorded_at)
            if bedded:
                record.bedded_down_at.append(moment)
                night = (moment - timedelta(hours=12)).date()  # before noon: the night before
                if night.day == COUNT_NIGHT:
                    counted.add((night, record.id))
        self.count_nights.update(night for night, _ in counted)
        for record in records:
            # Exactly what refresh_records stores for this record.
            for seen in months_seen(record.bedded_down_at):
                writer.add(
                    tables.BEDDED_DOWN_MONTH,
                    (
                        codec.id(record.id),
                        partnership,
                        codec.on(seen.month),
                        seen.nights,
                        seen.months_before,
                    ),
                )

    # --- Placements -----------------------------------------------------------------------

    def _placements(
        self, rng: random.Random, records: list[Record], begin: datetime, end: datetime
    ) -> None:
        """A path through accommodation for some people: a first stay, and after a planned
        move on sometimes a next one, in beds free for the whole stay."""
        if rng.random() >= 0.3:
            return
        world, codec = self.world, self.codec
        today = world.today
        day = begin.date() + timedelta(days=rng.randint(0, max(0, (end - begin).days)))
        kind = pick(rng, FIRST_STAYS)
        housing = world.agencies[AgencyType.HOUSING_OPTIONS].pk
        for _stage in range(3):
            if day >= today:
                return
            low, high = STAY_DAYS[kind]
            ended: date | None = day + timedelta(days=rng.randint(low, high))
            if ended is not None and ended >= today:
                ended = None
            unit = self._book_unit(rng, kind, day, ended)
            if unit is None:
                return
            reason = pick(rng, END_REASONS) if ended else ""
            record = self.record_at(records, noon(day), rng)
            max_stay = _max_stay(kind)
            by = self.staff(rng, AgencyType.HOUSING_OPTIONS)
            started_at = noon(day)
            self.writer.add(
                tables.PLACEMENT,
                (
                    codec.id(new_uuid(rng)),
                    codec.id(record.id),
                    codec.id(housing),
                    codec.id(by),
                    codec.at(started_at),
                    codec.id(self.partnership_id),
                    codec.id(unit.unit_id),
                    codec.id(unit.scheme_id),
                    codec.on(day),
                    codec.on(day + timedelta(days=max_stay)) if max_stay else None,
                    codec.on(ended) if ended else None,
                    reason,
                    2 if ended else 1,
                ),
            )
            self.counts.placements += 1
            record.list_events.append((started_at, 0, "placed", (kind, housing, by)))
            record.touch(started_at)
            if ended is None:
                return
            ended_at = datetime.combine(ended, time(10), tzinfo=UTC)
            record.list_events.append((ended_at, 0, "left", (reason, housing, by)))
            record.touch(ended_at)
            if reason != EndReason.MOVE_ON or rng.random() < 0.4:
                return
            day = ended + timedelta(days=rng.randint(0, 7))
            kind = pick(rng, NEXT_STAYS)

    def _book_unit(self, rng: random.Random, kind: str, start: date, end: date | None) -> Any:
        units = self.world.units[kind]
        for _ in range(8):
            unit = rng.choice(units)
            if unit.is_free(start, end):
                unit.book(start, end)
                return unit
        return None

    # --- Assessments and tiers ------------------------------------------------------------

    def _assessments(
        self, rng: random.Random, records: list[Record], begin: datetime, end: datetime
    ) -> None:
        contacts = sum(len(r.bedded_down_at) for r in records)
        if rng.random() >= 0.3 + min(0.4, contacts / 40):
            return
        count = 1
        while count < 4 and rng.random() < 0.3:
            count += 1
        severity = rng.random()
        seconds = (end - begin).total_seconds()
        codec = self.codec
        for moment in sorted(at_seconds(begin, rng.uniform(0, seconds)) for _ in range(count)):
            record = self.record_at(records, moment, rng)
            agency_type = pick(rng, ASSESSING_AGENCIES)
            agency = self.world.agencies[agency_type].pk
            by = self.staff(rng, agency_type)
            assessment_id = new_uuid(rng)
            assessed_on = local_date(moment)
            self.writer.add(
                tables.ASSESSMENT,
                (
                    codec.id(assessment_id),
                    codec.id(record.id),
                    codec.id(agency),
                    codec.id(by),
                    codec.at(moment),
                    codec.on(assessed_on),
                    rng.choice(texts.SUMMARIES) if rng.random() < 0.7 else "",
                ),
            )
            levels: dict[str, int] = {}
            uses_nps = False
            for domain in Domain.values:
                if rng.random() >= 0.85:
                    continue
                if domain == Domain.OFFENDING and agency_type == AgencyType.OUTREACH:
                    continue  # an outreach worker's role does not cover offending
                x = rng.random() * (0.5 + severity)
                level = 0 if x < 0.4 else 1 if x < 0.8 else 2 if x < 1.15 else 3
                nps = domain == Domain.DRUGS_ALCOHOL and level >= 2 and rng.random() < 0.25
                uses_nps = uses_nps or nps
                levels[domain] = level
                details = rng.choice(texts.DETAILS) if level >= 2 and rng.random() < 0.5 else ""
                self.writer.add(
                    tables.ASSESSMENT_ANSWER,
                    (codec.id(new_uuid(rng)), codec.id(assessment_id), domain, level, details, nps),
                )
            if rng.random() < 0.03:
                self.writer.add(
                    tables.STAFF_SAFETY_WARNING,
                    (
                        codec.id(new_uuid(rng)),
                        codec.id(record.id),
                        codec.id(agency),
                        codec.id(by),
                        codec.at(moment),
                        rng.choice(texts.WARNINGS),
                    ),
                )
            latest = LatestAssessment(assessment_id, assessed_on, moment, agency, levels, uses_nps)
            if record.assessment is None or latest.order > record.assessment.order:
                record.assessment = latest
            record.touch(moment)
            self.counts.assessments += 1

    def _tier(self, rng: random.Random, record: Record, changes: list[Change]) -> int | None:
        """The tier `calculate_tier` would give the record today (its current tier), from
        its latest assessment and street history; None without an assessment."""
        latest = record.assessment
        if latest is None:
            return None
        since = self.lookback_from
        months = {
            (local.year, local.month)
            for local in (timezone.localtime(m) for m in record.bedded_down_at if m >= since)
        }
        returns = sum(
            1
            for change in changes
            if change.status == ListStatus.ROUGH_SLEEPING
            and change.previous in HOUSED_STATUSES
            and change.at >= since
        )
        inputs = Inputs(
            levels=latest.levels,
            uses_nps=latest.uses_nps,
            months_rough=len(months),
            returns=returns,
        )
        scored = score(self.model.rules, self.model.tiers, inputs)
        codec = self.codec
        self.writer.add(
            tables.TIER_RESULT,
            (
                codec.id(new_uuid(rng)),
                codec.id(record.id),
                codec.id(self.model.pk),
                codec.id(latest.id),
                scored.score,
                scored.tier,
                codec.json(scored.explanation_json()),
                codec.at(self.world.anchor),
                # The tier follows the assessment's sharing, as calculate_tier records it.
                codec.id(latest.agency_id),
            ),
        )
        return scored.tier

    # --- The by-name list -----------------------------------------------------------------

    def _list_history(self, rng: random.Random, record: Record) -> ListEntry | None:
        """Replay the record's contacts and placements through the list's rules
        (outreach/entries.py, housing/placement_actions.py); None when never on the list."""
        entry: ListEntry | None = None
        for moment, _order, kind, payload in sorted(record.list_events, key=lambda e: e[:2]):
            if kind == "contact":
                bedded, agency, by = payload
                if entry is None:
                    status = ListStatus.ROUGH_SLEEPING if bedded else ListStatus.AT_RISK
                    entry = ListEntry(new_uuid(rng), status, moment, moment, agency)
                    entry.changes.append(Change(new_uuid(rng), status, "", moment, agency, by))
                if entry.last_contact_at is None or moment > entry.last_contact_at:
                    entry.last_contact_at = moment
                if (
                    bedded
                    and moment >= entry.since
                    and entry.status not in (ListStatus.ROUGH_SLEEPING, ListStatus.DECEASED)
                ):
                    entry.move(rng, ListStatus.ROUGH_SLEEPING, moment, agency, by)
            elif entry is not None and kind == "placed":
                stay, agency, by = payload
                entry.move(rng, STATUS_FOR_KIND[stay], moment, agency, by)
            elif entry is not None and kind == "left":
                reason, agency, by = payload
                if reason in STATUS_FOR_END:
                    entry.move(rng, STATUS_FOR_END[reason], moment, agency, by)
        if entry is None:
            return None
        # Months without contact: some have left the area; a very few have died.
        quiet_since = max(entry.since, entry.last_contact_at or entry.since)
        if entry.status in (ListStatus.ROUGH_SLEEPING, ListStatus.AT_RISK):
            roll = rng.random()
            moment = quiet_since + timedelta(days=rng.randint(30, 120))
            if moment < self.world.anchor and quiet_since < self.world.anchor - 180 * DAY:
                by = self.staff(rng, AgencyType.OUTREACH)
                agency = self.world.agencies[AgencyType.OUTREACH].pk
                if roll < 0.4:
                    entry.move(rng, ListStatus.LEFT_AREA, moment, agency, by)
                elif roll < 0.405:
                    entry.move(rng, ListStatus.DECEASED, moment, agency, by)
        for change in entry.changes:
            record.touch(change.at)
        return entry

    def _write_list_entry(self, record: Record, entry: ListEntry, tier: int | None) -> None:
        codec = self.codec
        entry_id = codec.id(entry.id)
        person = codec.id(record.id)
        self.writer.add(
            tables.BY_NAME_ENTRY,
            (
                entry_id,
                codec.id(self.partnership_id),
                person,
                entry.status,
                codec.at(entry.since),
                codec.at(entry.added_at),
                codec.id(entry.added_by_agency),
                codec.at(entry.last_contact_at) if entry.last_contact_at else None,
                tier,
                len(entry.changes),  # 1, and one more for each change after the first
            ),
        )
        for change in entry.changes:
            self.writer.add(
                tables.STATUS_CHANGE,
                (
                    codec.id(change.id),
                    entry_id,
                    person,
                    change.status,
                    change.previous,
                    codec.at(change.at),
                    codec.id(change.agency),
                    codec.id(change.by),
                ),
            )

    # --- Notes ----------------------------------------------------------------------------

    def _notes(
        self, rng: random.Random, records: list[Record], begin: datetime, end: datetime
    ) -> None:
        contacts = sum(1 for r in records for e in r.list_events if e[2] == "contact")
        count = int(rng.expovariate(1 / (1 + contacts / 6)) + rng.random())
        seconds = (end - begin).total_seconds()
        codec = self.codec
        for _ in range(count):
            moment = at_seconds(begin, rng.uniform(0, seconds))
            record = self.record_at(records, moment, rng)
            kind = pick(rng, NOTE_KINDS)
            agency_type = rng.choice(NOTE_AGENCIES.get(kind, ANY_NOTE_AGENCY))
            self.writer.add(
                tables.NOTE,
                (
                    codec.id(new_uuid(rng)),
                    codec.id(record.id),
                    codec.id(self.world.agencies[agency_type].pk),
                    codec.id(self.staff(rng, agency_type)),
                    codec.at(moment),
                    kind,
                    texts.note(rng, kind),
                ),
            )
            record.touch(moment)
            self.counts.notes += 1

    # --- The person record ----------------------------------------------------------------

    def _person(self, rng: random.Random, record: Record, *, is_first: bool) -> None:
        """The Person row with its aliases, identifiers, match keys, sharing permission and
        lawful basis. A duplicate holds less than a first record: names and a date."""
        codec, writer, spec = self.codec, self.writer, record.spec
        person_id = codec.id(record.id)
        partnership = codec.id(self.partnership_id)
        agency = codec.id(record.agency_id)
        by = codec.id(record.recorded_by)
        created = codec.at(record.created_at)
        ethnicity, nationality, language, interpreter = "", "", "", None
        immigration, funds = ImmigrationStatus.UNKNOWN, PublicFunds.UNKNOWN
        connection = LocalConnection.UNKNOWN
        if is_first:
            ethnicity = pick(rng, ETHNICITIES)
            nationality, language, statuses = pick(rng, NATIONALITIES)
            interpreter = None if not language else (language != "English" and rng.random() < 0.3)
            immigration = rng.choice(statuses)
            if immigration != ImmigrationStatus.UNKNOWN:
                funds = (
                    PublicFunds.NO_RECOURSE
                    if immigration in NO_RECOURSE
                    else PublicFunds.HAS_RECOURSE
                )
            connection = pick(rng, LOCAL_CONNECTIONS)
        writer.add(
            tables.PERSON,
            (
                person_id,
                partnership,
                agency,
                by,
                created,
                created,
                codec.at(record.last_activity_at),
                spec.preferred,
                spec.given,
                spec.family,
                codec.on(spec.birth_date) if spec.birth_date else None,
                spec.precision,
                spec.estimated_age,
                codec.on(spec.estimated_on) if spec.estimated_on else None,
                spec.gender,
                ethnicity,
                nationality,
                language,
                interpreter,
                immigration,
                funds,
                connection,
                codec.id(record.lead_worker) if record.lead_worker else None,
            ),
        )
        aliases = []
        for kind, given, family in spec.aliases:
            aliases.append(Alias(given_name=given, family_name=family))
            writer.add(
                tables.ALIAS,
                (codec.id(new_uuid(rng)), person_id, agency, by, created, kind, given, family),
            )
        for kind, value in spec.identifiers:
            writer.add(
                tables.IDENTIFIER,
                (codec.id(new_uuid(rng)), person_id, agency, by, created, kind, value, partnership),
            )
        # Exactly what index_person stores for this record.
        stored = Person(
            given_name=spec.given,
            family_name=spec.family,
            preferred_name=spec.preferred,
            birth_date=spec.birth_date,
            birth_date_precision=spec.precision,
        )
        identifiers = [value for _, value in spec.identifiers]
        for value in sorted(keys_for(stored, aliases, identifiers)):
            writer.add(tables.MATCH_KEY, (person_id, partnership, value[:120]))
        # Most people agree to share their record across the partnership; a few refuse.
        roll = rng.random()
        if roll < 0.84:
            permission = new_uuid(rng)
            given = roll < 0.8
            recorded = at_seconds(record.created_at, rng.uniform(0, 2 * 86400))
            recorded = min(recorded, self.world.anchor)
            writer.add(
                tables.PERMISSION,
                (
                    codec.id(permission),
                    person_id,
                    PermissionStatus.GIVEN if given else PermissionStatus.REFUSED,
                    ObtainedHow.VERBAL_WITNESSED,
                    by,
                    agency,
                    codec.at(recorded),
                ),
            )
            if given:
                for section in PERSON_SECTIONS:
                    writer.add(tables.PERMITTED_SECTION, (codec.id(permission), section))
        writer.add(tables.LAWFUL_BASIS, (codec.id(new_uuid(rng)), person_id, by, agency, created))
