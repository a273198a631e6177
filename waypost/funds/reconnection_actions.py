"""Reconnection offers and personal budgets (plan CP5): the writes.

A **reconnection** is an offer to help someone return to where they have support: family, a
council where they have a local connection, a service, their home country. Its outcome is
recorded (accepted, declined, travelled); when they travel, a follow-up falls due
`FOLLOW_UP_DAYS` (28) days later, to find out whether the reconnection held. Money for the
journey is asked for as a grant request against the offer (waypost.funds.request_create).

A **personal budget** is money set aside for one person to spend with their worker. It is
agreed from a fund of kind "personal budgets", and what it can still pay for is its amount
less the requests against it that are approved or paid (request_actions.personal_budget_left).

**The rule for agreeing a budget.** A new budget may be no more than the fund's *unallocated*
money at that moment: what the fund has available (ledger.available: its balance less
approved requests not yet paid) less the unspent remainder of every other budget from the
fund that has not ended (amount less its approved and paid requests, never below zero). The
fund is locked while this is checked, so two budgets agreed at once cannot promise the same
money twice. A budget whose end date has passed no longer holds money back.

All of these are part of the support section of the person's record and carry the agency of
the worker who wrote them. Refusals are ValidationErrors whose messages say what to fix
(field errors are keyed by the form field's name); an edit made from a stale page is refused
with `CHANGED`.
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from waypost.funds import ledger
from waypost.funds.models import (
    FOLLOW_UP_DAYS,
    FollowUp,
    Fund,
    FundKind,
    OfferStatus,
    PersonalBudget,
    ReconnectionOffer,
)
from waypost.funds.request_actions import personal_budget_left
from waypost.lib.money import pounds

if TYPE_CHECKING:
    from waypost.accounts.models import User
    from waypost.people.access import PersonWrite

CHANGED = "Someone else changed this record while you were looking at it. Check it and try again."
OUTCOMES = (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.TRAVELLED)


def follow_up_due(travelled_on: date) -> date:
    return travelled_on + timedelta(days=FOLLOW_UP_DAYS)


def _not_future(value: date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _check_fund(fund: Fund | None, person: Any, kind: str, field: str = "fund") -> None:
    if fund is None:
        return
    if fund.partnership_id != person.partnership_id:
        raise ValidationError({field: "Choose a fund of the person's partnership"})
    if fund.kind != kind:
        label = FundKind(kind).label.lower()
        raise ValidationError({field: f"Choose a fund of the kind “{label}”"})


def _bump(obj: Any, *fields: str) -> None:
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db(fields=["version"])


# --- Reconnection offers -------------------------------------------------------------------------
def offer_reconnection(
    person_write: "PersonWrite",
    *,
    destination: str,
    connection: str,
    details: str = "",
    offered_on: date,
    fund: Fund | None = None,
    by: "User",
) -> ReconnectionOffer:
    """Record an offer of reconnection, for the agency in `person_write`."""
    person = person_write.person
    destination = (destination or "").strip()
    if not destination:
        raise ValidationError({"destination": "Enter where they would go"})
    _not_future(offered_on, "offered_on", "The date of the offer")
    _check_fund(fund, person, FundKind.RECONNECTION)
    offer = ReconnectionOffer(
        person=person,
        recorded_by_agency=person_write.agency,
        offered_by=by,
        fund=fund,
        destination=destination,
        connection=connection,
        details=(details or "").strip(),
        offered_on=offered_on,
    )
    offer.full_clean(exclude=["person", "recorded_by_agency", "offered_by", "fund"])
    offer.save()
    return offer


def _locked_offer(offer_id: Any, version: int | None) -> ReconnectionOffer:
    offer = ReconnectionOffer.objects.select_for_update().get(pk=offer_id)
    if version is not None and offer.version != version:
        raise ValidationError(CHANGED)
    return offer


def record_outcome(
    offer_id: Any,
    *,
    status: str,
    travelled_on: date | None = None,
    version: int | None,
    by: "User",
) -> ReconnectionOffer:
    """Accepted, declined or travelled (with the date they went). Travelling sets the
    follow-up due 28 days later. The outcome can be corrected until the follow-up is
    recorded; moving the travel date moves the follow-up and re-arms its reminder."""
    if status not in OUTCOMES:
        raise ValidationError({"status": "Choose what happened to the offer"})
    with transaction.atomic():
        offer = _locked_offer(offer_id, version)
        if offer.follow_up:
            raise ValidationError(
                "The follow-up has been recorded, so the outcome can no longer change"
            )
        if status == OfferStatus.TRAVELLED:
            if travelled_on is None:
                raise ValidationError({"travelled_on": "Enter the date they travelled"})
            _not_future(travelled_on, "travelled_on", "The date they travelled")
            if travelled_on < offer.offered_on:
                raise ValidationError(
                    {
                        "travelled_on": "The date they travelled must be on or after the date "
                        f"of the offer, {offer.offered_on:%-d %B %Y}"
                    }
                )
            if offer.travelled_on != travelled_on:
                offer.follow_up_reminded_at = None
            offer.travelled_on = travelled_on
            offer.follow_up_due_on = follow_up_due(travelled_on)
        else:
            offer.travelled_on = None
            offer.follow_up_due_on = None
            offer.follow_up_reminded_at = None
        offer.status = status
        _bump(offer, "status", "travelled_on", "follow_up_due_on", "follow_up_reminded_at")
        return offer


def record_follow_up(
    offer_id: Any,
    *,
    outcome: str,
    followed_up_on: date,
    notes: str = "",
    version: int | None,
    by: "User",
) -> ReconnectionOffer:
    """Whether the reconnection held. Only after they travelled, dated on or after the day
    they went (earlier than the due date is allowed: they may be known to be back)."""
    if outcome not in FollowUp.values:
        raise ValidationError({"outcome": "Choose whether the reconnection held"})
    with transaction.atomic():
        offer = _locked_offer(offer_id, version)
        if offer.status != OfferStatus.TRAVELLED or offer.travelled_on is None:
            raise ValidationError("Record that they travelled before recording a follow-up")
        _not_future(followed_up_on, "followed_up_on", "The date of the follow-up")
        if followed_up_on < offer.travelled_on:
            raise ValidationError(
                {
                    "followed_up_on": "The date of the follow-up must be on or after the date "
                    f"they travelled, {offer.travelled_on:%-d %B %Y}"
                }
            )
        offer.follow_up = outcome
        offer.followed_up_on = followed_up_on
        offer.follow_up_notes = (notes or "").strip()
        _bump(offer, "follow_up", "followed_up_on", "follow_up_notes")
        return offer


# --- Personal budgets ----------------------------------------------------------------------------
def reserved_by_budgets(fund: Fund | Any, *, on: date | None = None, excluding: Any = None) -> int:
    """The unspent remainder of the fund's personal budgets that have not ended by `on`."""
    on = on or timezone.localdate()
    budgets = PersonalBudget.objects.filter(fund=fund).exclude(ends_on__lt=on).exclude(pk=excluding)
    return sum(max(personal_budget_left(b), 0) for b in budgets)


def unallocated(fund: Fund | Any, *, on: date | None = None) -> int:
    """What a new personal budget may use: available money less other budgets' remainders."""
    return ledger.available(fund) - reserved_by_budgets(fund, on=on)


def agree_personal_budget(
    person_write: "PersonWrite",
    *,
    fund: Fund,
    amount_pence: int,
    agreed_on: date,
    ends_on: date | None = None,
    notes: str = "",
    by: "User",
) -> PersonalBudget:
    """Set aside `amount_pence` of a personal budgets fund for the person (see the rule in
    the module docstring). Refuses more than the fund has unallocated, saying how much."""
    person = person_write.person
    _check_fund(fund, person, FundKind.PERSONAL_BUDGETS)
    if amount_pence <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0"})
    _not_future(agreed_on, "agreed_on", "The date it was agreed")
    if ends_on is not None and ends_on < agreed_on:
        raise ValidationError(
            {"ends_on": "The end date must be on or after the date it was agreed"}
        )
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        free = unallocated(locked)
        if amount_pence > free:
            raise ValidationError(
                {
                    "amount": f"{locked.name} has {pounds(max(free, 0))} not yet promised, "
                    f"which is less than {pounds(amount_pence)}. Agree a smaller budget"
                }
            )
        return PersonalBudget.objects.create(
            person=person,
            recorded_by_agency=person_write.agency,
            agreed_by=by,
            fund=locked,
            amount_pence=amount_pence,
            agreed_on=agreed_on,
            ends_on=ends_on,
            notes=(notes or "").strip(),
        )
