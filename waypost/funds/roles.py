"""Who may do what with the partnership's money.

- **Fund managers** (partnership admins, rough sleeper coordinators, commissioners) set funds
  up, record money in, import settlement files, record grant spend, correct entries and read
  every fund's ledger and reports in their partnership. Ledgers hold no personal data.
- **Budget holders** are named on each fund. They approve or refuse requests and record
  payments, and see the funds they hold. Nobody approves their own request.
- **Requesters** (caseworkers, outreach workers, coordinators) ask for money for a person whose
  support section they may add to; the request is part of that section of the record.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from waypost.accounts.models import Membership, Role
from waypost.funds.models import Fund

if TYPE_CHECKING:
    from waypost.accounts.models import User

FUND_MANAGER_ROLES = frozenset({Role.PARTNERSHIP_ADMIN, Role.COORDINATOR, Role.COMMISSIONER})
REQUESTER_ROLES = frozenset({Role.CASEWORKER, Role.OUTREACH_WORKER, Role.COORDINATOR})


def managed_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role in FUND_MANAGER_ROLES}


def member_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships}


def funds_visible_to(user: "User", memberships: Sequence[Membership]) -> QuerySet[Fund]:
    """Funds the user may open: every fund of a partnership they manage money in, and the
    funds they hold the budget of (while they are still a member of that partnership)."""
    return Fund.objects.filter(
        Q(partnership_id__in=managed_partnership_ids(memberships))
        | Q(budget_holders=user, partnership_id__in=member_partnership_ids(memberships))
    ).distinct()


def is_fund_manager(memberships: Sequence[Membership], fund: Fund) -> bool:
    return fund.partnership_id in managed_partnership_ids(memberships)


def is_budget_holder(user: "User", memberships: Sequence[Membership], fund: Fund) -> bool:
    return (
        fund.partnership_id in member_partnership_ids(memberships)
        and fund.budget_holders.filter(pk=user.pk).exists()
    )


def fund_for(user: "User", memberships: Sequence[Membership], fund_id: Any) -> Fund:
    """The fund, or 404 when it does not exist or the user may not open it."""
    fund = funds_visible_to(user, memberships).filter(pk=fund_id).first()
    if fund is None:
        raise Http404
    return fund


def managed_fund(memberships: Sequence[Membership], fund_id: Any) -> Fund:
    """The fund, when the user manages money in its partnership; 404 otherwise."""
    fund = Fund.objects.filter(
        pk=fund_id, partnership_id__in=managed_partnership_ids(memberships)
    ).first()
    if fund is None:
        raise Http404
    return fund
