"""Who may reach the discharge and release pages (see
waypost/accounts/tests/test_route_coverage.py). The tests in test_discharge_*.py prove each
denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "referrals:discharge_board": ROLE,  # the triage team; referrers see their own referrals
    "referrals:discharge_kpi": ROLE,  # the triage team, coordinators, commissioners: counts only
    "referrals:discharge_confirm": ROLE,  # the triage team and the assigned caseworker
    "referrals:discharge_unconfirm": ROLE,  # the triage team and the assigned caseworker
    "referrals:discharge_change_date": ROLE,  # the triage team or the referring agency
    "referrals:discharge_outcome": ROLE,  # the triage team or the referring agency
}
