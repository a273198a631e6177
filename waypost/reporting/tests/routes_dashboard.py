"""Who may reach the partnership dashboard and its downloads: coordinators, commissioners and
partnership admins (403 for other roles; 404 for a partnership they do not work in).
test_dashboard_page.py proves each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "reporting:dashboard": ROLE,
    "reporting:dashboard_csv": ROLE,
    "reporting:dashboard_xlsx": ROLE,
    "reporting:dashboard_pdf": ROLE,
}
