"""Writes for the hospital discharge and prison release pathways (plans P1.2, P1.3: nobody
leaves hospital or prison with nowhere to go): confirming somewhere to go (and saying it fell
through), moving the expected date, and recording what happened on the day.

One transaction each, on the discharge row locked for the change; the version read with the
form must still be current, so two people editing at once cannot overwrite each other. The
other side of the referral (the referrer, or the lead agency) is told through the outbox with
no personal data: the link leads to the referral, where the access policy applies.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.notifications.actions import notify
from waypost.referrals.models import (
    AccommodationType,
    Discharge,
    DischargeReminder,
    Pathway,
    Referral,
    ReferralStatus,
)
from waypost.referrals.referral_actions import (
    ReferralClosed,
    referral_link,
    referrer_link,
    triage_team,
)

# Somewhere confirmed to go: any accommodation type but "no fixed abode".
CONFIRMABLE = [(v, label) for v, label in AccommodationType.choices if v != "no_fixed_abode"]


class DischargeChanged(Exception):
    """Someone else changed the discharge plan since the form was opened."""


class DischargeRecorded(Exception):
    """What happened on the day is already recorded: the plan can no longer change."""


def _locked(discharge: Discharge, version: int) -> Discharge:
    current = (
        Discharge.objects.select_for_update(of=("self",))
        .select_related("referral__partnership", "referral__assigned_to", "referral__referred_by")
        .get(pk=discharge.pk)
    )
    if current.referral.status == ReferralStatus.CLOSED:
        raise ReferralClosed
    if current.version != version:
        raise DischargeChanged
    return current


def _save(discharge: Discharge, fields: list[str]) -> Discharge:
    # .save(), not .update(): the change log (django-auditlog) sees saves only.
    discharge.version += 1
    discharge.save(update_fields=[*fields, "version"])
    return discharge


def _not_recorded(discharge: Discharge) -> None:
    if discharge.discharged_on is not None:
        raise DischargeRecorded


@transaction.atomic
def confirm_accommodation(
    discharge: Discharge, *, version: int, accommodation: str, confirmed_on: date, by: User
) -> Discharge:
    """Record that somewhere to go is confirmed for the day they leave, and of which type,
    on `confirmed_on` (the time is now when that is today, else midday: only the day is
    asked). The referrer is told, without personal data. Raises DischargeChanged,
    DischargeRecorded or ReferralClosed."""
    if accommodation not in dict(CONFIRMABLE):
        raise ValueError("Confirmed accommodation needs a type other than no fixed abode")
    current = _locked(discharge, version)
    _not_recorded(current)
    current.accommodation_confirmed = True
    current.confirmed_accommodation = accommodation
    current.confirmed_at = _moment(confirmed_on)
    current.confirmed_by = by
    _save(
        current,
        ["accommodation_confirmed", "confirmed_accommodation", "confirmed_at", "confirmed_by"],
    )
    _tell_referrer(
        current.referral,
        by=by,
        title="Somewhere to go is confirmed",
        body=f"Somewhere to go is confirmed for a {_who(current.referral)} you referred.",
    )
    return current


@transaction.atomic
def unconfirm_accommodation(discharge: Discharge, *, version: int, by: User) -> Discharge:
    """Somewhere to go fell through: the discharge is back to "nowhere confirmed" and the
    countdown reminders apply again. The referrer is told."""
    current = _locked(discharge, version)
    _not_recorded(current)
    current.accommodation_confirmed = False
    current.confirmed_accommodation = ""
    current.confirmed_at = None
    current.confirmed_by = None
    _save(
        current,
        ["accommodation_confirmed", "confirmed_accommodation", "confirmed_at", "confirmed_by"],
    )
    _tell_referrer(
        current.referral,
        by=by,
        title="Somewhere to go fell through",
        body=f"Somewhere to go is no longer confirmed for a {_who(current.referral)} you "
        "referred. The housing options team is working on it.",
    )
    return current


@transaction.atomic
def change_expected_date(
    discharge: Discharge, *, version: int, expected_on: date, by: User
) -> Discharge:
    """Move the day they are expected out. Countdown reminders whose day is still to come
    for the new date are cleared, so a postponed discharge is reminded again. The other side
    (the lead agency when the referrer moved it, else the referrer) is told."""
    current = _locked(discharge, version)
    _not_recorded(current)
    if expected_on == current.expected_on:
        return current
    current.expected_on = expected_on
    _save(current, ["expected_on"])
    days_left = current.days_until()
    DischargeReminder.objects.filter(discharge=current, days_before__lt=days_left).delete()
    referral = current.referral
    kind = "release" if referral.pathway == Pathway.PRISON else "discharge"
    _tell_other_side(
        referral,
        by=by,
        title=f"Expected {kind} date changed",
        to_lead=f"The expected {kind} date changed for a {_who(referral)} referred to your team.",
        to_referrer=f"The expected {kind} date changed for a {_who(referral)} you referred.",
    )
    return current


@transaction.atomic
def record_outcome(
    discharge: Discharge, *, version: int, discharged_on: date, outcome: str, by: User
) -> Discharge:
    """Record the day they left and where they went (`AccommodationType`, "no fixed abode"
    when nowhere). May be corrected later with the current version. The other side is told;
    when the referrer records that they left with nowhere to go, the lead agency is asked to
    make contact."""
    if outcome not in AccommodationType.values:
        raise ValueError("Not an accommodation type")
    if discharged_on > timezone.localdate():
        raise ValueError("The day they left cannot be in the future")
    current = _locked(discharge, version)
    current.discharged_on = discharged_on
    current.outcome = outcome
    current.outcome_recorded_by = by
    _save(current, ["discharged_on", "outcome", "outcome_recorded_by"])
    referral = current.referral
    left = "released" if referral.pathway == Pathway.PRISON else "discharged"
    if outcome == AccommodationType.NO_FIXED_ABODE:
        title = f"{left.capitalize()} with nowhere to go"
        to_lead = (
            f"A {_who(referral)} referred to your team was {left} with nowhere to go. "
            "Please make contact as soon as you can."
        )
    else:
        title = f"{left.capitalize()} with somewhere to go"
        to_lead = f"A {_who(referral)} referred to your team was {left} to somewhere to go."
    _tell_other_side(
        referral,
        by=by,
        title=title,
        to_lead=to_lead,
        to_referrer=f"What happened when they were {left} is recorded for a {_who(referral)} "
        "you referred.",
    )
    return current


# --- Who is told -------------------------------------------------------------------------------


def _who(referral: Referral) -> str:
    return "person" if referral.pathway == Pathway.PRISON else "patient"


def _moment(day: date) -> datetime:
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def is_active_member(user: User | None, agency_id: object = None) -> bool:
    if user is None:
        return False
    memberships = Membership.objects.active().filter(user=user)
    if agency_id is not None:
        memberships = memberships.filter(agency_id=agency_id)
    return memberships.exists()


def lead_recipients(referral: Referral) -> list[User]:
    """Who acts for the lead agency: the assigned caseworker while they are still an active
    member, else the partnership's triage team."""
    if referral.assigned_to is not None and is_active_member(referral.assigned_to):
        return [referral.assigned_to]
    return triage_team(referral.partnership)


def referrer_recipient(referral: Referral) -> User | None:
    """The person who referred, while still an active member of the referring agency."""
    if is_active_member(referral.referred_by, referral.referring_agency_id):
        return referral.referred_by
    return None


def _acts_for_lead(referral: Referral, by: User) -> bool:
    return by.pk == referral.assigned_to_id or by in triage_team(referral.partnership)


def _tell_referrer(referral: Referral, *, by: User, title: str, body: str) -> None:
    referrer = referrer_recipient(referral)
    if referrer is not None and referrer.pk != by.pk:
        notify(referrer, title=title, body=body, link=referrer_link(referral))


def _tell_other_side(
    referral: Referral, *, by: User, title: str, to_lead: str, to_referrer: str
) -> None:
    """The lead agency did it: tell the referrer. The referrer did it: tell the lead."""
    if _acts_for_lead(referral, by):
        _tell_referrer(referral, by=by, title=title, body=to_referrer)
        return
    for user in lead_recipients(referral):
        if user.pk != by.pk:
            notify(user, title=title, body=to_lead, link=referral_link(referral))
