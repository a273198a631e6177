"""The sharing panel on the person page: consent, lawful basis, restriction and break-glass.

The person page calls `sharing_panel(request, person, access)` and includes
templates/sharing/_person_panel.html with the result as `sharing_panel`.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from waypost.people.models import Person
from waypost.sharing.access import (
    SharingRights,
    active_break_glass,
    current_lawful_basis,
    current_permission,
    sharing_rights,
)
from waypost.sharing.policy import PersonAccess


def sharing_panel(
    request: HttpRequest,
    person: Person,
    access: PersonAccess,
    rights: SharingRights | None = None,
) -> dict[str, Any]:
    """What the panel shows to this user, in three to five small queries.

    The current sharing permission (status, scope, who recorded it, review date), the lawful
    basis or its absence, restriction of processing, the user's running break-glass, and the
    links the user may follow to change each.
    """
    memberships = getattr(request, "memberships", [])
    if rights is None:
        rights = sharing_rights(memberships, person, access)
    permission = current_permission(person)
    return {
        "person": person,
        "permission": permission,
        "lawful_basis": current_lawful_basis(person),
        "is_restricted": person.is_restricted,
        "break_glass": active_break_glass(request.user, access),  # type: ignore[arg-type]
        "rights": rights,
        "today": timezone.localdate(),
    }
