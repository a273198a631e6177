"""Retention for money: what anonymising a person removes from their requests for money,
reconnection offers and personal budgets. Kept for the annual report and the fund's accounts:
amounts, purposes, funds, statuses, dates and agencies. The ledger is never touched: it holds
no personal data and is append-only. Called by waypost.audit's `anonymise_person`.
"""

from collections.abc import Iterable
from typing import Any

from waypost.funds.models import GrantRequest, PersonalBudget, ReconnectionOffer


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove what was written about the people. Returns how many records were changed."""
    ids = list(person_ids)
    changed = GrantRequest.objects.filter(person_id__in=ids).update(
        reason="", refusal_reason="", pay_to=""
    )
    changed += ReconnectionOffer.objects.filter(person_id__in=ids).update(
        details="", follow_up_notes=""
    )
    changed += PersonalBudget.objects.filter(person_id__in=ids).update(notes="")
    return changed
