"""Who may reach the referrals analysis (see waypost/accounts/tests/test_route_coverage.py).

Aggregates only. Coordinators, commissioners and partnership admins of the partnership, and
caseworkers of its triage team, see the figures (403 for other roles, 404 for another
partnership's); coordinators and partnership admins set the target. The tests in
test_analysis_access.py prove each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "referrals:analysis": ROLE,
    "referrals:analysis_csv": ROLE,
    "referrals:duty_target": ROLE,
}
