"""Who may reach the commissioned services pages (see accounts/tests/test_route_coverage.py):
the commissioning side (coordinators, partnership admins), commissioners (read only) and the
provider agency's own staff; 403 for other roles, 404 for another partnership.
test_commissioning_access.py proves each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "commissioning:contracts": ROLE,
    "commissioning:contract_new": ROLE,
    "commissioning:contract": ROLE,
    "commissioning:contract_edit": ROLE,
    "commissioning:kpi_new": ROLE,
    "commissioning:kpi_edit": ROLE,
    "commissioning:return": ROLE,
    "commissioning:forum_report": ROLE,
    "commissioning:forum_report_pdf": ROLE,
    "commissioning:annual_report": ROLE,
    "commissioning:annual_report_pdf": ROLE,
}
