"""The meetings pages: the list of meetings and series, a series' schedule, one meeting (its
attendance and agenda), the coordinator's changes to the agenda, each person's part of the
meeting (last meeting's actions reviewed first, then minutes and new actions), marking it held,
and the meeting pack PDF.

Front-line staff whose agency signed the partnership's agreement see meetings; coordinators run
them (403 for the others); another partnership's meeting is 404 (waypost.cases.meeting_access).
Thin views: access → form → action → back to the page.
"""

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from waypost.accounts.models import Agency, Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases import meeting_actions
from waypost.cases.agenda import eligible_person_q, previous_meeting, size_hint
from waypost.cases.meeting_access import (
    MEETING_ROLES,
    NOT_SHARED,
    MeetingAccess,
    acting_agency,
    agenda_rows,
    get_agenda_item,
    get_meeting_for_user,
    meeting_reach,
    read_person_at_meeting,
    record_rows_shown,
    visible_tier_factors,
)
from waypost.cases.meeting_forms import (
    ActionForm,
    AgendaSearchForm,
    AttendanceForm,
    MeetingForm,
    MinuteForm,
    RemoveForm,
    ReviewForm,
    SeriesForm,
    SeriesKindForm,
)
from waypost.cases.meeting_pack import render_meeting_pack
from waypost.cases.meeting_tasks import (
    AHEAD_DAYS,
    SERIES_DEFAULTS,
    describe_schedule,
    london_time,
    make_upcoming_meetings,
)
from waypost.cases.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    PlanAction,
)
from waypost.cases.plan_access import actions_visible_q
from waypost.cases.plan_actions import CONFLICT_MESSAGE, PlanConflict, add_action
from waypost.lib.form_errors import show_refusal
from waypost.people.access import find_person, record_listed
from waypost.people.models import NoteKind, Person
from waypost.people.search import search_people
from waypost.people.views import follows_merges
from waypost.sharing.policy import FRONTLINE_ROLES

PER_PAGE = 25
meeting_view = role_required(*MEETING_ROLES)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _meeting(request: HttpRequest, meeting_id: UUID, *, run: bool = False) -> MeetingAccess:
    return get_meeting_for_user(_memberships(request), meeting_id, run=run)


def _start_of_today() -> Any:
    return london_time(timezone.localdate(), time(0, 0))


# --- Meetings and series ---------------------------------------------------------------------


@meeting_view
def meetings(request: HttpRequest) -> HttpResponse:
    """Coming meetings (four weeks), earlier ones (paginated) and the series."""
    reach = meeting_reach(_memberships(request))
    if reach.run:
        # Opening the page keeps the coming four weeks made, as the daily task does.
        make_upcoming_meetings(
            MeetingSeries.objects.filter(partnership_id__in=list(reach.run), is_active=True)
        )
    start = _start_of_today()
    mine = Meeting.objects.filter(partnership_id__in=reach.partnership_ids).select_related(
        "series", "partnership"
    )
    coming = list(
        mine.filter(
            starts_at__gte=start, starts_at__lt=start + timedelta(days=AHEAD_DAYS)
        ).order_by("starts_at")
    )
    earlier = Paginator(mine.filter(starts_at__lt=start).order_by("-starts_at"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    series = list(
        MeetingSeries.objects.filter(partnership_id__in=reach.partnership_ids)
        .select_related("chair_agency", "partnership")
        .order_by("-is_active", "name")
    )
    for one in series:
        one.schedule = describe_schedule(one)  # type: ignore[attr-defined]
        one.may_run = one.partnership_id in reach.run  # type: ignore[attr-defined]
    return render(
        request,
        "cases/meetings/list.html",
        {
            "reach": reach,
            "coming": coming,
            "earlier": earlier,
            "series": series,
            "run_partnerships": [reach.see[p] for p in reach.run],
            "show_partnership": len(reach.see) > 1,
            "now": timezone.now(),
        },
    )


def _run_partnership(request: HttpRequest, chosen: str | None) -> Any:
    """The partnership a coordinator is making something for: the one chosen, or their
    only one. 403 when they run no meetings."""
    reach = meeting_reach(_memberships(request))
    if not reach.run:
        raise PermissionDenied
    if chosen:
        match = next((reach.see[p] for p in reach.run if str(p) == chosen), None)
        if match is None:
            raise Http404
        return match
    return reach.see[next(iter(reach.run))]


@meeting_view
def series_new(request: HttpRequest) -> HttpResponse:
    """Choose the kind first (it suggests the schedule), then the schedule."""
    chosen = request.POST.get("partnership") or request.GET.get("partnership")
    partnership = _run_partnership(request, chosen)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in MeetingKind.values:
        kind_form = SeriesKindForm(request.GET if "kind" in request.GET else None)
        if kind_form.is_bound:
            kind_form.is_valid()
        return render(
            request,
            "cases/meetings/series_kind.html",
            {"form": kind_form, "partnership": partnership},
        )
    defaults = SERIES_DEFAULTS[kind]
    initial = {
        "kind": kind,
        "name": MeetingKind(kind).label,
        "weekdays": [str(d) for d in defaults.weekdays],
        "every_weeks": defaults.every_weeks,
        "starts_at": defaults.starts_at,
        "first_on": timezone.localdate(),
    }
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        partnership_id=partnership.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            series = meeting_actions.create_series(
                partnership, by=_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, f"{series.name} added. Its meetings for the next four weeks are listed."
            )
            return redirect("cases:meetings")
    return render(
        request,
        "cases/meetings/series_form.html",
        {"form": form, "partnership": partnership, "series": None, "kind": kind},
    )


def _series_for_runner(request: HttpRequest, series_id: UUID) -> MeetingSeries:
    reach = meeting_reach(_memberships(request))
    series = get_object_or_404(
        MeetingSeries.objects.select_related("partnership", "chair_agency"),
        pk=series_id,
        partnership_id__in=reach.partnership_ids,
    )
    if series.partnership_id not in reach.run:
        raise PermissionDenied
    return series


@meeting_view
def series_edit(request: HttpRequest, series_id: UUID) -> HttpResponse:
    series = _series_for_runner(request, series_id)
    initial = {
        "kind": series.kind,
        "name": series.name,
        "weekdays": [str(d) for d in series.weekdays],
        "every_weeks": series.every_weeks,
        "starts_at": series.starts_at,
        "first_on": series.first_on,
        "location": series.location,
        "chair_agency": series.chair_agency_id,
    }
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        partnership_id=series.partnership_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_actions.update_series(series, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Series saved. Its coming meetings follow the new schedule.")
            return redirect("cases:meetings")
    return render(
        request,
        "cases/meetings/series_form.html",
        {"form": form, "partnership": series.partnership, "series": series, "kind": series.kind},
    )


@meeting_view
def series_stop(request: HttpRequest, series_id: UUID) -> HttpResponse:
    series = _series_for_runner(request, series_id)
    if request.method == "POST":
        meeting_actions.stop_series(series, by=_user(request))
        messages.success(request, f"{series.name} stopped. No more meetings will be made.")
        return redirect("cases:meetings")
    return render(request, "cases/meetings/series_stop.html", {"series": series})


@require_POST
@meeting_view
def series_start(request: HttpRequest, series_id: UUID) -> HttpResponse:
    series = _series_for_runner(request, series_id)
    meeting_actions.start_series(series, by=_user(request))
    messages.success(request, f"{series.name} started again.")
    return redirect("cases:meetings")


@meeting_view
def meeting_new(request: HttpRequest) -> HttpResponse:
    """A one-off meeting, outside any series."""
    chosen = request.POST.get("partnership") or request.GET.get("partnership")
    partnership = _run_partnership(request, chosen)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_actions.create_meeting(
                partnership,
                kind=data["kind"],
                starts_at=london_time(data["on"], data["starts_at"]),
                location=data["location"],
                by=_user(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Meeting added.")
            return redirect("cases:meeting", meeting_id=meeting.pk)
    return render(
        request, "cases/meetings/meeting_new.html", {"form": form, "partnership": partnership}
    )


# --- One meeting -----------------------------------------------------------------------------


@meeting_view
def meeting(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    """The meeting: when and where, who came, last meeting's actions and the agenda."""
    access = _meeting(request, meeting_id)
    the_meeting = access.meeting
    rows = agenda_rows(_user(request), the_meeting, _memberships(request))
    active = [r for r in rows if not r.is_removed]
    record_rows_shown(_user(request), active, _memberships(request), route="cases:meeting")
    previous = previous_meeting(the_meeting)
    review = None
    if previous is not None:
        # Counts only: what the actions say is on each person's page, as the policy allows.
        review = PlanAction.objects.filter(meeting=previous).aggregate(
            total=Count("id"),
            open=Count("id", filter=Q(status="open")),
            done=Count("id", filter=Q(status="done")),
            cancelled=Count("id", filter=Q(status="cancelled")),
        )
    return render(
        request,
        "cases/meetings/meeting.html",
        {
            "meeting": the_meeting,
            "may_run": access.may_run,
            "rows": active,
            "removed_count": len(rows) - len(active),
            "attendance": Attendance.objects.filter(meeting=the_meeting).select_related("agency"),
            "previous": previous,
            "review": review,
            "hint": size_hint(the_meeting.kind, len(active)),
            "is_planned": the_meeting.status == MeetingStatus.PLANNED,
        },
    )


@meeting_view
def attendance(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    access = _meeting(request, meeting_id, run=True)
    the_meeting = access.meeting
    if the_meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    agencies = list(
        Agency.objects.filter(partnership_id=the_meeting.partnership_id, is_active=True)
    )
    current = {a.agency_id: a for a in Attendance.objects.filter(meeting=the_meeting)}
    form = AttendanceForm(request.POST or None, agencies=agencies, current=current)
    if request.method == "POST" and form.is_valid():
        meeting_actions.record_attendance(the_meeting, rows=form.cleaned_rows(), by=_user(request))
        messages.success(request, "Attendance saved.")
        return redirect(f"{reverse('cases:meeting', args=[the_meeting.pk])}#attendance")
    return render(request, "cases/meetings/attendance.html", {"meeting": the_meeting, "form": form})


@meeting_view
def held(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    access = _meeting(request, meeting_id, run=True)
    if access.meeting.status != MeetingStatus.PLANNED:
        messages.info(request, "This meeting is already held or cancelled.")
        return redirect("cases:meeting", meeting_id=access.meeting.pk)
    if request.method == "POST":
        meeting_actions.mark_held(access.meeting, by=_user(request))
        messages.success(request, "Meeting marked as held. Its actions come to the next meeting.")
        return redirect("cases:meeting", meeting_id=access.meeting.pk)
    return render(
        request,
        "cases/meetings/confirm.html",
        {
            "meeting": access.meeting,
            "title": "Mark the meeting as held",
            "body": "Its agenda is then fixed. You can still add minutes and actions while you "
            "write them up.",
            "button": "Mark as held",
        },
    )


@meeting_view
def cancel(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    access = _meeting(request, meeting_id, run=True)
    if access.meeting.status != MeetingStatus.PLANNED:
        messages.info(request, "This meeting is already held or cancelled.")
        return redirect("cases:meeting", meeting_id=access.meeting.pk)
    if request.method == "POST":
        meeting_actions.cancel_meeting(access.meeting, by=_user(request))
        messages.success(request, "Meeting cancelled.")
        return redirect("cases:meeting", meeting_id=access.meeting.pk)
    return render(
        request,
        "cases/meetings/confirm.html",
        {
            "meeting": access.meeting,
            "title": "Cancel this meeting",
            "body": "Nobody is told automatically: let the people who come know. Anything "
            "already recorded at it stays.",
            "button": "Cancel the meeting",
            "warning": True,
        },
    )


@meeting_view
def pack(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    """The meeting pack: for the person downloading it, only what their agency may see."""
    access = _meeting(request, meeting_id)
    the_meeting = access.meeting
    pdf = render_meeting_pack(
        _user(request), the_meeting, _memberships(request), route="cases:meeting_pack"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The kind and date, never a name: file names end up in download folders and emails.
    on = timezone.localtime(the_meeting.starts_at).date().isoformat()
    name = f"meeting-pack-{the_meeting.kind.replace('_', '-')}-{on}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The agenda ------------------------------------------------------------------------------


@meeting_view
def agenda(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    """The coordinator's view of the agenda: reasons, order, removals and additions."""
    access = _meeting(request, meeting_id, run=True)
    rows = agenda_rows(_user(request), access.meeting, _memberships(request))
    record_rows_shown(_user(request), rows, _memberships(request), route="cases:meeting_agenda")
    active = [r for r in rows if not r.is_removed]
    return render(
        request,
        "cases/meetings/agenda.html",
        {
            "meeting": access.meeting,
            "rows": active,
            "removed": [r for r in rows if r.is_removed],
            "hint": size_hint(access.meeting.kind, len(active)),
            "is_planned": access.meeting.status == MeetingStatus.PLANNED,
        },
    )


def _agenda_write(
    request: HttpRequest, meeting_id: UUID, write: Callable[[MeetingAccess], Any], success: str
) -> HttpResponse:
    access = _meeting(request, meeting_id, run=True)
    try:
        write(access)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("cases:meeting_agenda", meeting_id=access.meeting.pk)


@require_POST
@meeting_view
def agenda_build(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    return _agenda_write(
        request,
        meeting_id,
        lambda a: meeting_actions.rebuild_agenda(a.meeting, by=_user(request)),
        "Agenda built. People you removed or added are kept as you left them.",
    )


@require_POST
@meeting_view
def agenda_move(request: HttpRequest, meeting_id: UUID, item_id: UUID) -> HttpResponse:
    up = request.POST.get("direction") != "down"
    return _agenda_write(
        request,
        meeting_id,
        lambda a: meeting_actions.move_agenda_item(
            get_agenda_item(a.meeting, item_id), up=up, by=_user(request)
        ),
        "Moved up." if up else "Moved down.",
    )


@require_POST
@meeting_view
def agenda_restore(request: HttpRequest, meeting_id: UUID, item_id: UUID) -> HttpResponse:
    return _agenda_write(
        request,
        meeting_id,
        lambda a: meeting_actions.restore_to_agenda(
            get_agenda_item(a.meeting, item_id), by=_user(request)
        ),
        "Put back on the agenda.",
    )


@meeting_view
def agenda_remove(request: HttpRequest, meeting_id: UUID, item_id: UUID) -> HttpResponse:
    access = _meeting(request, meeting_id, run=True)
    item = get_agenda_item(access.meeting, item_id)
    row = next(
        r
        for r in agenda_rows(_user(request), access.meeting, _memberships(request))
        if r.item.pk == item.pk
    )
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_actions.remove_from_agenda(
                item, reason=form.cleaned_data["reason"], by=_user(request)
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Taken off the agenda. They stay off when it is rebuilt.")
            return redirect("cases:meeting_agenda", meeting_id=access.meeting.pk)
    record_rows_shown(
        _user(request), [row], _memberships(request), route="cases:meeting_agenda_remove"
    )
    return render(
        request,
        "cases/meetings/agenda_remove.html",
        {"meeting": access.meeting, "row": row, "form": form},
    )


@meeting_view
def agenda_add(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    """Search for someone (only people whose identity the user may see) and add them."""
    access = _meeting(request, meeting_id, run=True)
    the_meeting = access.meeting
    if request.method == "POST":
        person = get_object_or_404(
            Person.objects.visible_to(_user(request)),
            pk=request.POST.get("person"),
            partnership_id=the_meeting.partnership_id,
        )
        return _agenda_write(
            request,
            meeting_id,
            lambda a: meeting_actions.add_to_agenda(a.meeting, person, by=_user(request)),
            "Added to the agenda.",
        )
    form = AgendaSearchForm(request.GET or None)
    results: list[Person] = []
    if form.is_bound and form.is_valid():
        results = [
            p
            for p in search_people(
                _user(request), form.cleaned_data["q"], memberships=_memberships(request)
            )
            if p.partnership_id == the_meeting.partnership_id
        ][:PER_PAGE]
        record_listed(
            _user(request),
            results,
            channel=Channel.SEARCH,
            route="cases:meeting_agenda_add",
            memberships=_memberships(request),
        )
    on_agenda = set(
        the_meeting.agenda.filter(removed_at__isnull=True).values_list("person_id", flat=True)
    )
    return render(
        request,
        "cases/meetings/agenda_add.html",
        {"meeting": the_meeting, "form": form, "results": results, "on_agenda": on_agenda},
    )


# --- One person at the meeting ---------------------------------------------------------------


def _action_form(the_meeting: Meeting, data: Any = None) -> ActionForm:
    agencies = Agency.objects.filter(partnership_id=the_meeting.partnership_id, is_active=True)
    staff = (
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().filter(
                agency__partnership_id=the_meeting.partnership_id, role__in=FRONTLINE_ROLES
            ),
        )
        .distinct()
        .order_by("full_name", "email")
    )
    return ActionForm(data, prefix="action", agencies=agencies, staff=staff)


@meeting_view
def meeting_person(request: HttpRequest, meeting_id: UUID, item_id: UUID) -> HttpResponse:
    """One person's part of the meeting: the previous meeting's actions about them first
    (accountability), their other open actions, then minutes and new actions."""
    access = _meeting(request, meeting_id)
    the_meeting = access.meeting
    item = get_agenda_item(the_meeting, item_id)
    can_write = (
        access.may_run and the_meeting.status != MeetingStatus.CANCELLED and item.removed_at is None
    )
    minute_form = MinuteForm(None, prefix="minute", kinds=list(NoteKind.values))
    action_form = _action_form(the_meeting)
    bound_review: ReviewForm | None = None
    review_for = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        which = request.POST.get("form")
        done = _handle_post(request, access, item, which)
        if isinstance(done, HttpResponse):
            return done
        if which == "minute":
            minute_form = done
        elif which == "action":
            action_form = done
        elif which == "review":
            bound_review, review_for = done, request.POST.get("review")
    read = read_person_at_meeting(
        _user(request), the_meeting, item, _memberships(request), route="cases:meeting_person"
    )
    reviews = {}
    for action in [*read.review, *read.open_actions]:
        if action.status == "open":
            if bound_review is not None and str(action.pk) == review_for:
                reviews[action.pk] = bound_review
            else:
                reviews[action.pk] = ReviewForm(
                    prefix=f"review-{action.pk}", initial={"version": action.version}
                )
    factors, hidden_factors = (
        visible_tier_factors(read.tier, read.row.access) if read.tier else ([], 0)
    )
    neighbours = list(
        the_meeting.agenda.filter(removed_at__isnull=True, person__restricted_at__isnull=True,
                                  person__merged_into__isnull=True)
        .order_by("position", "id")
        .values_list("id", flat=True)
    )  # fmt: skip
    here = neighbours.index(item.pk) if item.pk in neighbours else -1
    error_form = next(
        (f for f in (minute_form, action_form, bound_review) if f is not None and f.errors), None
    )
    return render(
        request,
        "cases/meetings/person.html",
        {
            "error_form": error_form,
            "meeting": the_meeting,
            "read": read,
            "row": read.row,
            "can_write": can_write,
            "minute_form": minute_form,
            "action_form": action_form,
            "review_rows": [(a, reviews.get(a.pk)) for a in read.review],
            "open_rows": [(a, reviews.get(a.pk)) for a in read.open_actions],
            "today": timezone.localdate(),
            "factors": factors,
            "hidden_factors": hidden_factors,
            "previous_item": neighbours[here - 1] if here > 0 else None,
            "next_item": neighbours[here + 1] if 0 <= here < len(neighbours) - 1 else None,
            "position": here + 1,
            "count": len(neighbours),
        },
    )


def _handle_post(request: HttpRequest, access: MeetingAccess, item: Any, which: str | None) -> Any:
    """One of the person's forms: a redirect when saved, else the bound form with errors."""
    the_meeting, person, agency = access.meeting, item.person, access.agency
    assert agency is not None
    here = reverse("cases:meeting_person", args=[the_meeting.pk, item.pk])
    if which == "minute":
        form = MinuteForm(request.POST, prefix="minute", kinds=list(NoteKind.values))
        if form.is_valid():
            try:
                meeting_actions.add_minute(
                    the_meeting, person=person, by=_user(request), agency=agency,
                    kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                )  # fmt: skip
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Minute added.")
                return redirect(f"{here}#minutes")
        return form
    if which == "action":
        form = _action_form(the_meeting, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_action(
                    person=person, text=data["text"], owner_agency=data["owner_agency"],
                    owner=data["owner"], due_on=data["due_on"], by=_user(request),
                    agency=agency, meeting=the_meeting,
                )  # fmt: skip
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Action added for {data['owner_agency'].name}.")
                return redirect(f"{here}#actions")
        return form
    if which == "review":
        action = _reviewable(request, access, item)
        form = ReviewForm(request.POST, prefix=f"review-{action.pk}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_actions.review_action(
                    the_meeting, action, decision=data["decision"], version=data["version"],
                    outcome=data["outcome"], due_on=data["due_on"], by=_user(request),
                    agency=agency,
                )  # fmt: skip
            except PlanConflict:
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Review saved.")
                return redirect(f"{here}#review")
        return form
    raise Http404


def _reviewable(request: HttpRequest, access: MeetingAccess, item: Any) -> PlanAction:
    """An open action about this person that the user may see, or 404."""
    from waypost.people.matching.visibility import access_for_many

    person_access = access_for_many(_user(request), [item.person], _memberships(request))[
        item.person.pk
    ]
    try:
        action_id = UUID(request.POST.get("review", ""))
    except ValueError:
        raise Http404 from None
    action = (
        PlanAction.objects.open()
        .filter(actions_visible_q(person_access), pk=action_id, person=item.person)
        .select_related("person")
        .first()
    )
    if action is None:
        raise Http404
    return action


# --- From a person's record ------------------------------------------------------------------


@meeting_view
@follows_merges
def person_meetings(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The meetings whose agenda has this person (coming first), for the link on their
    record. Which meetings discuss someone says something about their support (a multi-agency
    case meeting is for the highest tier), so it is shown as the support section is."""
    reach = meeting_reach(_memberships(request))
    person, access = find_person(_user(request), person_id, _memberships(request))
    if person.partnership_id not in reach.see:
        raise Http404
    allowed = access.can_see(Section.SUPPORT, person.recorded_by_agency_id)
    items = (
        AgendaItem.objects.filter(eligible_person_q(), person=person, removed_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__series")
        .order_by("-meeting__starts_at")
        if allowed
        else AgendaItem.objects.none()
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    shows_identity = access.can_see(Section.IDENTITY, person.recorded_by_agency_id)
    shown = [Section.IDENTITY] if shows_identity or not page.object_list else []
    if page.object_list:
        shown.append(Section.SUPPORT)
    for section in shown:
        record_access(
            _user(request),
            channel=Channel.PAGE,
            section=section,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=acting_agency(_memberships(request), person.partnership_id),
            route="cases:meeting_person_meetings",
        )
    return render(
        request,
        "cases/meetings/person_meetings.html",
        {
            "person": person,
            "name": person.display_name if shows_identity else NOT_SHARED,
            "allowed": allowed,
            "page_obj": page,
            "now": timezone.now(),
        },
    )
