"""Hub pages: one page per area listing the pages a user's roles can use, so the service
navigation stays short (a phone shows it in full) while every page is two taps away."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class HubLink:
    text: str
    url_name: str
    description: str
    roles: frozenset[str]


@dataclass(frozen=True)
class ShownLink:
    text: str
    href: str
    description: str


def links_for(links: Sequence[HubLink], roles: Iterable[str]) -> list[ShownLink]:
    """The links any of `roles` may use, in the hub's order."""
    mine = set(roles)
    return [
        ShownLink(link.text, reverse(link.url_name), link.description)
        for link in links
        if link.roles & mine
    ]
