"""The months each person record was seen bedded down (BeddedDownMonth): one row per record and
UK month, holding the nights seen in it and the months seen in the 60 before.

The monthly return reads these rows instead of each person's whole history of contacts (at
20M contacts that history took seconds to read). They are derived data, kept exactly in step
with the record's street contacts:

- every save of a street contact rebuilds its record's rows (the post_save receiver below);
- a merge or its undoing moves contacts between records with one UPDATE, so it sends
  `waypost.people.signals.records_moved`, and both records' rows are rebuilt;
- writers that skip save() (bulk loads, tests' bulk_create) call `refresh_records` or
  `rebuild`; `manage.py rebuild_bedded_down_months` rebuilds every row.

Deleting a person deletes their rows with them.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from waypost.outreach.flows import month_number
from waypost.outreach.models import NEW_LOOKBACK_MONTHS, BeddedDownMonth, StreetContact
from waypost.people.signals import records_moved

NIGHT_STARTS_AT = 12  # a contact before noon belongs to the night that began the day before
# The fields of a contact the rows are worked out from: a save that changes none of them
# changes no row.
COUNTED_FIELDS = frozenset({"partnership", "person", "contacted_at", "bedded_down"})
BATCH = 5000


def night_of(moment: datetime) -> date:
    """The night a moment belongs to: its date in UK time, or the day before, before noon."""
    local = timezone.localtime(moment)
    return local.date() - timedelta(days=1) if local.hour < NIGHT_STARTS_AT else local.date()


def night_bit(month: date, night: date) -> int:
    """The bit of `nights` for `night`, in the row for `month`."""
    return 1 << ((night - month).days + 1)


def nights_in(month: date, nights: int) -> list[date]:
    """The nights the bits of `nights` stand for, in order."""
    return [
        month + timedelta(days=bit - 1) for bit in range(nights.bit_length()) if nights >> bit & 1
    ]


def first_night(month: date, nights: int) -> date:
    """The first night the bits of `nights` (not 0) stand for."""
    return month + timedelta(days=(nights & -nights).bit_length() - 2)


@dataclass(frozen=True)
class MonthSeen:
    month: date
    nights: int
    months_before: int


def months_seen(moments: Iterable[datetime]) -> list[MonthSeen]:
    """One record's rows, from the moments it was seen bedded down (in one partnership)."""
    nights: dict[date, int] = defaultdict(int)
    for moment in moments:
        month = timezone.localtime(moment).date().replace(day=1)
        nights[month] |= night_bit(month, night_of(moment))
    months = sorted(nights)
    numbers = [month_number(month) for month in months]
    rows = []
    for i, month in enumerate(months):
        before = 0
        j = i - 1
        while j >= 0 and numbers[i] - numbers[j] <= NEW_LOOKBACK_MONTHS:
            before |= 1 << (numbers[i] - numbers[j])
            j -= 1
        rows.append(MonthSeen(month, nights[month], before))
    return rows


def _rows(
    model: Any, partnership_id: Any, person_id: Any, moments: list[datetime]
) -> Iterator[Any]:
    for seen in months_seen(moments):
        yield model(
            partnership_id=partnership_id,
            person_id=person_id,
            month=seen.month,
            nights=seen.nights,
            months_before=seen.months_before,
        )


def refresh_records(person_ids: Iterable[Any]) -> None:
    """Rebuild the rows of these person records from their street contacts."""
    from waypost.people.models import Person

    ids = sorted({pk for pk in person_ids if pk is not None}, key=str)
    if not ids:
        return
    with transaction.atomic():
        # One rebuild of a record at a time: two saves of its contacts at once would otherwise
        # both insert its rows.
        locked = list(
            Person.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk")
        )
        if not locked:
            return
        BeddedDownMonth.objects.filter(person_id__in=ids).delete()
        moments: dict[tuple[Any, Any], list[datetime]] = defaultdict(list)
        for partnership_id, person_id, at in (
            StreetContact.objects.filter(person_id__in=ids, bedded_down=True)
            .order_by()
            .values_list("partnership_id", "person_id", "contacted_at")
        ):
            moments[partnership_id, person_id].append(at)
        BeddedDownMonth.objects.bulk_create(
            row
            for (partnership_id, person_id), seen in moments.items()
            for row in _rows(BeddedDownMonth, partnership_id, person_id, seen)
        )


def rebuild(
    *,
    contact_model: Any = StreetContact,
    month_model: Any = BeddedDownMonth,
    progress: Any = None,
) -> int:
    """Rebuild every row from every street contact (the migration passes its historical
    models). Reads the contacts in record order, one record at a time. Returns the rows
    written."""
    month_model.objects.all().delete()
    written = 0
    batch: list[Any] = []
    contacts = (
        contact_model.objects.filter(bedded_down=True, person__isnull=False)
        .order_by("person_id")
        .values_list("person_id", "partnership_id", "contacted_at")
        .iterator(chunk_size=20_000)
    )
    person: Any = None
    moments: dict[Any, list[datetime]] = defaultdict(list)  # by partnership
    for person_id, partnership_id, at in contacts:
        if person_id != person:
            for partnership, seen in moments.items():
                batch.extend(_rows(month_model, partnership, person, seen))
            person, moments = person_id, defaultdict(list)
            if len(batch) >= BATCH:
                month_model.objects.bulk_create(batch)
                written += len(batch)
                batch = []
                if progress is not None:
                    progress(written)
        moments[partnership_id].append(at)
    for partnership, seen in moments.items():
        batch.extend(_rows(month_model, partnership, person, seen))
    month_model.objects.bulk_create(batch)
    return written + len(batch)


@receiver(post_save, sender=StreetContact, dispatch_uid="bedded_down_months_on_save")
def _contact_saved(
    sender: Any, instance: StreetContact, raw: bool, update_fields: Any, **kwargs: Any
) -> None:
    if raw or instance.person_id is None:
        return
    if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
        return
    refresh_records([instance.person_id])


@receiver(records_moved, dispatch_uid="bedded_down_months_on_merge")
def _records_moved(sender: Any, person_ids: Iterable[Any], **kwargs: Any) -> None:
    refresh_records(person_ids)
