"""Who may reach the SWEP sweep and the end-of-activation report (see
waypost/accounts/tests/test_route_coverage.py).

The sweep pages: coordinators, caseworkers and outreach workers of the activation's
partnership (403 for other roles, 404 for another partnership); the report and its CSV: those
roles plus commissioners and partnership admins. test_sweep_access.py and test_report_page.py
prove each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "swep:sweep": ROLE,
    "swep:sweep_person": ROLE,
    "swep:sweep_new_person": ROLE,
    "swep:report": ROLE,
    "swep:report_csv": ROLE,
}
