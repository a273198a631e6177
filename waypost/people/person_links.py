"""Links from the person page to what other apps hold about the person (street contacts, the
by-name list, plans, meetings...). The people app cannot import the apps above it, so each app
that has pages about a person offers them in its own `person_links.py`:

    def links_for(person, access, memberships) -> list[PersonLink]

and decides there, from the user's memberships and the access policy, which links to offer.
The pages behind the links still make their own access checks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from waypost.audit.subject_access.registry import app_modules

if TYPE_CHECKING:
    from waypost.accounts.models import Membership
    from waypost.people.models import Person
    from waypost.sharing.policy import PersonAccess


@dataclass(frozen=True)
class PersonLink:
    text: str
    href: str
    hint: str = ""


def person_links(
    person: "Person", access: "PersonAccess", memberships: Sequence["Membership"]
) -> list[PersonLink]:
    """Every app's links for this person and user, in app order."""
    links: list[PersonLink] = []
    for module in app_modules("person_links"):
        links_for = getattr(module, "links_for", None)
        if links_for is not None:
            links.extend(links_for(person, access, memberships))
    return links


def roles_in_partnership(person: "Person", memberships: Sequence["Membership"]) -> set[str]:
    return {m.role for m in memberships if m.agency.partnership_id == person.partnership_id}
