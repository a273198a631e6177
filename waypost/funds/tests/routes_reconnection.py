"""Who may reach the reconnection and personal budget pages (see
waypost/accounts/tests/test_route_coverage.py). test_reconnection_access.py and
test_reconnection_report.py prove each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    # Roles covering the support section (coordinators, caseworkers, outreach workers), on
    # people and records the policy lets them see; others are refused or "not found".
    "funds:reconnection_new": ROLE,
    "funds:reconnection": ROLE,
    "funds:follow_ups": ROLE,
    "funds:budget_new": ROLE,
    "funds:budget": ROLE,
    # Fund managers (admins, coordinators, commissioners): aggregates only.
    "funds:reconnection_report": ROLE,
}
