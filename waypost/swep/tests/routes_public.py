"""The public severe weather pages: no sign-in (test_public_pages.py)."""

from waypost.testing.routes import PUBLIC

ROUTES = {
    "weather:status": PUBLIC,
    "weather:partnership": PUBLIC,
}
