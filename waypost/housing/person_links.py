"""The person page's links to accommodation about the person (see
waypost/people/person_links.py). The pages behind them make their own access checks."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from waypost.audit.models import Section
from waypost.housing.housing_first_access import housing_first_link
from waypost.people.person_links import PersonLink, roles_in_partnership
from waypost.sharing.policy import PersonAccess

if TYPE_CHECKING:
    from waypost.accounts.models import Membership
    from waypost.people.models import Person

PLACING_ROLES = {"coordinator", "caseworker", "outreach_worker"}


def links_for(
    person: "Person", access: PersonAccess, memberships: Sequence["Membership"]
) -> list[PersonLink]:
    roles = roles_in_partnership(person, memberships)
    if not access.own_agencies_for(Section.HOUSING_HISTORY):
        return []
    links = [
        PersonLink(
            "Accommodation",
            reverse("housing:person_placements", args=[person.pk]),
            "Where they have stayed, and where they are now",
        ),
        PersonLink("Tenancies", reverse("housing:person_tenancies", args=[person.pk])),
    ]
    if roles & PLACING_ROLES:
        links.append(
            PersonLink(
                "Suitable beds",
                reverse("housing:person_beds", args=[person.pk]),
                "Free beds that suit what the record says they need",
            )
        )
    housing_first = housing_first_link(person, access, memberships)
    if housing_first is not None:
        links.append(PersonLink(housing_first.text, housing_first.href))
    return links
