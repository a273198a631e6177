"""Street count pages: the partnership's counts, the annual snapshot (its details, the people
counted, the national return's table with its check, submitting, the return as CSV) and the
monthly single-night figures with their chart.

Who may see what is decided in count_access: outreach workers and coordinators record and see
the people counted; commissioners and partnership admins see figures only. Thin views:
access → form → action.
"""

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Channel
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.outreach import count_actions as actions
from waypost.outreach.count_access import (
    COUNTING_ROLES,
    FIGURES_ROLES,
    SUBMITTING_ROLES,
    CountRead,
    choose_partnership,
    counting_agency,
    counts_for,
    get_count_for_user,
    get_row_for_user,
    holds,
    partnerships_for,
    rows_for_user,
)
from waypost.outreach.count_figures import (
    EU_COUNTRIES,
    Figures,
    derive,
    figures_for,
    last_months,
    monthly_figures,
    suggest_monthly,
    window_text,
)
from waypost.outreach.count_forms import CountedPersonForm, MonthlyForm, SnapshotForm
from waypost.outreach.models import CountedPerson, CountKind, CountMethod, Place, StreetCount
from waypost.people import actions as people_actions
from waypost.people.access import record_listed
from waypost.people.forms import PersonCreateForm, carried_fields
from waypost.people.models import Person
from waypost.people.possible_matches import possible_existing_people

PER_PAGE = 25
ROWS_PER_PAGE = 50
LOCKED_MESSAGE = "This count was submitted on {on}, so it can no longer be changed."
CHANGED_MESSAGE = (
    "Someone else changed this count while you were filling in the form. Check the details "
    "shown now, then save again: what you typed is kept."
)
NOT_SUBMITTED_MESSAGE = "Submit the count before you download the return."
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Shown where the page explains how nationality is worked out from a person's record.
EU_COUNTRY_NAMES = ", ".join(EU_COUNTRIES)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _read(request: HttpRequest, count_id: UUID, roles: Sequence[str] = FIGURES_ROLES) -> CountRead:
    return get_count_for_user(_memberships(request), count_id, roles=roles)


def _locked(request: HttpRequest, count: StreetCount) -> HttpResponse:
    submitted = timezone.localtime(count.submitted_at) if count.submitted_at else None
    messages.info(request, LOCKED_MESSAGE.format(on=f"{submitted:%-d %B %Y}"))
    if count.kind == CountKind.MONTHLY:
        return redirect(_with_partnership("outreach:count_monthly", count.partnership))
    return redirect("outreach:count_detail", count_id=count.pk)


def _with_partnership(name: str, partnership: Partnership, *args: Any) -> str:
    return f"{reverse(name, args=args)}?{urlencode({'partnership': partnership.slug})}"


def _places(count: StreetCount) -> Any:
    return Place.objects.filter(partnership_id=count.partnership_id, is_active=True)


def _people_text(number: int) -> str:
    return f"{number} {'person' if number == 1 else 'people'}"


# --- The list of counts ------------------------------------------------------------------------


@role_required(*FIGURES_ROLES)
def count_list(request: HttpRequest) -> HttpResponse:
    """The partnership's annual snapshots and monthly figures, newest night first."""
    memberships = _memberships(request)
    partnership = choose_partnership(memberships, request.GET.get("partnership"), FIGURES_ROLES)
    page = Paginator(counts_for(partnership), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/counts/list.html",
        {
            "partnership": partnership,
            "partnerships": partnerships_for(memberships, FIGURES_ROLES),
            "page_obj": page,
            "counts": page.object_list,
            "may_record": holds(memberships, partnership.pk, COUNTING_ROLES),
            "query": urlencode({"partnership": partnership.slug}),
            "annual": CountKind.ANNUAL,
        },
    )


# --- The annual snapshot -----------------------------------------------------------------------


@role_required(*COUNTING_ROLES)
def snapshot_new(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    partnership = choose_partnership(memberships, request.GET.get("partnership"), COUNTING_ROLES)
    agency = counting_agency(memberships, partnership.pk)
    assert agency is not None  # choose_partnership found a counting role there
    if request.method != "POST":
        form = SnapshotForm(initial={"method": CountMethod.COUNT})
    else:
        form = SnapshotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                count = actions.start_snapshot(
                    partnership,
                    night=data["night"],
                    method=data["method"],
                    areas_covered=data["areas_covered"].strip(),
                    notes=data["notes"].strip(),
                    total=data["total"],
                    agency=agency,
                    by=_user(request),
                    **_return_details(data),
                )
            except actions.CountRefused as refusal:
                form.add_error("night", str(refusal))
            else:
                messages.success(request, "Annual snapshot started. Now add the people counted.")
                return redirect("outreach:count_detail", count_id=count.pk)
    return render(
        request,
        "outreach/counts/snapshot_form.html",
        {"form": form, "partnership": partnership, "count": None, "areas": _areas(partnership)},
    )


def _return_details(data: dict[str, Any]) -> dict[str, str]:
    """The snapshot return's agencies consulted and verifier (a name, on one line)."""
    return {
        "agencies_consulted": data["agencies_consulted"].strip(),
        "verifier": " ".join(data["verifier"].split()),
    }


def _areas(partnership: Partnership) -> list[str]:
    """The areas of the partnership's places, as a reminder of what a count may cover."""
    return list(
        Place.objects.filter(partnership=partnership, is_active=True)
        .exclude(area="")
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )


@role_required(*FIGURES_ROLES)
def detail(request: HttpRequest, count_id: UUID) -> HttpResponse:
    """The snapshot: its details, the return's table with its check and, for those who record
    counts, the people counted."""
    read = _read(request, count_id)
    count = read.count
    figures = figures_for(count, now=timezone.now())
    context: dict[str, Any] = {
        "read": read,
        "count": count,
        "partnership": count.partnership,
        "figures": figures,
        "window": window_text(count.night),
        "is_estimate": count.method != CountMethod.COUNT,
        "eu_countries": EU_COUNTRY_NAMES,
    }
    if read.may_record:
        rows = (
            CountedPerson.objects.filter(count=count)
            .select_related("place")
            .order_by("recorded_at", "id")
        )
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context["page_obj"] = page
        context["rows"] = rows_for_user(
            _user(request),
            read,
            list(page.object_list),
            _memberships(request),
            route="outreach:count_detail",
        )
    return render(request, "outreach/counts/detail.html", context)


@role_required(*COUNTING_ROLES)
def snapshot_edit(request: HttpRequest, count_id: UUID) -> HttpResponse:
    read = _read(request, count_id, COUNTING_ROLES)
    count = read.count
    if read.is_locked:
        return _locked(request, count)
    if request.method != "POST":
        form = SnapshotForm(
            initial={
                "night": count.night,
                "method": count.method,
                "total": "" if count.method == CountMethod.COUNT else count.total,
                "areas_covered": count.areas_covered,
                "notes": count.notes,
                "agencies_consulted": count.agencies_consulted,
                "verifier": count.verifier,
                "seen": actions.fingerprint(count),
            }
        )
    else:
        form = SnapshotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.change_snapshot(
                    count,
                    seen=data["seen"],
                    night=data["night"],
                    method=data["method"],
                    areas_covered=data["areas_covered"].strip(),
                    notes=data["notes"].strip(),
                    total=data["total"],
                    by=_user(request),
                    **_return_details(data),
                )
            except actions.CountLocked as locked:
                return _locked(request, locked.count)
            except actions.CountChanged:
                count.refresh_from_db()
                _stale(form, actions.fingerprint(count))
            except actions.CountRefused as refusal:
                form.add_error("night", str(refusal))
            else:
                messages.success(request, "The count’s details were saved.")
                return redirect("outreach:count_detail", count_id=count.pk)
    return render(
        request,
        "outreach/counts/snapshot_form.html",
        {
            "form": form,
            "partnership": count.partnership,
            "count": count,
            "areas": _areas(count.partnership),
        },
    )


def _stale(form: Any, seen: str) -> None:
    """Keep what was typed, bring the fingerprint up to date and say what happened."""
    data = form.data.copy()
    data["seen"] = seen
    form.data = data
    form.add_error(None, CHANGED_MESSAGE)


@role_required(*SUBMITTING_ROLES)
def submit(request: HttpRequest, count_id: UUID) -> HttpResponse:
    """A coordinator checks the return and submits it: from then on it cannot change."""
    read = _read(request, count_id, SUBMITTING_ROLES)
    count = read.count
    if read.is_locked:
        return _locked(request, count)
    figures = figures_for(count, now=timezone.now())
    problems = list(figures.problems)
    if request.method == "POST":
        try:
            actions.submit_count(count, by=_user(request))
        except actions.CountLocked as locked:
            return _locked(request, locked.count)
        except actions.CountNotReady as not_ready:
            problems = not_ready.problems
        else:
            messages.success(
                request, "Count submitted. Download the return to send it to the government."
            )
            return redirect("outreach:count_detail", count_id=count.pk)
    return render(
        request,
        "outreach/counts/submit.html",
        {"count": count, "figures": figures, "problems": problems, "read": read},
    )


@role_required(*FIGURES_ROLES)
def return_csv(request: HttpRequest, count_id: UUID) -> HttpResponse:
    """The national return as CSV: the figures only, never a row about a person. Only once a
    coordinator has submitted it: before that, back to the snapshot with a message."""
    count = _read(request, count_id).count
    if count.submitted_at is None:
        messages.info(request, NOT_SUBMITTED_MESSAGE)
        return redirect(f"{reverse('outreach:count_detail', args=[count.pk])}#return")
    figures = figures_for(count, now=timezone.now())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in return_rows(count, figures):
        writer.writerow(safe_row(row))
    filename = f"waypost-street-count-{count.partnership.slug}-{count.night:%Y-%m-%d}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def return_rows(count: StreetCount, figures: Figures) -> list[list[Any]]:
    submitted = (
        f"Submitted on {timezone.localtime(count.submitted_at):%Y-%m-%d}"
        if count.submitted_at
        else "Not submitted"
    )
    rows: list[list[Any]] = [
        ["Partnership", count.partnership.name],
        ["Return", "Rough sleeping snapshot (annual)"],
        ["Night (the date the night began)", count.night.isoformat()],
        ["Method", count.get_method_display()],
        ["Areas covered", " ".join(count.areas_covered.split())],
        ["Status", submitted],
        [],
        ["Total people sleeping rough", "" if figures.total is None else figures.total],
    ]
    for breakdown in figures.breakdowns:
        rows.append([])
        rows.append([breakdown.title, "People"])
        rows += [[line.label, line.count] for line in breakdown.lines]
        rows.append([f"All ({breakdown.title.lower()})", breakdown.total])
    rows.append([])
    rows.append(
        [
            "Check",
            "The breakdowns add up to the total"
            if figures.adds_up
            else "The breakdowns do not add up to the total",
        ]
    )
    rows.append([])
    rows.append(["Agencies consulted", " ".join(count.agencies_consulted.split())])
    rows.append(["Verifier", count.verifier])
    return rows


# --- The people counted ------------------------------------------------------------------------


def _counting(request: HttpRequest, count_id: UUID) -> CountRead:
    return _read(request, count_id, COUNTING_ROLES)


@role_required(*COUNTING_ROLES)
def person_add(request: HttpRequest, count_id: UUID) -> HttpResponse:
    read = _counting(request, count_id)
    count = read.count
    if read.is_locked:
        return _locked(request, count)
    form = CountedPersonForm(
        request.POST if request.method == "POST" else None, places=_places(count), adding=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = actions.add_counted_people(
                count,
                how_many=data["how_many"],
                gender=data["gender"],
                age=data["age"],
                nationality=data["nationality"],
                place=data["place"],
                description=data["description"].strip(),
                by=_user(request),
            )
        except actions.CountLocked as locked:
            return _locked(request, locked.count)
        except actions.CountRefused as refusal:
            form.add_error("place", str(refusal))
        else:
            messages.success(request, f"Added {_people_text(len(rows))} to the count.")
            if request.POST.get("action") == "another":
                return redirect("outreach:count_person_add", count_id=count.pk)
            return redirect(f"{reverse('outreach:count_detail', args=[count.pk])}#people")
    return render(
        request, "outreach/counts/person_form.html", {"form": form, "count": count, "view": None}
    )


@role_required(*COUNTING_ROLES)
def person_edit(request: HttpRequest, count_id: UUID, row_id: UUID) -> HttpResponse:
    route = "outreach:count_person_edit"
    read = _counting(request, count_id)
    count = read.count
    view = get_row_for_user(_user(request), read, row_id, _memberships(request), route=route)
    if read.is_locked:
        return _locked(request, count)
    row = view.row
    initial = {
        "gender": row.gender,
        "age": row.age,
        "nationality": row.nationality,
        "place": row.place_id,
        "description": row.description,
    }
    form = CountedPersonForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        places=_places(count),
        adding=False,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_counted_person(
                row,
                gender=data["gender"],
                age=data["age"],
                nationality=data["nationality"],
                place=data["place"],
                description=data["description"].strip(),
                by=_user(request),
            )
        except actions.CountLocked as locked:
            return _locked(request, locked.count)
        except actions.CountRefused as refusal:
            form.add_error("place", str(refusal))
        else:
            messages.success(request, "The person’s details were saved.")
            return redirect(f"{reverse('outreach:count_detail', args=[count.pk])}#people")
    return render(
        request, "outreach/counts/person_form.html", {"form": form, "count": count, "view": view}
    )


@role_required(*COUNTING_ROLES)
def person_remove(request: HttpRequest, count_id: UUID, row_id: UUID) -> HttpResponse:
    route = "outreach:count_person_remove"
    read = _counting(request, count_id)
    count = read.count
    view = get_row_for_user(_user(request), read, row_id, _memberships(request), route=route)
    if read.is_locked:
        return _locked(request, count)
    if request.method == "POST":
        try:
            actions.remove_counted_person(view.row, by=_user(request))
        except actions.CountLocked as locked:
            return _locked(request, locked.count)
        messages.success(request, "Removed 1 person from the count.")
        return redirect(f"{reverse('outreach:count_detail', args=[count.pk])}#people")
    return render(request, "outreach/counts/person_remove.html", {"count": count, "view": view})


@require_POST
@role_required(*COUNTING_ROLES)
def add_bedded_down(request: HttpRequest, count_id: UUID) -> HttpResponse:
    """Add everyone seen bedded down in the night's window (see count_actions)."""
    read = _counting(request, count_id)
    count = read.count
    if read.is_locked:
        return _locked(request, count)
    memberships = _memberships(request)
    try:
        filled = actions.add_bedded_down(count, by=_user(request), memberships=memberships)
    except actions.CountLocked as locked:
        return _locked(request, locked.count)
    if filled.details_from:  # their identity was read to fill gender, age and nationality
        record_listed(
            _user(request),
            filled.details_from,
            channel=Channel.PAGE,
            route="outreach:count_add_bedded_down",
            memberships=memberships,
        )
    messages.success(request, fill_message(filled, count))
    return redirect(f"{reverse('outreach:count_detail', args=[count.pk])}#people")


def fill_message(filled: actions.Filled, count: StreetCount) -> str:
    if not filled.added and not filled.already_listed:
        return f"No one was recorded as seen bedded down from {window_text(count.night)}."
    parts = [
        f"Added {_people_text(filled.added)} seen bedded down: {filled.people} with a record "
        f"and {filled.unidentified} not yet identified."
    ]
    if filled.already_listed:
        were = "was" if filled.already_listed == 1 else "were"
        parts.append(f"{_people_text(filled.already_listed)} {were} already on the list.")
    if filled.details_hidden:
        parts.append(
            f"For {_people_text(filled.details_hidden)} whose record you cannot see, gender, "
            "age and nationality are “Not known”: someone who can see the record can change "
            "them."
        )
    return " ".join(parts)


# --- Linking a person counted to their record ------------------------------------------------


def _identity_agencies(memberships: Sequence[Membership], count: StreetCount) -> list[Agency]:
    """The user's agencies in the count's partnership where they count (and so may create or
    link a person record)."""
    seen: dict[Any, Agency] = {}
    for m in memberships:
        if m.agency.partnership_id == count.partnership_id and m.role in COUNTING_ROLES:
            seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


@role_required(*COUNTING_ROLES)
def person_link(request: HttpRequest, count_id: UUID, row_id: UUID) -> HttpResponse:
    """Link a person counted to their record: look for possible existing people first (as
    "Add a person" does), then link one of them or create a new record."""
    route = "outreach:count_person_link"
    memberships = _memberships(request)
    read = _counting(request, count_id)
    count = read.count
    view = get_row_for_user(_user(request), read, row_id, memberships, route=route)
    if read.is_locked:
        return _locked(request, count)
    agencies = _identity_agencies(memberships, count)
    if not agencies:
        raise PermissionDenied
    context: dict[str, Any] = {"count": count, "view": view}
    back = f"{reverse('outreach:count_detail', args=[count.pk])}#people"
    if request.method == "POST" and request.POST.get("action") == "unlink":
        try:
            actions.unlink_counted_person(view.row, by=_user(request))
        except actions.CountLocked as locked:
            return _locked(request, locked.count)
        messages.success(request, "The link to the person’s record was removed.")
        return redirect(back)
    if request.method == "POST" and request.POST.get("person"):
        return _link_existing(request, read, view.row, request.POST["person"], back)
    if request.method != "POST":
        form = PersonCreateForm(agencies=agencies)
        return render(request, "outreach/counts/link_person.html", {**context, "form": form})
    form = PersonCreateForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "outreach/counts/link_person.html", {**context, "form": form})
    if not request.POST.get("confirmed"):
        candidates = possible_existing_people(
            _user(request),
            form,
            partnership_id=count.partnership_id,
            route=route,
            memberships=memberships,
        )
        if candidates:
            return render(
                request,
                "outreach/counts/link_person_matches.html",
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
        return render(request, "outreach/counts/link_person.html", {**context, "form": form})
    return _link(request, view.row, person, count, back, created=True)


def _link_existing(
    request: HttpRequest, read: CountRead, row: CountedPerson, raw_id: str, back: str
) -> HttpResponse:
    try:
        person_id = UUID(raw_id)
    except ValueError:
        raise Http404 from None
    person = (
        Person.objects.visible_to(_user(request))
        .filter(pk=person_id, partnership_id=read.count.partnership_id)
        .first()
    )
    if person is None:
        raise Http404
    return _link(request, row, person, read.count, back, created=False)


def _link(
    request: HttpRequest,
    row: CountedPerson,
    person: Person,
    count: StreetCount,
    back: str,
    *,
    created: bool,
) -> HttpResponse:
    try:
        actions.link_counted_person(
            row, person, derived=derive(person, count.night), by=_user(request)
        )
    except actions.CountLocked as locked:
        return _locked(request, locked.count)
    except actions.CountRefused as refusal:
        messages.info(request, str(refusal))
        return redirect(back)
    messages.success(
        request,
        "Person record created and linked to the count."
        if created
        else "Linked to the person’s record.",
    )
    return redirect(back)


# --- Monthly single-night figures ---------------------------------------------------------------


def _month_label(month: date) -> str:
    return f"{month:%B %Y}"


@role_required(*FIGURES_ROLES)
def monthly(request: HttpRequest) -> HttpResponse:
    """The last 12 months' single-night figures: a chart beside the table."""
    memberships = _memberships(request)
    partnership = choose_partnership(memberships, request.GET.get("partnership"), FIGURES_ROLES)
    months = last_months(timezone.localdate())
    recorded = monthly_figures(partnership.pk, months)
    table = [(month, recorded.get(month)) for month in months]
    return render(
        request,
        "outreach/counts/monthly.html",
        {
            "partnership": partnership,
            "partnerships": partnerships_for(memberships, FIGURES_ROLES),
            "table": table,
            "chart": monthly_chart(table),
            "may_record": holds(memberships, partnership.pk, COUNTING_ROLES),
            "query": urlencode({"partnership": partnership.slug}),
            "first": _month_label(months[0]),
            "last": _month_label(months[-1]),
        },
    )


def monthly_chart(table: Sequence[tuple[date, StreetCount | None]]) -> SafeString | None:
    bars = [
        charts.Bar(
            f"{month:%b %Y}",
            None if count is None else count.total,
            "Not recorded" if count is None else f"{count.total}",
        )
        for month, count in table
    ]
    recorded = [(month, count) for month, count in table if count is not None]
    if not recorded:
        return None
    highest_month, highest = max(recorded, key=lambda item: (item[1].total or 0, item[0]))
    return charts.horizontal_bar_chart(
        bars,
        chart_id="monthly-chart",
        title="People seen sleeping rough on one night each month",
        description=(
            f"Horizontal bar chart of the number of people seen sleeping rough on the "
            f"monthly count night, from {_month_label(table[0][0])} at the top to "
            f"{_month_label(table[-1][0])} at the bottom. {len(recorded)} of the "
            f"{len(table)} months have a figure; the highest is {highest.total} in "
            f"{_month_label(highest_month)}. The table beside the chart has the figures."
        ),
    )


def _month(text: str) -> date:
    found = MONTH.match(text)
    if not found:
        raise Http404
    year, number = int(found.group(1)), int(found.group(2))
    if not 1 <= number <= 12 or year < 2000:
        raise Http404
    month = date(year, number, 1)
    if month > timezone.localdate():
        raise Http404
    return month


@role_required(*COUNTING_ROLES)
def monthly_record(request: HttpRequest, month: str) -> HttpResponse:
    """Record or change one month's figure. The figure worked out from the street contacts
    for the night is offered, to accept or change."""
    memberships = _memberships(request)
    partnership = choose_partnership(memberships, request.GET.get("partnership"), COUNTING_ROLES)
    first_day = _month(month)
    existing = monthly_figures(partnership.pk, [first_day]).get(first_day)
    if existing is not None and existing.submitted_at is not None:
        return _locked(request, existing)
    suggestion = None
    if request.method != "POST":
        initial: dict[str, Any] = {"seen": ""}
        if existing is not None:
            initial = {
                "night": existing.night,
                "total": existing.total,
                "new_to_rough_sleeping": existing.new_to_rough_sleeping,
                "seen": actions.fingerprint(existing),
            }
            suggestion = suggest_monthly(partnership.pk, existing.night)
        form = MonthlyForm(initial=initial, month=first_day)
    elif request.POST.get("action") == "suggest":
        form, suggestion = _suggested(request, partnership, first_day)
    else:
        form = MonthlyForm(request.POST, month=first_day)
        if form.is_valid():
            data = form.cleaned_data
            agency = counting_agency(memberships, partnership.pk)
            assert agency is not None
            try:
                actions.record_monthly_figure(
                    partnership,
                    month=first_day,
                    seen=data["seen"],
                    night=data["night"],
                    total=data["total"],
                    new_to_rough_sleeping=data["new_to_rough_sleeping"],
                    agency=agency,
                    by=_user(request),
                )
            except actions.CountLocked as locked:
                return _locked(request, locked.count)
            except actions.CountChanged:
                now = monthly_figures(partnership.pk, [first_day]).get(first_day)
                _stale(form, actions.fingerprint(now) if now else "")
            else:
                messages.success(request, f"The figure for {_month_label(first_day)} was saved.")
                return redirect(_with_partnership("outreach:count_monthly", partnership))
    return render(
        request,
        "outreach/counts/monthly_form.html",
        {
            "form": form,
            "partnership": partnership,
            "month": first_day,
            "month_label": _month_label(first_day),
            "existing": existing,
            "suggestion": suggestion,
            "filled": suggestion is not None and request.POST.get("action") == "suggest",
            "window": window_text(suggestion.night) if suggestion else "",
            "query": urlencode({"partnership": partnership.slug}),
            "slug": month,
        },
    )


def _suggested(
    request: HttpRequest, partnership: Partnership, month: date
) -> tuple[MonthlyForm, Any]:
    """The form with the figures from the street contacts put in, for the night typed; or the
    form with what is wrong with the night."""
    form = MonthlyForm(request.POST, month=month)
    form.is_valid()
    night = form.cleaned_data.get("night")
    if "night" in form.errors or night is None:
        for name in ("total", "new_to_rough_sleeping"):
            form.errors.pop(name, None)
        if night is None and "night" not in form.errors:
            form.add_error("night", "Enter the night, to work out its figure")
        return form, None
    suggestion = suggest_monthly(partnership.pk, night)
    data = request.POST.copy()
    data["total"] = str(suggestion.seen)
    data["new_to_rough_sleeping"] = str(suggestion.new)
    return MonthlyForm(data, month=month), suggestion
