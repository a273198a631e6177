"""Who may reach the alert pages (see waypost/accounts/tests/test_route_coverage.py).

The public pages need no sign-in and show nothing personal. The outreach pages are for
outreach workers and coordinators (403 for other roles) and answer 404 for an alert routed
to another partnership; the tests beside each view prove both.
"""

from waypost.testing.routes import PUBLIC, ROLE

ROUTES = {
    "alerts:new": PUBLIC,  # the public alert form
    "alerts:sent": PUBLIC,  # the confirmation: reference and next steps only
    "alerts:status_lookup": PUBLIC,
    "alerts:status": PUBLIC,  # status and dates only, reached by the unguessable reference
    "alerts:queue": ROLE,  # outreach workers and coordinators
    "alerts:closed": ROLE,
    "alerts:detail": ROLE,
    "alerts:record_visit": ROLE,
    "alerts:link_person": ROLE,
    "alerts:forward": ROLE,  # coordinators
    "alerts:areas": ROLE,  # partnership admins
    "alerts:area_edit": ROLE,
    "api-alerts": PUBLIC,  # POST /api/v1/alerts/: limited per address
}
