"""Who may read and keep a partnership's action plans, and the one door to each record.

Coordinators and partnership admins keep the plan; commissioners and regional officers of the
same partnership read it. A strategy, commitment or action of a partnership the user does not
work in (in one of these roles) answers 404, as if it did not exist. Plans hold nothing about a
person, so reading them records no access event.
"""

from collections.abc import Sequence
from typing import Any

from django.http import Http404

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in
from waypost.strategy.models import Action, Commitment, ReviewRound, Strategy

KEEPER_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
READER_ROLES = (*KEEPER_ROLES, Role.COMMISSIONER, Role.REGIONAL)
EXACT_ROLES = KEEPER_ROLES  # everyone else sees counts of 1 to 4 people as "fewer than 5"


def reader_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role in READER_ROLES}


def reader_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in READER_ROLES:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def may_keep(memberships: Sequence[Membership], partnership_id: Any) -> bool:
    return holds_role_in(memberships, partnership_id, KEEPER_ROLES)


def sees_exact_counts(memberships: Sequence[Membership], partnership_id: Any) -> bool:
    return holds_role_in(memberships, partnership_id, EXACT_ROLES)


def _check(memberships: Sequence[Membership], partnership_id: Any, *, write: bool) -> None:
    allowed = (
        may_keep(memberships, partnership_id)
        if write
        else (partnership_id in reader_partnership_ids(memberships))
    )
    if not allowed:
        raise Http404


def get_strategy_for_user(
    memberships: Sequence[Membership], strategy_id: Any, *, write: bool = False
) -> Strategy:
    strategy = Strategy.objects.select_related("partnership").filter(pk=strategy_id).first()
    if strategy is None:
        raise Http404
    _check(memberships, strategy.partnership_id, write=write)
    return strategy


def get_commitment_for_user(
    memberships: Sequence[Membership], commitment_id: Any, *, write: bool = False
) -> Commitment:
    commitment = (
        Commitment.objects.select_related("theme__strategy__partnership")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None:
        raise Http404
    _check(memberships, commitment.theme.strategy.partnership_id, write=write)
    return commitment


def get_action_for_user(
    memberships: Sequence[Membership], action_id: Any, *, write: bool = False
) -> Action:
    action = (
        Action.objects.select_related(
            "commitment__theme__strategy__partnership", "lead_agency", "status_changed_by"
        )
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    _check(memberships, action.commitment.theme.strategy.partnership_id, write=write)
    return action


def get_review_for_user(
    memberships: Sequence[Membership], review_id: Any, *, write: bool = False
) -> ReviewRound:
    review = (
        ReviewRound.objects.select_related("strategy__partnership").filter(pk=review_id).first()
    )
    if review is None:
        raise Http404
    _check(memberships, review.strategy.partnership_id, write=write)
    return review
