"""The public giving page (public_views.py): no sign-in, aggregates only."""

from waypost.testing.routes import PUBLIC

ROUTES = {
    "giving:index": PUBLIC,
    "giving:partnership": PUBLIC,
}
