"""The "possible existing person" step of every page that creates a person while linking
something to them (an alert, a referral, a street contact, a person counted)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from waypost.audit.models import Channel
from waypost.people.access import record_listed
from waypost.people.matching import find_candidates

if TYPE_CHECKING:
    from waypost.accounts.models import Membership, User
    from waypost.people.forms import PersonCreateForm


def possible_existing_people(
    user: "User",
    form: "PersonCreateForm",
    *,
    partnership_id: Any,
    route: str,
    memberships: Sequence["Membership"],
) -> list[Any]:
    """The records in the partnership that the person typed into `form` may already have,
    each recorded in the access log as a search result shown."""
    candidates = [
        c
        for c in find_candidates(user, form.match_query(), memberships=memberships)
        if c.person.partnership_id == partnership_id
    ]
    if candidates:
        record_listed(
            user,
            [c.person for c in candidates],
            channel=Channel.SEARCH,
            route=route,
            memberships=memberships,
        )
    return candidates
