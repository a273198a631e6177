"""Who may reach the monthly return (see waypost/accounts/tests/test_route_coverage.py): the
street and case teams, commissioners and admins see figures; coordinators sign off; the street
and case teams see drill-downs (403 for other roles; 404 for a partnership they do not work
in). test_return_access.py proves each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "reporting:returns": ROLE,
    "reporting:return_sign_off": ROLE,
    "reporting:return_csv": ROLE,
    "reporting:return_xlsx": ROLE,
    "reporting:return_people": ROLE,
}
ROUTES |= {
    "reporting:return_bfz": ROLE,
    "reporting:return_bfz_csv": ROLE,
    "reporting:return_hmis": ROLE,
}
