"""Outreach's alert pages: the queue (oldest first, likely duplicates grouped, overdue in red),
outcomes recorded, one alert, recording the verification visit, linking the person and
forwarding. Thin views: access → form → action."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Agency, Role, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Channel, Section
from waypost.people import actions as people_actions
from waypost.people.access import record_listed
from waypost.people.forms import PersonCreateForm, carried_fields
from waypost.people.models import Gender, Person
from waypost.people.possible_matches import possible_existing_people
from waypost.referrals import actions
from waypost.referrals.access import (
    ALERT_ROLES,
    AlertRead,
    alerts_visible_q,
    get_alert_for_user,
    is_coordinator,
    record_alerts_listed,
)
from waypost.referrals.duplicates import group_duplicates, likely_duplicates
from waypost.referrals.forms import ForwardForm, VisitForm
from waypost.referrals.models import (
    AGE_RANGE_MIDDLE,
    FOUND_OUTCOMES,
    OPEN_STATUSES,
    Alert,
    AlertStatus,
    Outcome,
    SeenGender,
)
from waypost.sharing.policy import ROLE_SECTIONS

GROUPS_PER_PAGE = 20
CLOSED_PER_PAGE = 25
CONFLICT_MESSAGE = (
    "Someone else recorded something on this alert while you were filling in the form. "
    "Check the alert below, then record your visit again: what you typed is kept."
)
NOT_OPEN_MESSAGE = "This alert already has an outcome or was forwarded, so nothing was recorded."


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> Any:
    return request.memberships  # type: ignore[attr-defined]


def _read(request: HttpRequest, alert_id: UUID, route: str) -> AlertRead:
    return get_alert_for_user(_user(request), alert_id, _memberships(request), route=route)


# --- The queue ---------------------------------------------------------------------------------


@role_required(*ALERT_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    """Alerts waiting for outreach, oldest first, with likely duplicates grouped; for
    coordinators, alerts outside every area waiting to be forwarded."""
    memberships = _memberships(request)
    open_alerts = list(
        Alert.objects.open()
        .filter(alerts_visible_q(memberships))
        .select_related("partnership")
        .order_by("received_at", "id")
    )
    waiting = [a for a in open_alerts if a.status == AlertStatus.WAITING]
    out_of_area = [a for a in open_alerts if a.status == AlertStatus.OUT_OF_AREA]
    page = Paginator(group_duplicates(waiting), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    groups: list[list[Alert]] = list(page.object_list)
    if page.number > 1:
        out_of_area = []
    shown = [alert for group in groups for alert in group] + out_of_area
    record_alerts_listed(_user(request), shown, memberships, route="alerts:queue")
    today = timezone.localdate()
    cards = [
        {"alerts": group, "first": group[0], "overdue": any(a.due_on < today for a in group)}
        for group in groups
    ]
    return render(
        request,
        "referrals/queue.html",
        {
            "cards": cards,
            "out_of_area": out_of_area,
            "page_obj": page,
            "today": today,
            "waiting_count": len(waiting),
            "overdue_count": sum(1 for a in waiting if a.due_on < today),
            "show_partnership": len({a.partnership_id for a in waiting}) > 1,
        },
    )


@role_required(*ALERT_ROLES)
def closed(request: HttpRequest) -> HttpResponse:
    """Alerts with an outcome or forwarded, newest first."""
    memberships = _memberships(request)
    alerts = (
        Alert.objects.filter(alerts_visible_q(memberships))
        .exclude(status__in=OPEN_STATUSES)
        .select_related("partnership")
        .order_by("-closed_at", "-id")
    )
    page = Paginator(alerts, CLOSED_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    record_alerts_listed(_user(request), shown, memberships, route="alerts:closed")
    return render(request, "referrals/closed.html", {"alerts": shown, "page_obj": page})


# --- One alert ---------------------------------------------------------------------------------


@role_required(*ALERT_ROLES)
def detail(request: HttpRequest, alert_id: UUID) -> HttpResponse:
    read = _read(request, alert_id, "alerts:detail")
    alert = read.alert
    memberships = _memberships(request)
    visits = list(alert.visits.select_related("recorded_by", "recorded_by_agency"))
    duplicates = likely_duplicates(alert)
    record_alerts_listed(_user(request), duplicates, memberships, route="alerts:detail")
    person = _visible_person(request, alert.person_id) if alert.person_id else None
    return render(
        request,
        "referrals/detail.html",
        {
            "alert": alert,
            "visits": visits,
            "duplicates": duplicates,
            "person": person,
            "today": timezone.localdate(),
            "can_verify": alert.status == AlertStatus.WAITING and read.agency is not None,
            "can_link": alert.partnership_id is not None
            and bool(_identity_agencies(request, alert)),
            # An alert outside every area: any coordinator; else the partnership's own.
            "can_forward": alert.is_open and is_coordinator(memberships, alert.partnership_id),
        },
    )


def _visible_person(request: HttpRequest, person_id: Any) -> Person | None:
    """The linked person, when the user may see their identity (the read is logged)."""
    person = (
        Person.objects.visible_to(_user(request))
        .filter(pk=person_id)
        .select_related("recorded_by_agency")
        .first()
    )
    if person is not None:
        record_listed(
            _user(request),
            [person],
            channel=Channel.PAGE,
            route=request.resolver_match.view_name if request.resolver_match else "",
            memberships=_memberships(request),
        )
    return person


# --- Recording the visit -----------------------------------------------------------------------


@role_required(*ALERT_ROLES)
def record_visit(request: HttpRequest, alert_id: UUID) -> HttpResponse:
    read = _read(request, alert_id, "alerts:record_visit")
    alert = read.alert
    if alert.status != AlertStatus.WAITING or read.agency is None:
        messages.info(request, NOT_OPEN_MESSAGE)
        return redirect("alerts:detail", alert_id=alert.pk)
    duplicates = likely_duplicates(alert)
    record_alerts_listed(
        _user(request), duplicates, _memberships(request), route="alerts:record_visit"
    )
    if request.method != "POST":
        form = VisitForm(
            initial={
                "version": alert.version,
                "visited_on": timezone.localdate(),
                "duplicates": [str(a.pk) for a in duplicates],
            },
            duplicates=duplicates,
        )
        return render(request, "referrals/visit.html", {"alert": alert, "form": form})
    form = VisitForm(request.POST, duplicates=duplicates)
    if form.is_valid():
        data = form.cleaned_data
        chosen = form.chosen_duplicates()
        try:
            actions.record_visit(
                alert,
                version=data["version"],
                visited_at=form.visited_at(),
                outcome=data["outcome"],
                notes=data["notes"].strip(),
                by=_user(request),
                agency=read.agency,
                duplicates=chosen,
            )
        except actions.AlertChanged:
            posted = request.POST.copy()
            posted["version"] = str(Alert.objects.get(pk=alert.pk).version)
            form = VisitForm(posted, duplicates=duplicates)
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
        except actions.AlertNotOpen:
            messages.info(request, NOT_OPEN_MESSAGE)
            return redirect("alerts:detail", alert_id=alert.pk)
        else:
            return _after_visit(request, alert, data["outcome"], len(chosen))
    return render(request, "referrals/visit.html", {"alert": alert, "form": form})


def _after_visit(request: HttpRequest, alert: Alert, outcome: str, also: int) -> HttpResponse:
    together = f" and {also} likely duplicate alert{'s' if also != 1 else ''}" if also else ""
    if outcome == Outcome.NOT_YET_KNOWN:
        messages.success(
            request, f"Visit recorded for alert {alert.display_reference}{together}. "
            "It stays in the queue until you record an outcome."
        )  # fmt: skip
        return redirect("alerts:queue")
    messages.success(request, f"Outcome recorded for alert {alert.display_reference}{together}.")
    if outcome in FOUND_OUTCOMES and alert.person_id is None:
        return redirect("alerts:link_person", alert_id=alert.pk)
    return redirect("alerts:queue")


# --- Linking the person ------------------------------------------------------------------------


def _identity_agencies(request: HttpRequest, alert: Alert) -> list[Agency]:
    """The user's agencies in the alert's partnership whose role keeps people's identity."""
    seen: dict[Any, Agency] = {}
    for m in _memberships(request):
        if (
            m.agency.partnership_id == alert.partnership_id
            and m.role in ALERT_ROLES
            and Section.IDENTITY in ROLE_SECTIONS.get(m.role, ())
        ):
            seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


def _initial_person(alert: Alert) -> dict[str, Any]:
    """What the alert says about the person, as a starting point for their record."""
    names = alert.name_if_known.split()
    gender = {SeenGender.MAN: Gender.MAN, SeenGender.WOMAN: Gender.WOMAN}.get(
        alert.gender,  # type: ignore[call-overload]
        Gender.UNKNOWN,
    )
    initial: dict[str, Any] = {"gender": gender}
    if names:
        initial["given_name"] = names[0]
        initial["family_name"] = " ".join(names[1:])
    if alert.age_range in AGE_RANGE_MIDDLE:
        initial["estimated_age"] = AGE_RANGE_MIDDLE[alert.age_range]
    return initial


@role_required(*ALERT_ROLES)
def link_person(request: HttpRequest, alert_id: UUID) -> HttpResponse:
    """Link the alert to the person's record: check for a possible existing person first
    (as "Add a person" does), then link that record or create a new one."""
    read = _read(request, alert_id, "alerts:link_person")
    alert = read.alert
    if alert.partnership_id is None:
        raise Http404
    agencies = _identity_agencies(request, alert)
    if not agencies:
        raise PermissionDenied
    context: dict[str, Any] = {"alert": alert}
    if request.method == "POST" and request.POST.get("person"):
        return _link_existing(request, alert, request.POST["person"])
    if request.method != "POST":
        form = PersonCreateForm(initial=_initial_person(alert), agencies=agencies)
        return render(request, "referrals/link_person.html", {**context, "form": form})
    form = PersonCreateForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "referrals/link_person.html", {**context, "form": form})
    if not request.POST.get("confirmed"):
        candidates = possible_existing_people(
            _user(request),
            form,
            partnership_id=alert.partnership_id,
            route="alerts:link_person",
            memberships=_memberships(request),
        )
        if candidates:
            return render(
                request,
                "referrals/link_person_matches.html",
                {
                    **context,
                    "candidates": candidates,
                    "carried": carried_fields(request.POST, skip=("person",)),
                },
            )
    data = form.cleaned_data
    try:
        person = people_actions.register_person(
            agency=data["agency"],
            by=_user(request),
            identifiers=form.identifiers(),
            **form.person_fields(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "referrals/link_person.html", {**context, "form": form})
    actions.link_person(alert, person, by=_user(request))
    messages.success(request, "Person record created and linked to the alert.")
    return redirect("alerts:detail", alert_id=alert.pk)


def _link_existing(request: HttpRequest, alert: Alert, raw_id: str) -> HttpResponse:
    try:
        person_id = UUID(raw_id)
    except ValueError:
        raise Http404 from None
    person = (
        Person.objects.visible_to(_user(request))
        .filter(pk=person_id, partnership_id=alert.partnership_id)
        .first()
    )
    if person is None:
        raise Http404
    actions.link_person(alert, person, by=_user(request))
    messages.success(request, "Alert linked to the person’s record.")
    return redirect("alerts:detail", alert_id=alert.pk)


# --- Forwarding --------------------------------------------------------------------------------


@role_required(Role.COORDINATOR)
def forward(request: HttpRequest, alert_id: UUID) -> HttpResponse:
    """A coordinator sends an alert to the partnership that covers the place, or records
    that it was passed to a service outside Waypost."""
    read = _read(request, alert_id, "alerts:forward")
    alert = read.alert
    if not is_coordinator(_memberships(request), alert.partnership_id):
        raise PermissionDenied
    if not alert.is_open:
        messages.info(request, NOT_OPEN_MESSAGE)
        return redirect("alerts:detail", alert_id=alert.pk)
    form = ForwardForm(
        request.POST if request.method == "POST" else None, current=alert.partnership
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.forward_alert(
                alert,
                by=_user(request),
                partnership=data["partnership"],
                forwarded_to=data["forwarded_to"],
            )
        except actions.AlertNotOpen:
            messages.info(request, NOT_OPEN_MESSAGE)
            return redirect("alerts:detail", alert_id=alert.pk)
        if data["partnership"] is not None:
            messages.success(
                request,
                f"Alert {alert.display_reference} sent to {data['partnership'].name}.",
            )
        else:
            messages.success(request, f"Alert {alert.display_reference} recorded as passed on.")
        return redirect("alerts:queue")
    return render(request, "referrals/forward.html", {"alert": alert, "form": form})
