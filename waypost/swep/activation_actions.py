"""Writes for SWEP: forecasts entered by hand, and an activation's life (proposed, activated
or not, started by hand, ended), each with its cascade in the same transaction.

Each function is one transaction and checks the acting user's role in the partnership again
against the database (views check first: waypost.swep.activation_access). `by=None` is the
system itself (the demo seed). Changes to an existing activation carry the version the user
saw, and are refused with ActivationConflict when it changed since.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.swep.activation_access import COORDINATORS, SWEP_ACTIVATORS, holds_role
from waypost.swep.cascade import ENDED, STARTED, run_cascade
from waypost.swep.models import (
    Activation,
    ActivationKind,
    ActivationStatus,
    AlertLevel,
    Forecast,
    ForecastSource,
)

CONFLICT_MESSAGE = (
    "Someone else changed this activation while you were looking at it. "
    "Check what it says now and try again."
)
ALREADY_ACTIVE = (
    "SWEP is already active in {place}. End the current activation before starting another."
)
MAX_REASONS = 20


class ActivationConflict(Exception):
    """The activation changed since the user read it."""


def _require(by: User | None, partnership_id: Any, roles: frozenset[str]) -> None:
    if by is not None and not holds_role(by, partnership_id, roles):
        raise PermissionDenied


def _clean_reasons(reasons: list[str]) -> list[str]:
    cleaned = [r.strip() for r in reasons if r and r.strip()]
    if not cleaned:
        raise ValidationError("Give at least one reason")
    if len(cleaned) > MAX_REASONS:
        raise ValidationError(f"Give {MAX_REASONS} reasons or fewer")
    return cleaned


def _check_times(starts_at: datetime, expected_end_at: datetime) -> None:
    if expected_end_at <= starts_at:
        raise ValidationError("The expected end must be after the start")


def _locked(activation: Activation, version: int) -> Activation:
    current = (
        Activation.objects.select_for_update().select_related("partnership").get(pk=activation.pk)
    )
    if current.version != version:
        raise ActivationConflict
    return current


def _save_active(current: Activation, fields: list[str]) -> None:
    """Save an activation that is becoming active: the database allows one active activation
    per partnership (swep_one_active_per_partnership), which also settles two people
    activating at the same moment."""
    try:
        with transaction.atomic():
            current.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError(ALREADY_ACTIVE.format(place=current.partnership.name)) from None


# --- Forecasts ---------------------------------------------------------------------------------


@transaction.atomic
def record_forecast(
    partnership: Partnership,
    *,
    night: date,
    min_temp_c: Decimal | None,
    feels_like_min_c: Decimal | None = None,
    met_office_warning: str = AlertLevel.NONE,
    ukhsa_cold_alert: str = AlertLevel.NONE,
    ukhsa_heat_alert: str = AlertLevel.NONE,
    wind_chill: bool = False,
    snow: bool = False,
    ice: bool = False,
    heavy_rain: bool = False,
    by: User | None,
) -> Forecast:
    """A coordinator's forecast for one night, replacing any forecast for that night. The
    other coordinators are told at once if it crosses a trigger (waypost.swep.tasks)."""
    _require(by, partnership.pk, COORDINATORS)
    forecast, _ = Forecast.objects.update_or_create(
        partnership=partnership,
        night=night,
        defaults={
            "min_temp_c": min_temp_c,
            "feels_like_min_c": feels_like_min_c,
            "met_office_warning": met_office_warning,
            "ukhsa_cold_alert": ukhsa_cold_alert,
            "ukhsa_heat_alert": ukhsa_heat_alert,
            "wind_chill": wind_chill,
            "snow": snow,
            "ice": ice,
            "heavy_rain": heavy_rain,
            "source": ForecastSource.MANUAL,
            "received_at": timezone.now(),
            "recorded_by": by,
        },
    )
    from waypost.swep.tasks import alert_coordinators

    alert_coordinators(partnership_ids=[partnership.pk], skip_user=by)
    return forecast


# --- Activations -------------------------------------------------------------------------------


@transaction.atomic
def propose_activation(
    partnership: Partnership,
    *,
    kind: str,
    starts_at: datetime,
    expected_end_at: datetime,
    reasons: list[str],
    by: User | None,
) -> Activation:
    """A coordinator proposes SWEP for a spell of nights; an activator decides."""
    _require(by, partnership.pk, COORDINATORS)
    if kind not in ActivationKind.values:
        raise ValidationError("Choose the kind of severe weather")
    _check_times(starts_at, expected_end_at)
    return Activation.objects.create(
        partnership=partnership,
        kind=kind,
        status=ActivationStatus.PROPOSED,
        reasons=_clean_reasons(reasons),
        starts_at=starts_at,
        expected_end_at=expected_end_at,
        proposed_at=timezone.now(),
        proposed_by=by,
    )


@transaction.atomic
def activate(activation: Activation, *, version: int, by: User | None) -> Activation:
    """Activate a proposal and run the "started" cascade. Refused when it is no longer a
    proposal, when it changed since `version`, or while another activation is active."""
    _require(by, activation.partnership_id, SWEP_ACTIVATORS)
    current = _locked(activation, version)
    if current.status != ActivationStatus.PROPOSED:
        raise ValidationError("Only a proposed activation can be activated")
    current.status = ActivationStatus.ACTIVE
    current.activated_at = timezone.now()
    current.activated_by = by
    current.version += 1
    _save_active(current, ["status", "activated_at", "activated_by", "version"])
    run_cascade(current, STARTED)
    return current


@transaction.atomic
def decide_not_to_activate(
    activation: Activation, *, version: int, note: str, by: User | None
) -> Activation:
    """Record that a proposal was considered and SWEP not activated, and why."""
    _require(by, activation.partnership_id, SWEP_ACTIVATORS)
    current = _locked(activation, version)
    if current.status != ActivationStatus.PROPOSED:
        raise ValidationError("Only a proposed activation can be turned down")
    note = (note or "").strip()
    if not note:
        raise ValidationError("Say why SWEP is not being activated")
    current.status = ActivationStatus.NOT_ACTIVATED
    current.decision_note = note
    current.activated_by = by  # who decided
    current.activated_at = timezone.now()
    current.version += 1
    current.save(
        update_fields=["status", "decision_note", "activated_by", "activated_at", "version"]
    )
    return current


@transaction.atomic
def start_activation(
    partnership: Partnership,
    *,
    kind: str,
    starts_at: datetime,
    expected_end_at: datetime,
    reasons: list[str],
    by: User | None,
) -> Activation:
    """Start SWEP by hand, without a proposal (a sudden cold snap, a call at night), and run
    the "started" cascade."""
    _require(by, partnership.pk, SWEP_ACTIVATORS)
    if kind not in ActivationKind.values:
        raise ValidationError("Choose the kind of severe weather")
    _check_times(starts_at, expected_end_at)
    now = timezone.now()
    activation = Activation(
        partnership=partnership,
        kind=kind,
        status=ActivationStatus.ACTIVE,
        reasons=_clean_reasons(reasons),
        starts_at=starts_at,
        expected_end_at=expected_end_at,
        activated_at=now,
        activated_by=by,
    )
    try:
        with transaction.atomic():
            activation.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(ALREADY_ACTIVE.format(place=partnership.name)) from None
    run_cascade(activation, STARTED)
    return activation


@transaction.atomic
def end_activation(activation: Activation, *, version: int, by: User | None) -> Activation:
    """End an active activation now and run the "ended" cascade."""
    _require(by, activation.partnership_id, SWEP_ACTIVATORS)
    current = _locked(activation, version)
    if current.status != ActivationStatus.ACTIVE:
        raise ValidationError("Only an active activation can be ended")
    current.status = ActivationStatus.ENDED
    current.ended_at = timezone.now()
    current.ended_by = by
    current.version += 1
    current.save(update_fields=["status", "ended_at", "ended_by", "version"])
    run_cascade(current, ENDED)
    return current
