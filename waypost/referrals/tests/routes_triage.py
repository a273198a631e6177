"""Who may reach the housing options team's referral pages (see
waypost/accounts/tests/test_route_coverage.py)."""

from waypost.testing.routes import ROLE

ROUTES = {
    "referrals:detail": ROLE,  # the triage team, the assigned caseworker, the referrer's agency
}
