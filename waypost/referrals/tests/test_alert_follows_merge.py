"""An alert linked to a record moves with it when two records of one person are merged, and
back again when the merge is undone."""

from waypost.people.merging import merge_people, unmerge
from waypost.referrals.actions import link_person
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.people import make_person


def test_a_linked_alert_follows_a_merge_and_its_undoing(areas, world, coordinator_user):
    kept = make_person(world.council, by=coordinator_user)
    merged = make_person(world.council, by=coordinator_user, given_name="Joe")
    alert = make_alert()
    link_person(alert, merged, by=coordinator_user)
    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    alert.refresh_from_db()
    assert alert.person == kept
    unmerge(merge, by=coordinator_user)
    alert.refresh_from_db()
    assert alert.person == merged
