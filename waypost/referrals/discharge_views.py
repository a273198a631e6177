"""The hospital discharge and prison release pages (plans P1.2, P1.3: nobody leaves hospital
or prison with nowhere to go): the countdown board, confirming somewhere to go, moving the
expected date, recording what happened on the day, and the figures.

Who may do what:
- the board: the triage team (their partnership's) and the referring agency's staff (their
  own referrals: the discharge nurse sees their patients);
- confirming somewhere to go, or saying it fell through: the triage team and the assigned
  caseworker (`full_only`: 404 to the referrer, as to anyone else);
- moving the expected date and recording what happened: both (discharges move, and the nurse
  knows where the patient went);
- the figures: the triage team, and the partnership's coordinators and commissioners
  (aggregates only; commissioners never see the board).
Thin views: access → form → action.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import role_required
from waypost.referrals import discharge_actions as actions
from waypost.referrals.discharge_forms import (
    BoardFilterForm,
    ConfirmForm,
    ExpectedDateForm,
    OutcomeForm,
    PeriodForm,
    VersionForm,
)
from waypost.referrals.models import (
    COUNTDOWN_DAYS,
    EXPIRING_DAYS,
    AccommodationType,
    ClosureReason,
    Discharge,
    Pathway,
    Referral,
    ReferralStatus,
)
from waypost.referrals.referral_access import (
    REFERRING_ROLES,
    TRIAGE_ROLES,
    ReferralRead,
    get_referral_for_user,
    record_referrals_listed,
    referrals_visible_q,
    sees_in_full,
    triage_partnership_ids,
)
from waypost.referrals.referral_actions import ReferralClosed

BOARD_ROLES = tuple(dict.fromkeys((*TRIAGE_ROLES, *REFERRING_ROLES)))
KPI_ROLES = (Role.CASEWORKER, Role.COORDINATOR, Role.COMMISSIONER)
PER_PAGE = 25
URGENT_DAYS = EXPIRING_DAYS  # within a week and nowhere confirmed: the board's loudest rows

CONFLICT_MESSAGE = (
    "Someone else changed this discharge plan while you were filling in the form. Check the "
    "plan as it is now, then save again: what you typed is kept."
)
CLOSED_MESSAGE = "This referral is closed, so nothing was changed."
RECORDED_MESSAGE = "What happened on the day is already recorded, so the plan was not changed."
NOT_CONFIRMED_MESSAGE = "Nowhere is confirmed yet, so there was nothing to undo."


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined, no-any-return]


# --- The countdown board -----------------------------------------------------------------------


@dataclass
class BoardRow:
    referral: Referral
    discharge: Discharge
    days_left: int
    in_full: bool

    @property
    def is_urgent(self) -> bool:
        """Due out within a week (or overdue) and nowhere confirmed."""
        return not self.discharge.accommodation_confirmed and self.days_left <= URGENT_DAYS


def board_referrals(user: User, memberships: Sequence[Membership], today: date) -> QuerySet[Any]:
    """Open discharge referrals the user sees, not yet out: due within the countdown, or past
    their expected date with nothing recorded. Soonest (so overdue) first."""
    return (
        Referral.objects.filter(referrals_visible_q(user, memberships))
        .exclude(status=ReferralStatus.CLOSED)
        .filter(
            discharge__isnull=False,
            discharge__discharged_on__isnull=True,
            discharge__expected_on__lte=today + timedelta(days=COUNTDOWN_DAYS),
        )
        .select_related("discharge", "partnership")
        .order_by("discharge__expected_on", "received_at", "pk")
    )


def _institution_key() -> Any:
    return Lower(Trim("discharge__institution"))


def _spellings(rows: Any) -> dict[Any, str]:
    """The most common spelling of each group, from rows ordered by group, count desc."""
    chosen: dict[Any, str] = {}
    for row in rows:
        chosen.setdefault(row["group"], row["spelling"])
    return chosen


@role_required(*BOARD_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    user, memberships = _user(request), _memberships(request)
    today = timezone.localdate()
    referrals = board_referrals(user, memberships, today)
    names = _spellings(
        referrals.annotate(group=_institution_key(), spelling=Trim("discharge__institution"))
        .values("group", "spelling")
        .annotate(n=Count("pk"))
        .order_by("group", "-n", "spelling")
    )
    institutions = sorted(((key, name) for key, name in names.items()), key=lambda c: c[1])
    filters = BoardFilterForm(request.GET, institutions=institutions)
    pathway, institution = filters.value("pathway"), filters.value("institution")
    if pathway:
        referrals = referrals.filter(pathway=pathway)
    if institution:
        referrals = referrals.annotate(group=_institution_key()).filter(group=institution)
    counts = referrals.aggregate(
        overdue=Count("pk", filter=Q(discharge__expected_on__lt=today)),
        urgent=Count(
            "pk",
            filter=Q(
                discharge__accommodation_confirmed=False,
                discharge__expected_on__gte=today,
                discharge__expected_on__lte=today + timedelta(days=URGENT_DAYS),
            ),
        ),
        total=Count("pk"),
    )
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    shown: list[Referral] = list(page.object_list)
    record_referrals_listed(user, shown, memberships, route="referrals:discharge_board")
    rows = [
        BoardRow(
            referral=r,
            discharge=r.discharge,
            days_left=r.discharge.days_until(today),
            in_full=sees_in_full(user, memberships, r),
        )
        for r in shown
    ]
    query = urlencode({k: v for k, v in (("pathway", pathway), ("institution", institution)) if v})
    return render(
        request,
        "referrals/discharge/board.html",
        {
            "filters": filters,
            "overdue_rows": [row for row in rows if row.days_left < 0],
            "upcoming_rows": [row for row in rows if row.days_left >= 0],
            "counts": counts,
            "page_obj": page,
            "query": query,
            "filtered": bool(query),
            "countdown_days": COUNTDOWN_DAYS,
            "urgent_days": URGENT_DAYS,
            "may_see_figures": bool(_kpi_partnerships(memberships)),
        },
    )


# --- One discharge: the actions ----------------------------------------------------------------


def _read(
    request: HttpRequest, referral_id: UUID, route: str, *, full_only: bool
) -> tuple[ReferralRead, Discharge]:
    read = get_referral_for_user(
        _user(request), referral_id, _memberships(request), route=route, full_only=full_only
    )
    discharge = Discharge.objects.filter(referral=read.referral).first()
    if discharge is None:
        raise Http404
    discharge.referral = read.referral
    return read, discharge


def _back_url(request: HttpRequest, referral: Referral) -> str:
    """Where the page was opened from: the referral's page, or the board."""
    if request.GET.get("from") == "referral":
        return reverse("referrals:detail", args=[referral.pk])
    return reverse("referrals:discharge_board")


def _action_url(request: HttpRequest, name: str, referral: Referral) -> str:
    url = reverse(name, args=[referral.pk])
    return f"{url}?from=referral" if request.GET.get("from") == "referral" else url


def _stale_form(
    make: Callable[[QueryDict], forms.Form], request: HttpRequest, discharge: Discharge
) -> forms.Form:
    """The form as the user filled it in, with the current version and the conflict said."""
    posted = request.POST.copy()
    posted["version"] = str(Discharge.objects.get(pk=discharge.pk).version)
    form = make(posted)
    form.is_valid()
    form.add_error(None, CONFLICT_MESSAGE)
    return form


def _page(
    request: HttpRequest,
    template: str,
    read: ReferralRead,
    discharge: Discharge,
    form: forms.Form,
    action: str,
) -> HttpResponse:
    current = Discharge.objects.get(pk=discharge.pk) if form.non_field_errors() else discharge
    current.referral = read.referral
    return render(
        request,
        f"referrals/discharge/{template}",
        {
            "referral": read.referral,
            "discharge": current,
            "form": form,
            "action_url": _action_url(request, action, read.referral),
            "back_url": _back_url(request, read.referral),
            "days_left": current.days_until(),
            "is_prison": read.referral.pathway == Pathway.PRISON,
        },
    )


def _refused(request: HttpRequest, referral: Referral, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(_back_url(request, referral))


def _done(request: HttpRequest, referral: Referral, message: str) -> HttpResponse:
    # The reference, never the name: messages may sit in a cookie.
    messages.success(request, f"{message} (referral {referral.display_reference}).")
    return redirect(_back_url(request, referral))


def _closed_or_recorded(discharge: Discharge, referral: Referral) -> str:
    if referral.status == ReferralStatus.CLOSED:
        return CLOSED_MESSAGE
    if discharge.discharged_on is not None:
        return RECORDED_MESSAGE
    return ""


@role_required(*BOARD_ROLES)
def confirm(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """The triage team confirms somewhere to go for the day they leave."""
    name = "referrals:discharge_confirm"
    read, discharge = _read(request, referral_id, name, full_only=True)
    refusal = _closed_or_recorded(discharge, read.referral)
    if refusal:
        return _refused(request, read.referral, refusal)
    if request.method != "POST":
        form = ConfirmForm(
            initial={
                "version": discharge.version,
                "accommodation": discharge.confirmed_accommodation or None,
                "confirmed_on": timezone.localdate(),
            }
        )
        return _page(request, "confirm.html", read, discharge, form, name)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.confirm_accommodation(
                discharge,
                version=data["version"],
                accommodation=data["accommodation"],
                confirmed_on=data["confirmed_on"],
                by=_user(request),
            )
        except actions.DischargeChanged:
            form = _stale_form(ConfirmForm, request, discharge)
        except ReferralClosed:
            return _refused(request, read.referral, CLOSED_MESSAGE)
        except actions.DischargeRecorded:
            return _refused(request, read.referral, RECORDED_MESSAGE)
        else:
            return _done(request, read.referral, "Somewhere to go is confirmed")
    return _page(request, "confirm.html", read, discharge, form, name)


@role_required(*BOARD_ROLES)
def unconfirm(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """The triage team says the confirmed accommodation fell through."""
    name = "referrals:discharge_unconfirm"
    read, discharge = _read(request, referral_id, name, full_only=True)
    refusal = _closed_or_recorded(discharge, read.referral)
    if refusal:
        return _refused(request, read.referral, refusal)
    if request.method != "POST":
        if not discharge.accommodation_confirmed:
            return _refused(request, read.referral, NOT_CONFIRMED_MESSAGE)
        form = VersionForm(initial={"version": discharge.version})
        return _page(request, "unconfirm.html", read, discharge, form, name)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            actions.unconfirm_accommodation(
                discharge, version=form.cleaned_data["version"], by=_user(request)
            )
        except actions.DischargeChanged:
            form = _stale_form(VersionForm, request, discharge)
        except ReferralClosed:
            return _refused(request, read.referral, CLOSED_MESSAGE)
        except actions.DischargeRecorded:
            return _refused(request, read.referral, RECORDED_MESSAGE)
        else:
            return _done(request, read.referral, "Somewhere to go is no longer confirmed")
    return _page(request, "unconfirm.html", read, discharge, form, name)


@role_required(*BOARD_ROLES)
def change_date(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """The triage team or the referrer moves the expected date."""
    name = "referrals:discharge_change_date"
    read, discharge = _read(request, referral_id, name, full_only=False)
    refusal = _closed_or_recorded(discharge, read.referral)
    if refusal:
        return _refused(request, read.referral, refusal)
    pathway = read.referral.pathway

    def make(data: QueryDict | None = None, **kw: Any) -> ExpectedDateForm:
        return ExpectedDateForm(data, pathway=pathway, **kw)

    if request.method != "POST":
        form = make(initial={"version": discharge.version, "expected_on": discharge.expected_on})
        return _page(request, "change_date.html", read, discharge, form, name)
    form = make(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_expected_date(
                discharge,
                version=data["version"],
                expected_on=data["expected_on"],
                by=_user(request),
            )
        except actions.DischargeChanged:
            form = _stale_form(make, request, discharge)
        except ReferralClosed:
            return _refused(request, read.referral, CLOSED_MESSAGE)
        except actions.DischargeRecorded:
            return _refused(request, read.referral, RECORDED_MESSAGE)
        else:
            when = data["expected_on"].strftime("%-d %B %Y")
            return _done(request, read.referral, f"Expected date changed to {when}")
    return _page(request, "change_date.html", read, discharge, form, name)


@role_required(*BOARD_ROLES)
def outcome(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """The triage team or the referrer records the day they left and where they went (or
    corrects it)."""
    name = "referrals:discharge_outcome"
    read, discharge = _read(request, referral_id, name, full_only=False)
    if read.referral.status == ReferralStatus.CLOSED:
        return _refused(request, read.referral, CLOSED_MESSAGE)
    pathway = read.referral.pathway

    def make(data: QueryDict | None = None, **kw: Any) -> OutcomeForm:
        return OutcomeForm(data, pathway=pathway, **kw)

    if request.method != "POST":
        today = timezone.localdate()
        form = make(
            initial={
                "version": discharge.version,
                "discharged_on": discharge.discharged_on or min(discharge.expected_on, today),
                "outcome": discharge.outcome or None,
            }
        )
        return _page(request, "outcome.html", read, discharge, form, name)
    form = make(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_outcome(
                discharge,
                version=data["version"],
                discharged_on=data["discharged_on"],
                outcome=data["outcome"],
                by=_user(request),
            )
        except actions.DischargeChanged:
            form = _stale_form(make, request, discharge)
        except ReferralClosed:
            return _refused(request, read.referral, CLOSED_MESSAGE)
        else:
            left = "released" if pathway == Pathway.PRISON else "discharged"
            return _done(request, read.referral, f"What happened when they were {left} is saved")
    return _page(request, "outcome.html", read, discharge, form, name)


# --- The figures -------------------------------------------------------------------------------


def _kpi_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    """The triage team's partnerships, and those where the user is a coordinator or a
    commissioner (of any agency), by name."""
    triage = triage_partnership_ids(memberships)
    seen: dict[Any, Partnership] = {}
    for m in memberships:
        partnership = m.agency.partnership
        if partnership.pk in triage or m.role in (Role.COORDINATOR, Role.COMMISSIONER):
            seen.setdefault(partnership.pk, partnership)
    return sorted(seen.values(), key=lambda p: p.name)


@dataclass
class FigureRow:
    institution: str
    planned: int
    with_somewhere: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.with_somewhere / self.planned) if self.planned else None


@dataclass
class PathwayFigures:
    pathway: str
    label: str
    rows: list[FigureRow]
    total: FigureRow


@dataclass
class DischargeFigures:
    pathways: list[PathwayFigures]
    total: FigureRow
    unplanned: int


PLANNED = Q(referral__received_at__date__lt=F("discharged_on"))  # see Discharge.is_planned
WITH_SOMEWHERE = ~Q(outcome=AccommodationType.NO_FIXED_ABODE)


def discharge_figures(partnership: Partnership, from_on: date, to_on: date) -> DischargeFigures:
    """P1.2 and P1.3's measure: of the planned discharges and releases (referred before the
    day they left) in the period, by the day they left, how many had somewhere to go; per
    hospital and per prison (names compared stripped and case-insensitively, shown as most
    often typed). Duplicate referrals are not counted. Three queries, all aggregates."""
    base = Discharge.objects.filter(
        referral__partnership=partnership, discharged_on__gte=from_on, discharged_on__lte=to_on
    ).exclude(referral__closure_reason=ClosureReason.DUPLICATE)
    planned = base.filter(PLANNED).annotate(group=Lower(Trim("institution")))
    groups = (
        planned.values("referral__pathway", "group")
        .annotate(planned=Count("pk"), with_somewhere=Count("pk", filter=WITH_SOMEWHERE))
        .order_by()
    )
    spellings = _spellings(
        {"group": (row["referral__pathway"], row["group"]), "spelling": row["spelling"]}
        for row in planned.annotate(spelling=Trim("institution"))
        .values("referral__pathway", "group", "spelling")
        .annotate(n=Count("pk"))
        .order_by("referral__pathway", "group", "-n", "spelling")
    )
    totals = {
        row["referral__pathway"]: row
        for row in base.values("referral__pathway")
        .annotate(
            planned=Count("pk", filter=PLANNED),
            with_somewhere=Count("pk", filter=PLANNED & WITH_SOMEWHERE),
            unplanned=Count("pk", filter=~PLANNED),
        )
        .order_by()
    }
    pathways = []
    for pathway, label in ((Pathway.HOSPITAL, "Hospitals"), (Pathway.PRISON, "Prisons")):
        rows = sorted(
            (
                FigureRow(
                    institution=spellings[(pathway.value, g["group"])],
                    planned=g["planned"],
                    with_somewhere=g["with_somewhere"],
                )
                for g in groups
                if g["referral__pathway"] == pathway
            ),
            key=lambda r: r.institution.lower(),
        )
        total = totals.get(pathway, {"planned": 0, "with_somewhere": 0})
        pathways.append(
            PathwayFigures(
                pathway=pathway,
                label=label,
                rows=rows,
                total=FigureRow(f"All {label.lower()}", total["planned"], total["with_somewhere"]),
            )
        )
    return DischargeFigures(
        pathways=pathways,
        total=FigureRow(
            "All hospitals and prisons",
            sum(p.total.planned for p in pathways),
            sum(p.total.with_somewhere for p in pathways),
        ),
        unplanned=sum(row["unplanned"] for row in totals.values()),
    )


def _default_period(partnerships: list[Partnership]) -> QueryDict:
    """The form's data for the last 12 months, so the boxes show the dates used."""
    form = PeriodForm({}, partnerships=partnerships)
    form.is_valid()
    data = QueryDict(mutable=True)
    for name in ("from_on", "to_on"):
        day: date = form.cleaned_data[name]
        data.update(
            {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
        )
    return data


@role_required(*KPI_ROLES)
def kpi(request: HttpRequest) -> HttpResponse:
    """Planned discharges with somewhere to go, per hospital and per prison: counts only."""
    partnerships = _kpi_partnerships(_memberships(request))
    if not partnerships:
        raise PermissionDenied
    query = request.GET if request.GET else _default_period(partnerships)
    form = PeriodForm(query, partnerships=partnerships)
    figures = None
    if form.is_valid():
        chosen = form.cleaned_data
        figures = discharge_figures(chosen["partnership"], chosen["from_on"], chosen["to_on"])
    return render(
        request,
        "referrals/discharge/kpi.html",
        {
            "form": form,
            "figures": figures,
            "period": form.cleaned_data if figures else None,
            "several_partnerships": len(partnerships) > 1,
            "may_see_board": any(m.role in BOARD_ROLES for m in _memberships(request)),
        },
    )
