"""The SWEP pages for staff: the status, forecasts and decisions page, proposing and starting
an activation, one activation (with its cascade's delivery), and the decisions on it.

Who may do what is in waypost.swep.activation_access; writes in activation_actions. Thin
views: access → form → action → back to the page.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import role_required
from waypost.swep import activation_actions, sweep_access
from waypost.swep.activation_access import (
    COORDINATORS,
    SETTINGS_ROLES,
    SWEP_ACTIVATORS,
    ActivationAccess,
    choose_partnership,
    delivery_counts,
    forecast_rows,
    get_activation_for_user,
    open_activations,
    partnerships_for,
    roles_in,
    settings_for,
)
from waypost.swep.activation_actions import CONFLICT_MESSAGE, ActivationConflict
from waypost.swep.activation_forms import ActivationForm, NotActivateForm, VersionForm
from waypost.swep.models import Activation, ActivationStatus, Forecast
from waypost.swep.triggers import (
    NIGHT_ENDS,
    NIGHT_STARTS,
    celsius,
    crossed,
    describe_night,
    kind_for,
)

PER_PAGE = 25
staff_view = role_required(*Role)
PAST_STATUSES = (ActivationStatus.ENDED, ActivationStatus.NOT_ACTIVATED)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _slug(request: HttpRequest) -> str | None:
    return request.POST.get("partnership") or request.GET.get("partnership") or None


def _add_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def home_url(partnership: Partnership) -> str:
    """The SWEP page of this partnership."""
    return f"{reverse('swep:home')}?{urlencode({'partnership': partnership.slug})}"


# --- The SWEP page -----------------------------------------------------------------------------


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    """Whether SWEP is active, the coming nights' forecasts with the triggers they cross and
    what is at the coordinator's discretion, proposals awaiting a decision, and past
    activations (paginated)."""
    memberships = _memberships(request)
    partnership, partnerships = choose_partnership(memberships, _slug(request))
    roles = roles_in(memberships, partnership.pk)
    swep_settings = settings_for(partnership)
    today = timezone.localdate()
    current = open_activations([partnership.pk])
    rows = forecast_rows(partnership, swep_settings, today=today, activations=current)
    past = Paginator(
        Activation.objects.filter(partnership=partnership, status__in=PAST_STATUSES).order_by(
            "-starts_at", "id"
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "swep/home.html",
        {
            "partnership": partnership,
            "partnerships": partnerships,
            "swep_settings": swep_settings,
            "threshold_text": celsius(swep_settings.temperature_threshold_c),
            "active": next((a for a in current if a.status == ActivationStatus.ACTIVE), None),
            "proposals": [a for a in current if a.status == ActivationStatus.PROPOSED],
            "rows": rows,
            "needs_decision": [row for row in rows if row.needs_decision],
            "page_obj": past,
            "query": urlencode({"partnership": partnership.slug}) if len(partnerships) > 1 else "",
            "is_coordinator": bool(roles & COORDINATORS),
            "may_decide": bool(roles & SWEP_ACTIVATORS),
            "may_sweep": bool(roles & set(sweep_access.SWEEP_ROLES)),
            "may_change_settings": bool(roles & SETTINGS_ROLES),
        },
    )


# --- Proposing and starting --------------------------------------------------------------------


def _london(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _proposal_from_forecast(forecast: Forecast) -> dict[str, Any]:
    """Pre-fill a proposal from a forecast night: from its evening to the morning after the
    last night in a row that also crosses a trigger, with each night's reasons."""
    swep_settings = settings_for(forecast.partnership)
    following = Forecast.objects.filter(
        partnership_id=forecast.partnership_id,
        night__gte=forecast.night,
        night__lt=forecast.night + timedelta(days=14),
    ).order_by("night")
    lines: list[str] = []
    reasons_all = []
    last = forecast.night
    for night in following:
        reasons = crossed(swep_settings, night)
        if night.night != last + timedelta(days=1) and night.night != forecast.night:
            break
        if not reasons:
            break
        reasons_all += reasons
        lines += [f"{describe_night(night.night)}: {r.text}" for r in reasons]
        last = night.night
    if not lines:
        lines = [f"{describe_night(forecast.night)}: forecast checked by the coordinator"]
    return {
        "kind": kind_for(reasons_all),
        "starts_on": forecast.night,
        "starts_time": NIGHT_STARTS,
        "ends_on": last + timedelta(days=1),
        "ends_time": NIGHT_ENDS,
        "reasons": "\n".join(lines),
    }


@staff_view
def propose(request: HttpRequest) -> HttpResponse:
    """A coordinator proposes SWEP; `?forecast=<id>` pre-fills it from a forecast night."""
    memberships = _memberships(request)
    forecast_id = request.POST.get("forecast") or request.GET.get("forecast")
    forecast = None
    if forecast_id:
        mine = partnerships_for(memberships, COORDINATORS)
        try:
            forecast = (
                Forecast.objects.select_related("partnership")
                .filter(pk=UUID(forecast_id), partnership__in=mine)
                .first()
            )
        except ValueError:
            forecast = None
        if forecast is None:
            raise Http404
        partnership, partnerships = choose_partnership(
            memberships, forecast.partnership.slug, COORDINATORS
        )
        initial = _proposal_from_forecast(forecast)
    else:
        partnership, partnerships = choose_partnership(memberships, _slug(request), COORDINATORS)
        today = timezone.localdate()
        initial = {
            "kind": "cold",
            "starts_on": today,
            "starts_time": NIGHT_STARTS,
            "ends_on": today + timedelta(days=1),
            "ends_time": NIGHT_ENDS,
        }
    form = ActivationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activation = activation_actions.propose_activation(
                partnership,
                kind=form.cleaned_data["kind"],
                starts_at=form.cleaned_data["starts_at"],
                expected_end_at=form.cleaned_data["expected_end_at"],
                reasons=form.cleaned_data["reasons"],
                by=_user(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "SWEP proposed. A coordinator, partnership admin or commissioner can now "
                "activate it, or record why not.",
            )
            return redirect("swep:activation", activation_id=activation.pk)
    return render(
        request,
        "swep/activation_form.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "forecast": forecast,
            "starting": False,
            "back": home_url(partnership),
        },
    )


@staff_view
def start(request: HttpRequest) -> HttpResponse:
    """An activator starts SWEP by hand, without a proposal, and the cascade goes out."""
    memberships = _memberships(request)
    partnership, partnerships = choose_partnership(memberships, _slug(request), SWEP_ACTIVATORS)
    now = timezone.localtime()
    rounded = (now - timedelta(minutes=now.minute % 5)).time().replace(second=0, microsecond=0)
    tomorrow = now.date() + timedelta(days=1)
    form = ActivationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "kind": "cold",
            "starts_on": now.date(),
            "starts_time": rounded,
            "ends_on": tomorrow,
            "ends_time": NIGHT_ENDS,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            activation = activation_actions.start_activation(
                partnership,
                kind=form.cleaned_data["kind"],
                starts_at=form.cleaned_data["starts_at"],
                expected_end_at=form.cleaned_data["expected_end_at"],
                reasons=form.cleaned_data["reasons"],
                by=_user(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"SWEP is active in {partnership.name}. Partners are being told."
            )
            return redirect("swep:activation", activation_id=activation.pk)
    return render(
        request,
        "swep/activation_form.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "forecast": None,
            "starting": True,
            "back": home_url(partnership),
        },
    )


# --- One activation ----------------------------------------------------------------------------


def _access(request: HttpRequest, activation_id: UUID, *, act: bool = False) -> ActivationAccess:
    return get_activation_for_user(_memberships(request), activation_id, act=act)


@staff_view
def activation(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    """One activation: its times, reasons, who proposed, activated and ended it, and how its
    cascade is being delivered."""
    access = _access(request, activation_id)
    one = access.activation
    roles = roles_in(_memberships(request), one.partnership_id)
    readable = one.status in sweep_access.READABLE
    return render(
        request,
        "swep/activation.html",
        {
            "activation": one,
            "access": access,
            "may_sweep": readable and bool(roles & set(sweep_access.SWEEP_ROLES)),
            "may_report": readable and bool(roles & set(sweep_access.REPORT_ROLES)),
            "counts": delivery_counts(one),
            "version_form": VersionForm(initial={"version": one.version}),
            "is_proposed": one.status == ActivationStatus.PROPOSED,
            "is_active": one.status == ActivationStatus.ACTIVE,
            "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
        },
    )


def _decision_failed(request: HttpRequest, one: Activation, error: Exception) -> HttpResponse:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else CONFLICT_MESSAGE
    messages.error(request, text)
    return redirect("swep:activation", activation_id=one.pk)


@staff_view
@require_POST
def activate(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    """Activate a proposal (the version the user saw), which starts the cascade."""
    one = _access(request, activation_id, act=True).activation
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _decision_failed(request, one, ActivationConflict())
    try:
        activation_actions.activate(one, version=form.cleaned_data["version"], by=_user(request))
    except (ActivationConflict, ValidationError) as error:
        return _decision_failed(request, one, error)
    messages.success(request, f"SWEP is active in {one.partnership.name}. Partners are being told.")
    return redirect("swep:activation", activation_id=one.pk)


@staff_view
def not_activate(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    """Decide not to activate a proposal, saying why."""
    access = _access(request, activation_id, act=True)
    one = access.activation
    if one.status != ActivationStatus.PROPOSED:
        messages.error(request, "This activation has already been decided.")
        return redirect("swep:activation", activation_id=one.pk)
    form = NotActivateForm(
        request.POST if request.method == "POST" else None, initial={"version": one.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            activation_actions.decide_not_to_activate(
                one,
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                by=_user(request),
            )
        except ActivationConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Recorded: SWEP was not activated.")
            return redirect("swep:activation", activation_id=one.pk)
    return render(request, "swep/not_activate.html", {"activation": one, "form": form})


@staff_view
def end(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    """End an active activation (asks first), which tells everyone it has ended."""
    one = _access(request, activation_id, act=True).activation
    if one.status != ActivationStatus.ACTIVE:
        messages.error(request, "Only an active activation can be ended.")
        return redirect("swep:activation", activation_id=one.pk)
    form = VersionForm(
        request.POST if request.method == "POST" else None, initial={"version": one.version}
    )
    if request.method == "POST":
        if not form.is_valid():
            return _decision_failed(request, one, ActivationConflict())
        try:
            activation_actions.end_activation(
                one, version=form.cleaned_data["version"], by=_user(request)
            )
        except (ActivationConflict, ValidationError) as error:
            return _decision_failed(request, one, error)
        messages.success(
            request, f"SWEP has ended in {one.partnership.name}. Partners are being told."
        )
        return redirect("swep:activation", activation_id=one.pk)
    return render(request, "swep/end.html", {"activation": one, "form": form})
