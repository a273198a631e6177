"""Who may reach the pages where agencies keep their services (see
waypost/accounts/tests/test_route_coverage.py).

Any active member of an agency except commissioners and data protection officers (403) keeps
the services of their agency's organisation (404 for another agency's or another partnership's);
coordinators and partnership admins keep all of their partnership's, and its areas and
organisations (403 for everyone else). test_manage_access.py proves each denial beside the
success.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "directory:manage": ROLE,
    "directory:service_new": ROLE,
    "directory:service_edit": ROLE,
    "directory:service_check": ROLE,
    "directory:closures": ROLE,
    "directory:closure_remove": ROLE,
    "directory:location_edit": ROLE,
    "directory:areas": ROLE,
    "directory:area_edit": ROLE,
    "directory:area_remove": ROLE,
    "directory:organizations": ROLE,
    "directory:organization_new": ROLE,
    "directory:organization_edit": ROLE,
}
