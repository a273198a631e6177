"""Who may see and do what with a contract (plan P1.6).

- The commissioning side (coordinators and partnership admins of the contract's partnership)
  create and change contracts and KPIs, and accept or send back returns.
- Commissioners of the partnership read everything.
- The provider agency's own staff, in any role, see their agency's contracts and enter their
  returns.
- Anyone else in the partnership gets 403; someone with no membership there gets 404 (the
  contract's existence is not revealed), as does a contract that does not exist.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from waypost.accounts.models import Membership, Partnership, Role
from waypost.commissioning.models import Contract

MANAGE_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
READ_ROLES = (*MANAGE_ROLES, Role.COMMISSIONER)


def memberships_of(request: HttpRequest) -> list[Membership]:
    return list(getattr(request, "memberships", []))


@dataclass(frozen=True)
class ContractAccess:
    contract: Contract
    may_manage: bool  # change the contract and KPIs, accept or send back returns
    may_enter: bool  # the provider's staff: fill in and submit returns


def _partnership_ids(memberships: list[Membership], roles: tuple[str, ...]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role in roles}


def contracts_visible_to(memberships: list[Membership]) -> QuerySet[Contract]:
    """Contracts of the partnerships where the user reads contracts, and those their own
    agencies provide."""
    readers = _partnership_ids(memberships, READ_ROLES)
    agencies = {m.agency_id for m in memberships}
    return Contract.objects.filter(Q(partnership_id__in=readers) | Q(provider_id__in=agencies))


def may_use_contracts(memberships: list[Membership]) -> bool:
    """Whether the contracts list is for this user at all (a reader or a provider's staff)."""
    if _partnership_ids(memberships, READ_ROLES):
        return True
    agencies = {m.agency_id for m in memberships}
    return Contract.objects.filter(provider_id__in=agencies).exists()


def manage_partnerships(memberships: list[Membership]) -> list[Partnership]:
    """Partnerships where the user may create contracts, by name."""
    found = {
        m.agency.partnership_id: m.agency.partnership for m in memberships if m.role in MANAGE_ROLES
    }
    return sorted(found.values(), key=lambda p: p.name)


def get_contract_for_user(
    request: HttpRequest, contract_id: uuid.UUID, *, manage: bool = False, enter: bool = False
) -> ContractAccess:
    """The contract if the user may see it: 404 when it does not exist or is in a partnership
    the user does not work in; 403 when they work there but hold no role that sees it, or
    asked to manage (or enter a return) without the right to."""
    contract = (
        Contract.objects.select_related("partnership", "provider", "manager")
        .filter(pk=contract_id)
        .first()
    )
    memberships = memberships_of(request)
    if contract is None or not any(
        m.agency.partnership_id == contract.partnership_id for m in memberships
    ):
        raise Http404
    roles_here = {m.role for m in memberships if m.agency.partnership_id == contract.partnership_id}
    may_manage = bool(roles_here & set(MANAGE_ROLES))
    may_enter = any(m.agency_id == contract.provider_id for m in memberships)
    may_read = may_manage or may_enter or Role.COMMISSIONER in roles_here
    if not may_read or (manage and not may_manage) or (enter and not may_enter):
        raise PermissionDenied
    return ContractAccess(contract, may_manage, may_enter)
