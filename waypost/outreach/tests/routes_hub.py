"""The outreach hub page: any signed-in member; it lists only the links their roles can use."""

from waypost.testing.routes import SIGNED_IN

ROUTES = {"outreach:home": SIGNED_IN}
