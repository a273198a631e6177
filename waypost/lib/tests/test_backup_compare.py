"""How a restore reports what differs from the manifest: by table, in plain words."""

from datetime import UTC, datetime, timedelta, timezone

from waypost.lib.backup import Snapshot, TableSum, _canonical_row, compare

MANIFEST = {
    "migrations": {"people": ["0001_initial"]},
    "tables": {
        "people_person": {"rows": 3, "sha256": "aaa"},
        "referrals_referral": {"rows": 2, "sha256": "bbb"},
        "audit_accessevent": {"rows": 5, "sha256": "ccc"},
    },
}


def test_a_faithful_copy_has_no_differences():
    copy = Snapshot(
        {
            "people_person": TableSum(3, "aaa"),
            "referrals_referral": TableSum(2, "bbb"),
            "audit_accessevent": TableSum(5, "ccc"),
        },
        {"people": ["0001_initial"]},
    )

    assert compare(MANIFEST, copy) == []


def test_each_kind_of_difference_is_named_with_its_table():
    copy = Snapshot(
        {
            "people_person": TableSum(3, "changed"),
            "referrals_referral": TableSum(1, "bbb"),
            "stray_table": TableSum(4, "ddd"),
        },
        {"people": ["0001_initial", "0002_more"]},
    )

    assert compare(MANIFEST, copy) == [
        "The migrations recorded as applied differ from the backup's.",
        "people_person: same number of rows, but their contents differ.",
        "referrals_referral: 1 rows, the backup has 2.",
        "audit_accessevent: missing (5 rows in the backup).",
        "stray_table: not in the backup (4 rows).",
    ]


def test_a_row_reads_the_same_whatever_time_zone_the_driver_used():
    at_utc = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    at_plus_one = at_utc.astimezone(timezone(timedelta(hours=1)))

    assert _canonical_row([1, at_utc]) == _canonical_row([1, at_plus_one])
    assert _canonical_row([1, at_utc]) != _canonical_row([1, at_utc + timedelta(seconds=1)])
