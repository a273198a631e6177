"""Who may reach the HSDS 3 API (see waypost/accounts/tests/test_route_coverage.py).

All public, like the directory itself: no token needed, limited per address, and nothing for
professionals only in any answer (test_hsds_api.py proves both).
"""

from waypost.testing.routes import PUBLIC

ROUTES = {
    "hsds-root": PUBLIC,
    "hsds-openapi": PUBLIC,
    "hsds-services": PUBLIC,
    "hsds-service": PUBLIC,
    "hsds-organizations": PUBLIC,
    "hsds-organization": PUBLIC,
    "hsds-service-at-locations": PUBLIC,
    "hsds-service-at-location": PUBLIC,
    "hsds-taxonomies": PUBLIC,
    "hsds-taxonomy": PUBLIC,
    "hsds-taxonomy-terms": PUBLIC,
    "hsds-taxonomy-term": PUBLIC,
}
