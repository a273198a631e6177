"""Who may reach the gap analysis (see waypost/accounts/tests/test_route_coverage.py):
coordinators, commissioners and partnership admins (403 for other roles; 404 for a partnership
they do not work in). test_gap_access.py proves each denial beside the success.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "directory:gaps": ROLE,
    "directory:gaps_csv": ROLE,
}
