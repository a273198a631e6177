"""The directory hub: any signed-in member (it lists what their roles can use)."""

from waypost.testing.routes import SIGNED_IN

ROUTES = {"directory:home": SIGNED_IN}
