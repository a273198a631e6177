"""Who may reach the directory's search and service pages (see
waypost/accounts/tests/test_route_coverage.py).

The public directory (/services/) needs no sign-in and shows nothing for professionals only.
The professionals' view (/directory/search/, /directory/services/<id>/) is for any member of
staff with an active membership, and only for their own partnerships' services (404 for
another's). test_search_professional.py proves each denial beside the success.
"""

from waypost.testing.routes import PUBLIC, SIGNED_IN

ROUTES = {
    "services:index": PUBLIC,
    "services:search": PUBLIC,
    "services:help_now": PUBLIC,
    "services:service": PUBLIC,
    "directory:search": SIGNED_IN,
    "directory:service": SIGNED_IN,
}
