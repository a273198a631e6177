"""Who may reach a route, for the route-coverage test (accounts/tests/test_route_coverage.py).

Each app declares its routes in `waypost/<app>/tests/routes.py` as ROUTES = {"app:name": KIND}.
"""

PUBLIC = "public"
SIGNED_IN = "signed in"  # any active member
ROLE = "role"  # specific roles; a test beside the view proves the denial
