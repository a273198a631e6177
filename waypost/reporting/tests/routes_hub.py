"""The reporting hub is for every signed-in member; it lists only the pages their roles use."""

from waypost.testing.routes import SIGNED_IN

ROUTES = {"reporting:home": SIGNED_IN}
