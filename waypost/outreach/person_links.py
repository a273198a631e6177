"""The person page's links to street work about the person (see waypost/people/person_links.py)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from waypost.outreach.list_access import person_list_link
from waypost.people.person_links import PersonLink, roles_in_partnership
from waypost.sharing.policy import PersonAccess

if TYPE_CHECKING:
    from waypost.accounts.models import Membership
    from waypost.people.models import Person

CONTACT_ROLES = {"coordinator", "caseworker", "outreach_worker"}


def links_for(
    person: "Person", access: PersonAccess, memberships: Sequence["Membership"]
) -> list[PersonLink]:
    links = []
    if roles_in_partnership(person, memberships) & CONTACT_ROLES:
        href = reverse("outreach:contact_new") + f"?person={person.pk}"
        links.append(PersonLink("Record a street contact", href))
    on_list = person_list_link(person, access, memberships)
    if on_list is not None:
        hint = f"Now: {on_list.status_label}" if on_list.status_label else ""
        links.append(PersonLink(on_list.text, on_list.url + "?from=person", hint))
    return links
