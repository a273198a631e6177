"""The housing options team's referral pages: the triage queue, one referral in full, the
actions on it (accept and assign, first contact, link the person, triage, duties, reconnection,
closing), the caseworker's own referrals, and the partnership's out-of-hours route.

Only the triage team (caseworkers and coordinators of a housing options agency in the
referral's partnership) and the caseworker it is assigned to reach these pages; everyone else
gets 404, whether the referral exists or not. Referrers follow their own referrals elsewhere.
Thin views: access → form → action.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any, NamedTuple
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import (
    Agency,
    AgencyType,
    Membership,
    Partnership,
    Role,
    User,
)
from waypost.accounts.roles import roles_of
from waypost.audit.models import Channel
from waypost.people import actions as people_actions
from waypost.people.access import record_listed
from waypost.people.forms import PartialDate, PersonCreateForm, carried_fields
from waypost.people.models import Person
from waypost.people.possible_matches import possible_existing_people
from waypost.referrals import triage_actions
from waypost.referrals.models import (
    EXPIRING_DAYS,
    Discharge,
    Duty,
    DutyKind,
    LocalConnection,
    OfferResponse,
    OutOfHoursRoute,
    Pathway,
    ReconnectionOffer,
    Referral,
    ReferralStatus,
    TriageRoute,
)
from waypost.referrals.referral_access import (
    TRIAGE_ROLES,
    ReferralRead,
    get_referral_for_user,
    is_triage_team,
    record_referrals_listed,
    team_q,
    triage_partnership_ids,
)
from waypost.referrals.referral_actions import (
    ReferralChanged,
    ReferralClosed,
    triage_coordinators,
    triage_team,
)
from waypost.referrals.triage_actions import TriageRefused
from waypost.referrals.triage_forms import (
    FOLLOW_UP_DAYS,
    ROUTE_GUIDANCE,
    AssignForm,
    CaseworkerForm,
    CloseForm,
    EndDutyForm,
    FirstContactForm,
    FollowUpForm,
    OfferResponseForm,
    OutOfHoursForm,
    ReconnectionOfferForm,
    ReferralForm,
    StartDutyForm,
    TriageForm,
)

PER_PAGE = 25
CHANGED_MESSAGE = (
    "Someone else changed this referral while you were filling in the form. Check the "
    "referral, then save again: what you typed is kept."
)
CLOSED_MESSAGE = "This referral is closed, so nothing was recorded."
# Who may set a partnership's out-of-hours route.
OUT_OF_HOURS_EDITORS = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def team_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a caseworker or coordinator somewhere; anyone else gets 404 (as for a
    referral that does not exist). Each view then checks the partnership or the referral."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles_of(request) & set(TRIAGE_ROLES):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _read(request: HttpRequest, referral_id: UUID, route: str) -> ReferralRead:
    """The referral in full (the triage team's or the assigned caseworker's view), or 404."""
    return get_referral_for_user(
        _user(request), referral_id, _memberships(request), route=route, full_only=True
    )


@dataclass
class Clock:
    """An open duty's 56-day clock as the caseworker sees it."""

    duty: Duty
    days_left: int

    @property
    def is_expiring(self) -> bool:
        return self.days_left <= EXPIRING_DAYS

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0

    @property
    def days_ago(self) -> int:
        return -self.days_left


def _clock(duty: Duty | None, today: date) -> Clock | None:
    return Clock(duty=duty, days_left=duty.days_left(today)) if duty is not None else None


@dataclass
class Row:
    referral: Referral
    days_waiting: int
    clock: Clock | None = None


def _age(referral: Referral, today: date) -> int:
    return (today - timezone.localdate(referral.received_at)).days


def _open_duties() -> Prefetch:
    return Prefetch(
        "duties", queryset=Duty.objects.filter(ended_on__isnull=True), to_attr="open_duties"
    )


def _first_open(referral: Referral) -> Duty | None:
    duties: list[Duty] = getattr(referral, "open_duties", [])
    return duties[0] if duties else None


# --- The queue ---------------------------------------------------------------------------------

TABS = {
    "waiting": ("referrals:queue", "Waiting for triage"),
    "open": ("referrals:queue_open", "Open"),
    "closed": ("referrals:queue_closed", "Closed"),
}


def _team_referrals(request: HttpRequest) -> QuerySet[Referral]:
    if not is_triage_team(_memberships(request)):
        raise Http404
    return Referral.objects.filter(team_q(_user(request), _memberships(request)))


def _list(
    request: HttpRequest, tab: str, referrals: QuerySet[Referral], waiting_count: int | None
) -> HttpResponse:
    route = TABS[tab][0]
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    shown: list[Referral] = list(page.object_list)
    record_referrals_listed(_user(request), shown, _memberships(request), route=route)
    today = timezone.localdate()
    rows = [
        Row(referral=r, days_waiting=_age(r, today), clock=_clock(_first_open(r), today))
        for r in shown
    ]
    return render(
        request,
        "referrals/triage/queue.html",
        {
            "tab": tab,
            "tabs": [(key, name, label) for key, (name, label) in TABS.items()],
            "rows": rows,
            "page_obj": page,
            "waiting_count": page.paginator.count if waiting_count is None else waiting_count,
            "show_partnership": len(triage_partnership_ids(_memberships(request))) > 1,
        },
    )


@team_required
def queue(request: HttpRequest) -> HttpResponse:
    """Referrals waiting for triage, oldest first: each stays here until it is accepted or
    closed, so none is silently dropped."""
    referrals = (
        _team_referrals(request)
        .waiting()
        .select_related("partnership", "referring_agency", "discharge")
        .order_by("received_at", "id")
    )
    return _list(request, "waiting", referrals, None)


@team_required
def queue_open(request: HttpRequest) -> HttpResponse:
    """Accepted referrals not yet closed, oldest first, with the caseworker and duty clock."""
    team = _team_referrals(request)
    referrals = (
        team.filter(status=ReferralStatus.ACCEPTED)
        .select_related("partnership", "referring_agency", "assigned_to", "discharge")
        .prefetch_related(_open_duties())
        .order_by("received_at", "id")
    )
    return _list(request, "open", referrals, team.waiting().count())


@team_required
def queue_closed(request: HttpRequest) -> HttpResponse:
    """Closed referrals, most recently closed first, with the reason."""
    team = _team_referrals(request)
    referrals = (
        team.filter(status=ReferralStatus.CLOSED)
        .select_related("partnership", "referring_agency", "assigned_to")
        .order_by("-closed_at", "-id")
    )
    return _list(request, "closed", referrals, team.waiting().count())


# --- One referral ------------------------------------------------------------------------------


def _discharge(referral: Referral) -> Discharge | None:
    if referral.pathway == Pathway.NONE:
        return None
    try:
        return referral.discharge
    except ObjectDoesNotExist:
        return None


def _identity_agencies(request: HttpRequest, referral: Referral) -> list[Agency]:
    """The user's agencies in the referral's partnership where they work with people's
    records as a caseworker or coordinator (who may create or link a person)."""
    seen: dict[Any, Agency] = {}
    for m in _memberships(request):
        if m.agency.partnership_id == referral.partnership_id and m.role in TRIAGE_ROLES:
            seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


def _visible_person(request: HttpRequest, person_id: Any, route: str) -> Person | None:
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
            route=route,
            memberships=_memberships(request),
        )
    return person


@team_required
def detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """Everything about one referral for the team: what the referrer sent, the person, the
    current triage, the duties with their clocks, reconnection offers and any discharge."""
    route = "referrals:detail"
    read = _read(request, referral_id, route)
    referral = read.referral
    today = timezone.localdate()
    duties = list(referral.duties.select_related("started_by", "ended_by").order_by("started_on"))
    clocks = [_clock(d, today) if d.is_open else None for d in duties]
    triage = referral.triages.select_related("recorded_by").first()
    offers = list(referral.reconnection_offers.select_related("recorded_by"))
    is_open = referral.status == ReferralStatus.ACCEPTED
    return render(
        request,
        "referrals/triage/detail.html",
        {
            "referral": referral,
            "in_full": read.in_full,
            "discharge": _discharge(referral),
            "person": (
                _visible_person(request, referral.person_id, route) if referral.person_id else None
            ),
            "triage": triage,
            "duties": list(zip(duties, clocks, strict=True)),
            "has_open_duty": any(d.is_open for d in duties),
            "offers": offers,
            "today": today,
            "days_waiting": _age(referral, today),
            "is_waiting": referral.status == ReferralStatus.WAITING,
            "is_open": is_open,
            "is_closed": referral.status == ReferralStatus.CLOSED,
            "can_link": referral.status != ReferralStatus.CLOSED
            and bool(_identity_agencies(request, referral)),
            "suggest_reconnection": is_open
            and triage is not None
            and (
                triage.route == TriageRoute.RECONNECTION
                or triage.local_connection == LocalConnection.ELSEWHERE
            ),
            "shows_out_of_hours": triage is not None and triage.out_of_hours,
        },
    )


# --- Forms on a referral -----------------------------------------------------------------------


class Done(NamedTuple):
    message: str
    url: str = ""


def _stale(form: ReferralForm, referral: Referral) -> None:
    """Keep what was typed, bring the version up to date and say what happened."""
    data = form.data.copy()
    data["version"] = str(Referral.objects.values_list("version", flat=True).get(pk=referral.pk))
    form.data = data
    form.add_error(None, CHANGED_MESSAGE)


def _handle(
    request: HttpRequest,
    referral: Referral,
    form: ReferralForm,
    run: Callable[[dict[str, Any]], Done],
    *,
    template: str = "referrals/triage/form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST run the action and go back to the referral (or
    `Done.url`). A stale version or a refusal shows the form again with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            done = run(form.cleaned_data)
        except ReferralChanged:
            _stale(form, referral)
        except TriageRefused as refusal:
            form.add_error(None, str(refusal))
        except ReferralClosed:
            messages.info(request, CLOSED_MESSAGE)
            return redirect("referrals:detail", referral_id=referral.pk)
        else:
            messages.success(request, done.message)
            return redirect(done.url or reverse("referrals:detail", args=[referral.pk]))
    return render(request, template, {"referral": referral, "form": form, **(context or {})})


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _refuse_when_closed(request: HttpRequest, referral: Referral) -> HttpResponse | None:
    if referral.status == ReferralStatus.CLOSED:
        messages.info(request, CLOSED_MESSAGE)
        return redirect("referrals:detail", referral_id=referral.pk)
    return None


@team_required
def accept(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """Accept a waiting referral and assign it to a caseworker (yourself by default)."""
    referral = _read(request, referral_id, "referrals:accept").referral
    if referral.status != ReferralStatus.WAITING:
        messages.info(request, "This referral was already accepted or closed.")
        return redirect("referrals:detail", referral_id=referral.pk)
    team = triage_team(referral.partnership)
    me = _user(request)
    form = AssignForm(
        _bound(request),
        team=team,
        initial={
            "version": referral.version,
            "assign_to": me.pk if me in team else None,
        },
    )

    def run(data: dict[str, Any]) -> Done:
        triage_actions.accept_referral(
            referral, version=data["version"], assign_to=data["assign_to"], by=me
        )
        who = "you" if data["assign_to"] == me else data["assign_to"].full_name
        return Done(f"Referral {referral.display_reference} accepted and assigned to {who}.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Accept and assign",
            "intro": "Accepting takes the referral out of the triage queue. The caseworker you "
            "choose leads on it, and their agency becomes the lead agency.",
            "button": "Accept and assign",
        },
    )


@team_required
def reassign(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:reassign").referral
    if referral.status != ReferralStatus.ACCEPTED:
        return _refuse_when_closed(request, referral) or redirect(
            "referrals:accept", referral_id=referral.pk
        )
    me = _user(request)
    form = AssignForm(
        _bound(request),
        team=triage_team(referral.partnership),
        initial={"version": referral.version, "assign_to": referral.assigned_to_id},
    )

    def run(data: dict[str, Any]) -> Done:
        triage_actions.reassign_referral(
            referral, version=data["version"], assign_to=data["assign_to"], by=me
        )
        who = "you" if data["assign_to"] == me else data["assign_to"].full_name
        return Done(f"Referral {referral.display_reference} assigned to {who}.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={"heading": "Assign to another caseworker", "button": "Assign"},
    )


@team_required
def first_contact(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:first_contact").referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    form = FirstContactForm(
        _bound(request),
        initial={"version": referral.version, "contact_on": timezone.localdate()},
    )

    def run(data: dict[str, Any]) -> Done:
        triage_actions.record_first_contact(
            referral,
            version=data["version"],
            at=form.contact_at(not_before=referral.received_at),
            by=_user(request),
        )
        return Done("First contact recorded.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Record first contact",
            "intro": "When you first spoke to the person about their housing. The time from "
            "the referral to first contact is reported.",
            "button": "Save first contact",
        },
    )


@team_required
def triage(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """Record eligibility, local connection, recourse to public funds and the route."""
    referral = _read(request, referral_id, "referrals:triage").referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    previous = referral.triages.first()
    initial: dict[str, Any] = {"version": referral.version}
    if previous is not None:
        initial.update(
            eligibility=previous.eligibility,
            local_connection=previous.local_connection,
            connection_area=previous.connection_area,
            public_funds=previous.public_funds,
            route=previous.route,
        )
    form = TriageForm(_bound(request), initial=initial)

    def run(data: dict[str, Any]) -> Done:
        saved = triage_actions.record_triage(
            referral,
            version=data["version"],
            eligibility=data["eligibility"],
            local_connection=data["local_connection"],
            connection_area=data["connection_area"],
            public_funds=data["public_funds"],
            route=data["route"],
            out_of_hours=data["out_of_hours"],
            notes=data["notes"].strip(),
            by=_user(request),
        )
        if saved.out_of_hours:
            url = reverse("referrals:out_of_hours", args=[referral.partnership_id])
            url = f"{url}?referral={referral.pk}"
            return Done("Triage recorded. Follow the out-of-hours route below.", url)
        return Done("Triage recorded.")

    recommended = form.recommended_routes()
    guidance = [
        (value, label, ROUTE_GUIDANCE[value], value in recommended)
        for value, label in TriageRoute.choices
    ]
    return _handle(
        request,
        referral,
        form,
        run,
        template="referrals/triage/triage.html",
        context={"guidance": guidance, "previous": previous},
    )


@team_required
def start_duty(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:start_duty").referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    form = StartDutyForm(
        _bound(request),
        initial={"version": referral.version, "started_on": timezone.localdate()},
    )

    def run(data: dict[str, Any]) -> Done:
        duty = triage_actions.start_duty(
            referral,
            version=data["version"],
            kind=data["kind"],
            started_on=data["started_on"],
            by=_user(request),
        )
        return Done(f"{duty.get_kind_display()} started. It ends on {duty.ends_on:%-d %B %Y}.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Start a duty",
            "intro": "The prevention and relief duties each last 56 days. Only one is open at "
            "a time.",
            "button": "Start the duty",
        },
    )


@team_required
def end_duty(request: HttpRequest, referral_id: UUID, duty_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:end_duty").referral
    duty = referral.duties.filter(pk=duty_id).first()
    if duty is None:
        raise Http404
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    if not duty.is_open:
        messages.info(request, "This duty has already ended.")
        return redirect("referrals:detail", referral_id=referral.pk)
    form = EndDutyForm(
        _bound(request),
        is_prevention=duty.kind == DutyKind.PREVENTION,
        initial={
            "version": referral.version,
            "ended_on": timezone.localdate(),
            "start_relief": True,
        },
    )

    def run(data: dict[str, Any]) -> Done:
        relief = triage_actions.end_duty(
            duty,
            version=data["version"],
            outcome=data["outcome"],
            ended_on=data["ended_on"],
            notes=data["notes"].strip(),
            by=_user(request),
            start_relief=data.get("start_relief", False),
        )
        ended = f"{duty.get_kind_display()} ended."
        if relief is not None:
            return Done(f"{ended} The relief duty started; it ends on {relief.ends_on:%-d %B %Y}.")
        return Done(ended)

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": f"End the {duty.get_kind_display().lower()}",
            "intro": f"Started {duty.started_on:%-d %B %Y}; the 56 days end on "
            f"{duty.ends_on:%-d %B %Y}.",
            "button": "End the duty",
        },
    )


@team_required
def close(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:close").referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    form = CloseForm(_bound(request), initial={"version": referral.version})

    def run(data: dict[str, Any]) -> Done:
        triage_actions.close_referral(
            referral, version=data["version"], reason=data["reason"], by=_user(request)
        )
        return Done(f"Referral {referral.display_reference} closed.")

    open_duty = referral.duties.filter(ended_on__isnull=True).first()
    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Close the referral",
            "intro": (
                f"The {open_duty.get_kind_display().lower()} is still open: record how it "
                "ended before closing the referral."
                if open_duty
                else "A closed referral leaves the team’s lists. The referrer sees that it "
                "closed and why."
            ),
            "open_duty": open_duty,
            "button": "Close the referral",
        },
    )


@team_required
def reconnection_offer(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:reconnection_offer").referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    triage_now = referral.triages.first()
    today = timezone.localdate()
    form = ReconnectionOfferForm(
        _bound(request),
        initial={
            "version": referral.version,
            "destination": triage_now.connection_area if triage_now else "",
            "offered_on": today,
        },
    )

    def run(data: dict[str, Any]) -> Done:
        offer = triage_actions.record_reconnection_offer(
            referral,
            version=data["version"],
            destination=data["destination"].strip(),
            destination_contact=data["destination_contact"].strip(),
            offer=data["offer"].strip(),
            offered_on=data["offered_on"],
            follow_up_on=data["follow_up_on"],
            by=_user(request),
        )
        return Done(f"Reconnection offer recorded. Follow it up on {offer.follow_up_on:%-d %B %Y}.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Record a reconnection offer",
            "intro": "An offer to help the person return to an area where they have a local "
            "connection and support. Agree who receives them there before they travel; you "
            f"will be reminded to check they arrived ({FOLLOW_UP_DAYS} days later unless you "
            "choose another day).",
            "button": "Save the offer",
        },
    )


def _offer(referral: Referral, offer_id: UUID) -> ReconnectionOffer:
    offer = referral.reconnection_offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    offer.referral = referral
    return offer


@team_required
def offer_response(request: HttpRequest, referral_id: UUID, offer_id: UUID) -> HttpResponse:
    referral = _read(request, referral_id, "referrals:offer_response").referral
    offer = _offer(referral, offer_id)
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    initial: dict[str, Any] = {"version": referral.version}
    if offer.response != OfferResponse.PENDING:
        initial["response"] = offer.response
    form = OfferResponseForm(_bound(request), initial=initial)

    def run(data: dict[str, Any]) -> Done:
        triage_actions.record_offer_response(
            offer, version=data["version"], response=data["response"], by=_user(request)
        )
        return Done("Their answer to the reconnection offer is recorded.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Their answer to the reconnection offer",
            "intro": f"Offered {offer.offered_on:%-d %B %Y}: {offer.destination}.",
            "button": "Save their answer",
        },
    )


@team_required
def follow_up(request: HttpRequest, referral_id: UUID, offer_id: UUID) -> HttpResponse:
    """What the follow-up of a reconnection found (also once the referral is closed)."""
    referral = _read(request, referral_id, "referrals:follow_up").referral
    offer = _offer(referral, offer_id)
    form = FollowUpForm(
        _bound(request),
        initial={"version": referral.version, "followed_up_on": timezone.localdate()},
    )

    def run(data: dict[str, Any]) -> Done:
        triage_actions.record_follow_up(
            offer,
            version=data["version"],
            followed_up_on=data["followed_up_on"],
            outcome=data["outcome"],
            notes=data["notes"].strip(),
            by=_user(request),
        )
        return Done("Follow-up recorded.")

    return _handle(
        request,
        referral,
        form,
        run,
        context={
            "heading": "Record the follow-up",
            "intro": f"Did they arrive in {offer.destination} and have somewhere to stay? "
            f"Contact there: {offer.destination_contact}.",
            "button": "Save the follow-up",
        },
    )


# --- Linking the person ------------------------------------------------------------------------


def _initial_person(referral: Referral) -> dict[str, Any]:
    """What the referrer said about the person, as a starting point for their record."""
    initial: dict[str, Any] = {
        "given_name": referral.given_name,
        "family_name": referral.family_name,
    }
    born = referral.date_of_birth
    if born is not None:
        initial["birth_date"] = PartialDate(born.day, born.month, born.year)
    return initial


@team_required
def link_person(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """Link the referral to the person's record: check for a possible existing person first
    (as "Add a person" does), then link that record or create a new one."""
    route = "referrals:link_person"
    referral = _read(request, referral_id, route).referral
    refused = _refuse_when_closed(request, referral)
    if refused:
        return refused
    agencies = _identity_agencies(request, referral)
    if not agencies:
        raise PermissionDenied
    context: dict[str, Any] = {"referral": referral}
    if request.method == "POST" and request.POST.get("person"):
        return _link_existing(request, referral, request.POST["person"])
    if request.method != "POST":
        form = PersonCreateForm(initial=_initial_person(referral), agencies=agencies)
        return render(request, "referrals/triage/link_person.html", {**context, "form": form})
    form = PersonCreateForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "referrals/triage/link_person.html", {**context, "form": form})
    if not request.POST.get("confirmed"):
        candidates = possible_existing_people(
            _user(request),
            form,
            partnership_id=referral.partnership_id,
            route=route,
            memberships=_memberships(request),
        )
        if candidates:
            return render(
                request,
                "referrals/triage/link_person_matches.html",
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
        return render(request, "referrals/triage/link_person.html", {**context, "form": form})
    triage_actions.link_person(referral, person, version=None, by=_user(request))
    messages.success(request, "Person record created and linked to the referral.")
    return redirect("referrals:detail", referral_id=referral.pk)


def _link_existing(request: HttpRequest, referral: Referral, raw_id: str) -> HttpResponse:
    try:
        person_id = UUID(raw_id)
    except ValueError:
        raise Http404 from None
    person = (
        Person.objects.visible_to(_user(request))
        .filter(pk=person_id, partnership_id=referral.partnership_id)
        .first()
    )
    if person is None:
        raise Http404
    try:
        triage_actions.link_person(referral, person, version=None, by=_user(request))
    except ReferralClosed:
        messages.info(request, CLOSED_MESSAGE)
        return redirect("referrals:detail", referral_id=referral.pk)
    messages.success(request, "Referral linked to the person’s record.")
    return redirect("referrals:detail", referral_id=referral.pk)


# --- Your referrals ----------------------------------------------------------------------------


def _coordinated_team(memberships: Sequence[Membership]) -> list[User]:
    """Everyone in the triage teams of the partnerships where the user is a housing options
    coordinator (whose caseloads they may look at)."""
    partnership_ids = {
        m.agency.partnership_id
        for m in memberships
        if m.role == Role.COORDINATOR and m.agency.type == AgencyType.HOUSING_OPTIONS
    }
    if not partnership_ids:
        return []
    team = Membership.objects.active().filter(
        role__in=list(TRIAGE_ROLES),
        agency__partnership_id__in=partnership_ids,
        agency__type=AgencyType.HOUSING_OPTIONS,
    )
    return list(User.objects.filter(pk__in=team.values("user")).order_by("full_name", "email"))


@team_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Open referrals assigned to the caseworker, the duty clocks that run out soonest first,
    and the reconnection follow-ups that are due. Coordinators may choose a team member."""
    me = _user(request)
    memberships = _memberships(request)
    team = _coordinated_team(memberships)
    caseworker = me
    picker = None
    if team:
        picker = CaseworkerForm(
            request.GET if "caseworker" in request.GET else None,
            team=team,
            initial={"caseworker": me.pk},
        )
        if picker.is_bound:
            if not picker.is_valid():
                raise Http404
            caseworker = picker.cleaned_data["caseworker"]
    visible = Referral.objects.filter(team_q(me, memberships), assigned_to=caseworker)
    clock_ends = Duty.objects.filter(referral=OuterRef("pk"), ended_on__isnull=True)
    referrals = (
        visible.filter(status=ReferralStatus.ACCEPTED)
        .annotate(clock_ends_on=Subquery(clock_ends.values("ends_on")[:1]))
        .select_related("partnership", "referring_agency")
        .prefetch_related(_open_duties())
        # The clock that runs out first comes first: expiring and expired ones lead.
        .order_by(F("clock_ends_on").asc(nulls_last=True), "received_at", "id")
    )
    page: Page[Referral] = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    shown: list[Referral] = list(page.object_list)
    today = timezone.localdate()
    follow_ups = list(
        ReconnectionOffer.objects.filter(
            referral__in=visible,
            followed_up_on__isnull=True,
            follow_up_on__lte=today,
        )
        .exclude(response=OfferResponse.DECLINED)
        .select_related("referral")
        .order_by("follow_up_on", "id")
    )
    listed = {r.pk: r for r in shown}
    listed.update({o.referral.pk: o.referral for o in follow_ups})
    record_referrals_listed(me, listed.values(), memberships, route="referrals:caseload")
    rows = [
        Row(referral=r, days_waiting=_age(r, today), clock=_clock(_first_open(r), today))
        for r in shown
    ]
    query = f"caseworker={caseworker.pk}" if picker is not None and picker.is_bound else ""
    return render(
        request,
        "referrals/triage/caseload.html",
        {
            "rows": rows,
            "page_obj": page,
            "follow_ups": follow_ups,
            "caseworker": caseworker,
            "is_mine": caseworker == me,
            "picker": picker,
            "query": query,
            "expiring_count": sum(1 for row in rows if row.clock and row.clock.is_expiring),
            "expiring_days": EXPIRING_DAYS,
            "today": today,
        },
    )


# --- The out-of-hours route --------------------------------------------------------------------


def _partnership_roles(request: HttpRequest, partnership_id: UUID) -> tuple[Partnership, set[str]]:
    """The partnership and the user's roles in it; 404 when they have none there."""
    mine = [m for m in _memberships(request) if m.agency.partnership_id == partnership_id]
    if not mine:
        raise Http404
    return mine[0].agency.partnership, {m.role for m in mine}


def _may_see_out_of_hours(request: HttpRequest, partnership_id: UUID) -> bool:
    return partnership_id in triage_partnership_ids(_memberships(request))


@login_required
def out_of_hours(request: HttpRequest, partnership_id: UUID) -> HttpResponse:
    """The partnership's out-of-hours route for temporary accommodation: the number, when it
    runs and the script, step by step, to follow or print (TP4)."""
    partnership, roles = _partnership_roles(request, partnership_id)
    may_edit = bool(roles & set(OUT_OF_HOURS_EDITORS))
    if not (may_edit or _may_see_out_of_hours(request, partnership_id)):
        raise Http404
    route = OutOfHoursRoute.objects.filter(partnership=partnership).first()
    back = request.GET.get("referral", "")
    try:
        back_to = UUID(back) if back else None
    except ValueError:
        back_to = None
    contacts = [] if route else _who_sets_the_route(partnership)
    return render(
        request,
        "referrals/triage/out_of_hours.html",
        {
            "partnership": partnership,
            "route": route,
            "steps": [line.strip() for line in route.script.splitlines() if line.strip()]
            if route
            else [],
            "may_edit": may_edit,
            "back_to": back_to,
            "contacts": contacts,
        },
    )


def _who_sets_the_route(partnership: Partnership) -> list[User]:
    admins = Membership.objects.active().filter(
        role=Role.PARTNERSHIP_ADMIN, agency__partnership=partnership
    )
    people = {u.pk: u for u in triage_coordinators(partnership)}
    people.update({u.pk: u for u in User.objects.filter(pk__in=admins.values("user"))})
    return sorted(people.values(), key=lambda u: (u.full_name, u.email))


@login_required
def out_of_hours_edit(request: HttpRequest, partnership_id: UUID) -> HttpResponse:
    """Coordinators and partnership admins set the out-of-hours route."""
    partnership, roles = _partnership_roles(request, partnership_id)
    if not roles & set(OUT_OF_HOURS_EDITORS):
        if _may_see_out_of_hours(request, partnership_id):
            raise PermissionDenied
        raise Http404
    route = OutOfHoursRoute.objects.filter(partnership=partnership).first()
    initial = {"phone": route.phone, "hours": route.hours, "script": route.script} if route else {}
    form = OutOfHoursForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        triage_actions.set_out_of_hours_route(
            partnership,
            phone=data["phone"].strip(),
            hours=data["hours"].strip(),
            script=data["script"].strip(),
            by=_user(request),
        )
        messages.success(request, f"{partnership.name}’s out-of-hours route saved.")
        return redirect("referrals:out_of_hours", partnership_id=partnership.pk)
    return render(
        request,
        "referrals/triage/out_of_hours_edit.html",
        {"partnership": partnership, "form": form, "route": route},
    )
