"""The bedded-down months the monthly return reads stay exactly what the street contacts say,
whichever way the contacts are written: recorded, identified later, merged with another record
and the merge undone, or the person deleted. "What the contacts say" is a rebuild of every row
from scratch."""

from datetime import UTC, date, datetime, timedelta

from django.core.management import call_command

from waypost.outreach.contact_actions import identify_contact, record_street_contact
from waypost.outreach.models import BeddedDownMonth
from waypost.outreach.sighting_months import first_night, months_seen, nights_in, rebuild
from waypost.people.merging import merge_people, unmerge
from waypost.testing.people import make_person


def _stored():
    return sorted(
        BeddedDownMonth.objects.values_list(
            "partnership_id", "person_id", "month", "nights", "months_before"
        ),
        key=str,
    )


def _as_rebuilt():
    """The rows stored, and the rows a rebuild from every contact writes (which it leaves)."""
    stored = _stored()
    rebuild()
    return stored, _stored()


def _met(agency, by, person, when, *, bedded_down=True, description=""):
    return record_street_contact(
        agency=agency,
        by=by,
        person=person,
        contacted_at=when,
        bedded_down=bedded_down,
        description=description,
        location_detail="Doorway of the old bank",
    )


def test_a_record_is_seen_by_uk_month_with_its_nights_and_the_months_before():
    rows = months_seen(
        [
            datetime(2020, 1, 15, 22, tzinfo=UTC),
            datetime(2024, 12, 31, 23, 30, tzinfo=UTC),  # December in London (GMT)
            datetime(2025, 1, 1, 9, tzinfo=UTC),  # before noon on the 1st: the night before
            datetime(2025, 1, 1, 22, tzinfo=UTC),
            datetime(2025, 1, 2, 8, tzinfo=UTC),  # the night of 1 January again
            datetime(2025, 6, 30, 23, 30, tzinfo=UTC),  # 00:30 on 1 July in London (BST)
        ]
    )
    assert [(r.month, nights_in(r.month, r.nights)) for r in rows] == [
        (date(2020, 1, 1), [date(2020, 1, 15)]),
        (date(2024, 12, 1), [date(2024, 12, 31)]),
        (date(2025, 1, 1), [date(2024, 12, 31), date(2025, 1, 1)]),
        (date(2025, 7, 1), [date(2025, 6, 30)]),
    ]
    assert [first_night(r.month, r.nights) for r in rows] == [
        date(2020, 1, 15),
        date(2024, 12, 31),
        date(2024, 12, 31),
        date(2025, 6, 30),
    ]
    bits = [{k for k in range(64) if r.months_before >> k & 1} for r in rows]
    # January 2020 is 59 months before December 2024 and 60 before January 2025 (both in
    # the look-back), 66 before July 2025 (not).
    assert bits == [set(), {59}, {1, 60}, {6, 7}]


def test_recorded_and_identified_contacts_are_in_step(world, outreach_user):
    agency = world.outreach
    ann = make_person(agency, given_name="Ann")
    now = datetime(2026, 11, 20, 22, tzinfo=UTC)
    _met(agency, outreach_user, ann, now - timedelta(days=90))
    _met(agency, outreach_user, ann, now - timedelta(days=60), bedded_down=False)
    unknown = _met(agency, outreach_user, None, now, description="Tall, red coat")
    stored, rebuilt = _as_rebuilt()
    assert stored == rebuilt
    assert [row[1] for row in stored] == [ann.pk]  # not bedded down, or not yet known: no row

    identify_contact(unknown, ann, by=outreach_user, agency=agency)
    stored, rebuilt = _as_rebuilt()
    assert stored == rebuilt
    months = BeddedDownMonth.objects.filter(person=ann).order_by("month")
    assert [(m.month, m.months_before) for m in months] == [
        (date(2026, 8, 1), 0),
        (date(2026, 11, 1), 1 << 3),
    ]


def test_a_merge_and_its_undoing_move_the_months_with_the_contacts(
    world, caseworker_user, outreach_user
):
    agency = world.outreach
    kept = make_person(world.council, given_name="Jo")  # the caseworker's agency's records
    merged = make_person(world.council, given_name="Joanne")
    _met(agency, outreach_user, kept, datetime(2026, 10, 3, 22, tzinfo=UTC))
    _met(agency, outreach_user, merged, datetime(2026, 10, 3, 23, tzinfo=UTC))
    _met(agency, outreach_user, merged, datetime(2026, 7, 9, 22, tzinfo=UTC))
    before = _stored()

    merge = merge_people(kept, merged, field_choices={}, by=caseworker_user)
    stored, rebuilt = _as_rebuilt()
    assert stored == rebuilt
    rows = BeddedDownMonth.objects.filter(person=kept).order_by("month")
    assert [(r.month, r.nights.bit_count(), r.months_before) for r in rows] == [
        (date(2026, 7, 1), 1, 0),
        (date(2026, 10, 1), 1, 1 << 3),  # one night, though both records were seen in it
    ]
    assert not BeddedDownMonth.objects.filter(person=merged).exists()

    unmerge(merge, by=caseworker_user)
    stored, rebuilt = _as_rebuilt()
    assert stored == rebuilt == before


def test_deleting_a_person_deletes_their_months(world, outreach_user):
    gone = make_person(world.outreach, given_name="Gone")
    _met(world.outreach, outreach_user, gone, datetime(2026, 10, 3, 22, tzinfo=UTC))
    assert BeddedDownMonth.objects.filter(person=gone).exists()
    gone.delete()
    assert not BeddedDownMonth.objects.exists()


def test_the_command_rebuilds_rows_gone_astray(world, outreach_user):
    ann = make_person(world.outreach, given_name="Ann")
    _met(world.outreach, outreach_user, ann, datetime(2026, 10, 3, 22, tzinfo=UTC))
    right = _stored()
    BeddedDownMonth.objects.update(nights=0, months_before=7)
    BeddedDownMonth.objects.create(
        partnership=world.coventry, person=ann, month=date(2020, 1, 1), nights=2, months_before=0
    )
    call_command("rebuild_bedded_down_months", verbosity=0)
    assert _stored() == right
