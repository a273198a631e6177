"""The person page's link to money for the person: requests, reconnection and personal budgets
(see waypost/people/person_links.py). Offered to the staff who may read or add to the support
section, where such money lives; the page makes its own access checks."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from waypost.audit.models import Section
from waypost.funds.roles import REQUESTER_ROLES
from waypost.people.person_links import PersonLink, roles_in_partnership
from waypost.sharing.policy import PersonAccess

if TYPE_CHECKING:
    from waypost.accounts.models import Membership
    from waypost.people.models import Person


def links_for(
    person: "Person", access: PersonAccess, memberships: Sequence["Membership"]
) -> list[PersonLink]:
    if not roles_in_partnership(person, memberships) & REQUESTER_ROLES:
        return []
    if not access.can_see_any(Section.SUPPORT):
        return []
    return [
        PersonLink(
            "Money",
            reverse("funds:person_money", args=[person.pk]),
            hint="grants, reconnection and personal budgets",
        )
    ]
