"""Who may reach the strategy tracker (see waypost/accounts/tests/test_route_coverage.py):
coordinators and partnership admins keep plans; commissioners and regional officers read them;
coordinators, partnership admins and commissioners create and read policy impact checks.
Other roles 403; another partnership's records 404 (test_tracker_access.py, test_impact.py).
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "strategy:strategies": ROLE,
    "strategy:strategy": ROLE,
    "strategy:reviews": ROLE,
    "strategy:review_new": ROLE,
    "strategy:review": ROLE,
    "strategy:board_report": ROLE,
    "strategy:commitment": ROLE,
    "strategy:commitment_measure": ROLE,
    "strategy:action": ROLE,
    "strategy:impact_checks": ROLE,
    "strategy:impact_new": ROLE,
    "strategy:impact_summary": ROLE,
    "strategy:impact_csv": ROLE,
    "strategy:impact_check": ROLE,
    "strategy:impact_submit": ROLE,
}
