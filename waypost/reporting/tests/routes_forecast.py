"""Who may reach the forecasts (see waypost/accounts/tests/test_route_coverage.py):
coordinators, commissioners and partnership admins (403 for other roles; 404 for a partnership
they do not work in). test_forecast_page.py proves each denial beside the success.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "reporting:forecast": ROLE,
    "reporting:forecast_csv": ROLE,
}
