"""Who may reach the accommodation register, the vacancy board and the capacity API (see
waypost/accounts/tests/test_route_coverage.py).

The register: the street and case teams and partnership admins read it (403 for referrers,
providers, commissioners and DPOs); coordinators and partnership admins change it (403 for the
others; 404 for another partnership's records). A scheme's page: the register's readers, and
a provider's staff for their own schemes (404 for another agency's). The board: the street and
case teams and providers' staff (403 for others); a scheme's vacancy page: only its provider's
staff (404 for another agency's provider, 403 for the teams who see the board). The capacity
API is public and counts only. test_register_access.py and test_board_access.py prove each
denial beside the success.
"""

from waypost.testing.routes import PUBLIC, ROLE

ROUTES = {
    "housing:register": ROLE,
    "housing:provider_new": ROLE,
    "housing:provider_edit": ROLE,
    "housing:scheme_new": ROLE,
    "housing:scheme": ROLE,
    "housing:scheme_edit": ROLE,
    "housing:unit_new": ROLE,
    "housing:unit_edit": ROLE,
    "housing:board": ROLE,
    "housing:vacancies": ROLE,
    "api-housing-capacity": PUBLIC,  # anonymous, rate-limited, counts only
}
