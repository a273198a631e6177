"""Who may reach the printable toolkit (see waypost/accounts/tests/test_route_coverage.py).

Staff pages: every member of the partnership sees its toolkits and downloads them (404 for
another partnership's); only its coordinators and partnership admins change the services
(403 for the others). The public page and downloads need no sign-in (404 for an unknown
partnership or audience). test_toolkit_access.py proves each denial beside the success.
"""

from waypost.testing.routes import PUBLIC, ROLE, SIGNED_IN

ROUTES = {
    "directory:toolkit": SIGNED_IN,
    "directory:toolkit_audience": ROLE,  # members see; coordinators and admins change
    "directory:toolkit_pdf": SIGNED_IN,  # members of the partnership
    "services:toolkit": PUBLIC,
    "services:toolkit_pdf": PUBLIC,  # the same leaflet: public details only
}
