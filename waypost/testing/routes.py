"""Who may reach a route, for the route-coverage test (accounts/tests/test_route_coverage.py).

Each app declares its routes in `waypost/<app>/tests/routes.py` as ROUTES = {"app:name": KIND}.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = "public"
SIGNED_IN = "signed in"  # any active member
ROLE = "role"  # specific roles; a test beside the view proves the denial


@dataclass(frozen=True)
class Route:
    name: str | None  # "app:name", None for an unnamed route
    pattern: str  # the whole route, like "people/<uuid:person_id>/"
    callback: Callable[..., Any]


def every_route(patterns: Any = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every route in the URL configuration, with its namespaced name and whole pattern."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_route(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name, prefix + str(entry.pattern), entry.callback)
