"""The accommodation hub: any signed-in member; it lists only the links their roles can use."""

from waypost.testing.routes import SIGNED_IN

ROUTES = {"housing:home": SIGNED_IN}
