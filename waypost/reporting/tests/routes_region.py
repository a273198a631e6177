"""Who may reach the regional view and its practice notes (see
waypost/accounts/tests/test_route_coverage.py): combined authority officers, and the
coordinators, commissioners and admins of a partnership in the region; notes are written by
officers, coordinators and admins (403 for other roles; 404 for another region).
test_region.py and test_practice_notes.py prove each denial beside the success.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "reporting:region": ROLE,
    "reporting:region_csv": ROLE,
    "reporting:region_notes": ROLE,
    "reporting:region_note_new": ROLE,
    "reporting:region_note": ROLE,
}
