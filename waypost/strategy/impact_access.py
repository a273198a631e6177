"""Who may create and read policy impact checks: coordinators, partnership admins and
commissioners of the check's partnership (403 for other roles, 404 for another partnership's
check). A check holds nothing about a person."""

from collections.abc import Sequence
from typing import Any

from django.http import Http404

from waypost.accounts.models import Membership, Partnership, Role
from waypost.strategy.models import PolicyImpactCheck

IMPACT_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER)


def impact_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in IMPACT_ROLES:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def get_check_for_user(memberships: Sequence[Membership], check_id: Any) -> PolicyImpactCheck:
    ids = {p.pk for p in impact_partnerships(memberships)}
    check = (
        PolicyImpactCheck.objects.select_related("partnership", "created_by", "submitted_by")
        .filter(pk=check_id, partnership_id__in=ids)
        .first()
    )
    if check is None:
        raise Http404
    return check
