"""Writes to street counts: starting and changing an annual snapshot, the people counted in it
(by hand, or everyone seen bedded down that night), linking a row to a person's record,
submitting (which locks the count) and the monthly single-night figures.

Each action is one transaction that locks the count row first, so a count submitted while
someone was adding to it refuses the late change (`CountLocked`) instead of changing a return
already sent. django-auditlog records the changes to counts.
"""

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.outreach.count_access import visible_people
from waypost.outreach.count_figures import (
    NOT_KNOWN,
    Derived,
    derive,
    figures_for,
    month_start,
    night_sightings,
)
from waypost.outreach.models import (
    CountedAge,
    CountedGender,
    CountedNationality,
    CountedPerson,
    CountKind,
    CountMethod,
    Place,
    StreetCount,
)
from waypost.people.models import Person

DESCRIPTION_LENGTH = 300


class CountLocked(Exception):
    """The count was submitted: it can no longer be changed."""

    def __init__(self, count: StreetCount) -> None:
        super().__init__("submitted")
        self.count = count


class CountChanged(Exception):
    """Someone else changed the count's details since the user loaded the form."""


class CountRefused(Exception):
    """The change cannot be made; the message says why and what to do."""


class CountNotReady(Exception):
    """The return does not add up (or the night is not over): it cannot be submitted yet."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("not ready")
        self.problems = list(problems)


def fingerprint(count: StreetCount) -> str:
    """The count's details as the user saw them, to detect a change made meanwhile. An annual
    street count's total follows its rows, so it is left out for one."""
    follows_rows = count.kind == CountKind.ANNUAL and count.method == CountMethod.COUNT
    total = "" if follows_rows else str(count.total)
    text = "\x1f".join(
        [
            count.method,
            count.night.isoformat(),
            count.areas_covered,
            count.notes,
            total,
            str(count.new_to_rough_sleeping),
            count.agencies_consulted,
            count.verifier,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _lock(count: StreetCount) -> StreetCount:
    current = StreetCount.objects.select_for_update().get(pk=count.pk)
    if current.submitted_at is not None:
        raise CountLocked(current)
    return current


def _sync_total(count: StreetCount) -> None:
    """A street count's total is the number of people listed."""
    if count.method == CountMethod.COUNT:
        count.total = CountedPerson.objects.filter(count=count).count()
        count.save(update_fields=["total"])


def _check_one_a_year(partnership_id: Any, night: date, *, other_than: Any = None) -> None:
    taken = (
        StreetCount.objects.filter(
            partnership_id=partnership_id, kind=CountKind.ANNUAL, night__year=night.year
        )
        .exclude(pk=other_than)
        .first()
    )
    if taken is not None:
        raise CountRefused(
            f"There is already an annual snapshot for {night.year}, for the night of "
            f"{taken.night:%-d %B %Y}. Open it from the list of counts to change its night."
        )


# --- The annual snapshot ------------------------------------------------------------------------


@transaction.atomic
def start_snapshot(
    partnership: Partnership,
    *,
    night: date,
    method: str,
    areas_covered: str,
    notes: str,
    total: int | None,
    agencies_consulted: str,
    verifier: str,
    agency: Agency,
    by: User,
) -> StreetCount:
    """A new annual snapshot (one a year) for the partnership, not yet submitted. The
    agencies consulted and the verifier may wait until it is submitted."""
    _check_one_a_year(partnership.pk, night)
    try:
        with transaction.atomic():
            return StreetCount.objects.create(
                partnership=partnership,
                kind=CountKind.ANNUAL,
                method=method,
                night=night,
                areas_covered=areas_covered,
                notes=notes,
                total=0 if method == CountMethod.COUNT else total,
                agencies_consulted=agencies_consulted,
                verifier=verifier,
                recorded_by_agency=agency,
                recorded_by=by,
            )
    except IntegrityError:  # the same night, saved twice at once
        raise CountRefused(
            f"There is already an annual snapshot for the night of {night:%-d %B %Y}."
        ) from None


@transaction.atomic
def change_snapshot(
    count: StreetCount,
    *,
    seen: str,
    night: date,
    method: str,
    areas_covered: str,
    notes: str,
    total: int | None,
    agencies_consulted: str,
    verifier: str,
    by: User,
) -> StreetCount:
    """Change the snapshot's details. Refused once submitted (`CountLocked`), or when someone
    else changed them since `seen` (`CountChanged`)."""
    current = _lock(count)
    if fingerprint(current) != seen:
        raise CountChanged
    if night.year != current.night.year:
        _check_one_a_year(current.partnership_id, night, other_than=current.pk)
    current.night = night
    current.method = method
    current.areas_covered = areas_covered
    current.notes = notes
    current.agencies_consulted = agencies_consulted
    current.verifier = verifier
    if method != CountMethod.COUNT:
        current.total = total
    current.save()
    _sync_total(current)
    return current


@transaction.atomic
def submit_count(count: StreetCount, *, by: User, now: datetime | None = None) -> StreetCount:
    """Submit the snapshot: from now on nothing about it can change. Refused while the
    breakdowns do not add up to the total, the night is not over or outside 1 October to
    30 November, or the agencies consulted or the verifier are missing (`CountNotReady`)."""
    current = _lock(count)
    now = now or timezone.now()
    figures = figures_for(current, now=now)
    if figures.problems:
        raise CountNotReady(figures.problems)
    current.total = figures.total
    current.submitted_at = now
    current.save(update_fields=["total", "submitted_at"])
    return current


# --- The people counted -------------------------------------------------------------------------


def _place_in(count: StreetCount, place: Place | None) -> Place | None:
    if place is not None and place.partnership_id != count.partnership_id:
        raise CountRefused("Choose one of the partnership’s places")
    return place


@transaction.atomic
def add_counted_people(
    count: StreetCount,
    *,
    how_many: int = 1,
    gender: str = CountedGender.NOT_KNOWN,
    age: str = CountedAge.NOT_KNOWN,
    nationality: str = CountedNationality.NOT_KNOWN,
    place: Place | None = None,
    description: str = "",
    by: User,
) -> list[CountedPerson]:
    """`how_many` people seen on the night, all with these details (a group of three, say)."""
    current = _lock(count)
    place = _place_in(current, place)
    rows = [
        CountedPerson.objects.create(
            count=current,
            gender=gender,
            age=age,
            nationality=nationality,
            place=place,
            description=description[:DESCRIPTION_LENGTH],
        )
        for _ in range(how_many)
    ]
    _sync_total(current)
    return rows


@transaction.atomic
def change_counted_person(
    row: CountedPerson,
    *,
    gender: str,
    age: str,
    nationality: str,
    place: Place | None,
    description: str,
    by: User,
) -> CountedPerson:
    current = _lock(row.count)
    row.place = _place_in(current, place)
    row.gender, row.age, row.nationality = gender, age, nationality
    row.description = description[:DESCRIPTION_LENGTH]
    row.save(update_fields=["place", "gender", "age", "nationality", "description"])
    return row


@transaction.atomic
def remove_counted_person(row: CountedPerson, *, by: User) -> None:
    current = _lock(row.count)
    CountedPerson.objects.filter(pk=row.pk, count=current).delete()
    _sync_total(current)


@transaction.atomic
def link_counted_person(
    row: CountedPerson, person: Person, *, derived: Derived | None, by: User
) -> CountedPerson:
    """Link the row to the person's record; details still "Not known" on the row are filled
    from `derived` (the record's, when the user may see it). A person is counted once."""
    current = _lock(row.count)
    if person.partnership_id != current.partnership_id:
        raise CountRefused("Choose a person known to the partnership")
    if CountedPerson.objects.filter(count=current, person=person).exclude(pk=row.pk).exists():
        raise CountRefused(
            "This person is already on the list for this count. Remove one of the two rows "
            "instead: each person is counted once."
        )
    row.person = person
    if derived is not None:
        for name in ("gender", "age", "nationality"):
            if getattr(row, name) == "not_known":
                setattr(row, name, getattr(derived, name))
    row.save(update_fields=["person", "gender", "age", "nationality"])
    return row


@transaction.atomic
def unlink_counted_person(row: CountedPerson, *, by: User) -> CountedPerson:
    _lock(row.count)
    row.person = None
    row.save(update_fields=["person"])
    return row


@dataclass
class Filled:
    """What "Add everyone seen bedded down that night" did."""

    people: int = 0  # rows added for people with a record
    unidentified: int = 0  # rows added for contacts with someone not yet identified
    already_listed: int = 0  # seen that night, and already on the list
    details_hidden: int = 0  # people whose record the user may not see: details "Not known"
    details_from: list[Person] = field(default_factory=list)  # records the details came from

    @property
    def added(self) -> int:
        return self.people + self.unidentified


@transaction.atomic
def add_bedded_down(count: StreetCount, *, by: User, memberships: Sequence[Membership]) -> Filled:
    """Add a row for everyone seen bedded down from 22:00 on the count's night to 06:00 the
    next morning: one per person, one per contact with someone not yet identified, never a
    person already listed (running it again adds only who is new since).

    Gender, age band on the night and nationality come from the person's record when `by` may
    see their identity; otherwise they are "Not known" for someone who can to change.
    """
    current = _lock(count)
    sightings = night_sightings(current.partnership_id, current.night)
    listed = list(
        CountedPerson.objects.filter(count=current).values_list(
            "person_id", "place_id", "description"
        )
    )
    listed_people = {person_id for person_id, _, _ in listed if person_id is not None}
    unidentified_listed = Counter(
        (place_id, description) for person_id, place_id, description in listed if person_id is None
    )
    filled = Filled()
    new_ids = [pk for pk in sightings.people if pk not in listed_people]
    filled.already_listed = len(sightings.people) - len(new_ids)
    people = visible_people(by, memberships, new_ids)
    for person_id in new_ids:
        contact = sightings.people[person_id]
        record = people.get(person_id)
        derived = derive(record, current.night) if record is not None else NOT_KNOWN
        if record is None:
            filled.details_hidden += 1
        else:
            filled.details_from.append(record)
        CountedPerson.objects.create(
            count=current,
            person_id=person_id,
            place_id=contact.place_id,
            gender=derived.gender,
            age=derived.age,
            nationality=derived.nationality,
        )
        filled.people += 1
    # Someone not yet identified is matched to a row by place and description: running it
    # again adds only as many as were seen beyond those already listed.
    for contact in sightings.unidentified:
        key = (contact.place_id, contact.description[:DESCRIPTION_LENGTH])
        if unidentified_listed[key] > 0:
            unidentified_listed[key] -= 1
            filled.already_listed += 1
            continue
        CountedPerson.objects.create(count=current, place_id=contact.place_id, description=key[1])
        filled.unidentified += 1
    _sync_total(current)
    return filled


# --- Monthly single-night figures ----------------------------------------------------------------


@transaction.atomic
def record_monthly_figure(
    partnership: Partnership,
    *,
    month: date,
    seen: str,
    night: date,
    total: int,
    new_to_rough_sleeping: int,
    agency: Agency,
    by: User,
) -> StreetCount:
    """The month's single-night figure: made the first time, changed after (one a month).
    `seen` is the figure's fingerprint when the user loaded the form ("" for none yet)."""
    month = month_start(month)
    existing = (
        StreetCount.objects.select_for_update()
        .filter(partnership=partnership, kind=CountKind.MONTHLY, night__gte=month)
        .filter(night__lt=_next_month(month))
        .first()
    )
    if existing is not None:
        if existing.submitted_at is not None:
            raise CountLocked(existing)
        if fingerprint(existing) != seen:
            raise CountChanged
        existing.night = night
        existing.total = total
        existing.new_to_rough_sleeping = new_to_rough_sleeping
        existing.save(update_fields=["night", "total", "new_to_rough_sleeping"])
        return existing
    if seen:
        raise CountChanged  # it was removed meanwhile
    return StreetCount.objects.create(
        partnership=partnership,
        kind=CountKind.MONTHLY,
        method=CountMethod.COUNT,
        night=night,
        total=total,
        new_to_rough_sleeping=new_to_rough_sleeping,
        recorded_by_agency=agency,
        recorded_by=by,
    )


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
