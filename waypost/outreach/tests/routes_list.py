"""Who may reach the by-name list and the flows (see waypost/accounts/tests/test_route_coverage.py).

The list: front-line staff of the partnership (403 for commissioners, admins and data protection
officers; 404 for another partnership); its download, status changes and adding people: the
coordinators, caseworkers and outreach workers (403 for referrers); the "no contact" setting:
coordinators and partnership admins; the flows: coordinators, commissioners and partnership
admins. test_list_access.py, test_list_status.py, test_list_settings.py and test_flows_page.py
prove each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "outreach:list": ROLE,
    "outreach:list_export": ROLE,
    "outreach:list_settings": ROLE,
    "outreach:list_add": ROLE,
    "outreach:list_status": ROLE,
    "outreach:flows": ROLE,
    "outreach:flows_csv": ROLE,
}
