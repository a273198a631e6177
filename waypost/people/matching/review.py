"""The duplicate review queue: reading pairs (access) and deciding them (action).

A pair is shown only to coordinators and caseworkers of its partnership, and only when they
may see the identity of both records; otherwise it is 404, as if it did not exist.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.people.access import record_listed
from waypost.people.matching.candidates import SeenPerson, seen_people, visible_people
from waypost.people.matching.compare import Comparison, compare
from waypost.people.matching.weights import current_weights
from waypost.people.models import DuplicatePair, DuplicateStatus, IdentifierKind

if TYPE_CHECKING:
    from waypost.accounts.models import User

REVIEW_ROLES = (Role.COORDINATOR, Role.CASEWORKER)


class AlreadyDecided(Exception):
    """Someone decided the pair first; their decision stands."""


def reviewer_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    return [m for m in memberships if m.role in REVIEW_ROLES]


def pairs_for_user(user: "User", memberships: Sequence[Membership]) -> QuerySet[DuplicatePair]:
    """Pairs in the partnerships where the user reviews, both records' identity visible."""
    reviewing = reviewer_memberships(memberships)
    partnerships = {m.agency.partnership_id for m in reviewing}
    if not partnerships:
        return DuplicatePair.objects.none()
    visible = visible_people(user, memberships)
    return DuplicatePair.objects.filter(
        Exists(visible.filter(pk=OuterRef("first_id"))),
        Exists(visible.filter(pk=OuterRef("second_id"))),
        partnership_id__in=partnerships,
    )


def pending_pairs_for_user(
    user: "User", memberships: Sequence[Membership]
) -> QuerySet[DuplicatePair]:
    """The queue: pairs waiting for a decision, most likely first (served by the
    (partnership, status, -score) index)."""
    return (
        pairs_for_user(user, memberships)
        .filter(status=DuplicateStatus.PENDING)
        .select_related("first__recorded_by_agency", "second__recorded_by_agency")
        .order_by("-score", "found_at", "id")
    )


def record_queue_listed(
    user: "User", pairs: Sequence[DuplicatePair], memberships: Sequence[Membership]
) -> None:
    """Record that the queue page showed both records' identity for each pair."""
    people = {p.pk: p for pair in pairs for p in (pair.first, pair.second)}
    record_listed(
        user,
        list(people.values()),
        channel=Channel.PAGE,
        route="duplicates:list",
        memberships=memberships,
    )


@dataclass
class PairView:
    pair: DuplicatePair
    first: SeenPerson
    second: SeenPerson
    comparison: Comparison


def get_pair_for_user(
    user: "User", pair_id: UUID, memberships: Sequence[Membership], *, record: bool = True
) -> PairView:
    """One pair side by side, with only the aliases and identifiers the user may see, and
    the comparison recomputed on exactly that. 404 when the user may not review it.

    Records an identity access event for each record (and an offending one for a record
    whose prison number is shown)."""
    pair = (
        pairs_for_user(user, memberships)
        .select_related("first__recorded_by_agency", "second__recorded_by_agency", "decided_by")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        raise Http404
    first, second = seen_people(user, [pair.first, pair.second], memberships)
    comparison = compare(first.profile, second.profile, current_weights())
    if record:
        record_listed(
            user,
            [pair.first, pair.second],
            channel=Channel.PAGE,
            route="duplicates:pair",
            memberships=memberships,
        )
        for seen in (first, second):
            if any(i.kind == IdentifierKind.PRISON_NUMBER for i in seen.identifiers):
                record_access(
                    user,
                    channel=Channel.PAGE,
                    section=Section.OFFENDING,
                    subject_type="person",
                    subject_id=seen.person.pk,
                    person_id=seen.person.pk,
                    agency=_agency_for(memberships, seen.person),
                    route="duplicates:pair",
                )
    return PairView(pair=pair, first=first, second=second, comparison=comparison)


def _agency_for(memberships: Sequence[Membership], person: Any) -> Any:
    mine = [m.agency for m in memberships if m.agency.partnership_id == person.partnership_id]
    return mine[0] if len(mine) == 1 else None


@transaction.atomic
def decide_pair(pair: DuplicatePair, *, same: bool, by: "User") -> DuplicatePair:
    """Record a reviewer's decision. "Different people" is never proposed again (dedupe keeps
    decided pairs as they are); both decisions train the next `train_matcher` run. Nothing
    is merged here: a same-person decision leads to the merge page, where a person chooses."""
    current = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if current.status != DuplicateStatus.PENDING:
        raise AlreadyDecided
    current.status = DuplicateStatus.SAME if same else DuplicateStatus.DIFFERENT
    current.decided_by = by
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    return current
