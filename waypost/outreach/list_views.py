"""The by-name list pages: the list itself (filters, sort, pages), its CSV download, changing a
person's status, putting someone on the list, and the partnership's "no contact" setting.

Thin views: access (list_access, people.access) → form → action (list_actions) → redirect.
Every row shown or downloaded is in the access log; see list_access for what each user sees.
"""

import csv
import io
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.accounts.roles import role_required
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.lib.csv_safety import safe_row
from waypost.outreach import list_actions
from waypost.outreach.list_access import (
    EXPORT_ROLES,
    LIST_ROLES,
    LIST_WRITE_ROLES,
    SETTINGS_ROLES,
    ListPages,
    ListQuery,
    ListRow,
    entry_shows_status,
    frontline,
    list_entries,
    list_rows,
    no_contact_days,
    partnerships_for,
    record_rows_shown,
)
from waypost.outreach.list_forms import ListFilterForm, NoContactDaysForm, StatusForm
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange
from waypost.people.access import (
    PersonMoved,
    PersonWrite,
    get_person_for_section_write,
    name_for_write,
)

PAGE_SIZE = 25
NOT_SHARED = "Not shared"
NAME_NOT_SHARED = "Details not shared"
STALE_STATUS = (
    "Someone else changed their status to “{status}” while you were changing it. "
    "Check it is still right, then save again."
)
# Where to go back to after a change: the list, or the person's page.
RETURN_TO = {"list": "outreach:list", "person": "people:detail"}


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- The list ------------------------------------------------------------------------------------


def _list_request(request: HttpRequest) -> tuple[ListFilterForm, ListQuery, int]:
    """The filter form, what it asks for and the partnership's no-contact days. 404 for a
    partnership the user does not work in."""
    memberships = _memberships(request)
    partnerships = partnerships_for(memberships)
    data = request.GET
    probe = ListFilterForm(data, partnerships=partnerships)
    partnership = probe.chosen_partnership()
    if partnership is None:
        raise Http404
    days = no_contact_days(partnership)
    agencies = list(Agency.objects.filter(partnership=partnership).order_by("name"))
    form = ListFilterForm(data, partnerships=partnerships, agencies=agencies, no_contact_days=days)
    return form, form.query(partnership), days


def _query_string(query: ListQuery, form: ListFilterForm, **changes: str) -> str:
    """The query string for `query` (without the page), with `changes`."""
    pairs: list[tuple[str, str]] = []
    if form.shows_partnership_choice:
        pairs.append(("partnership", query.partnership.slug))
    pairs += [("status", s) for s in query.statuses]
    pairs += [("tier", t) for t in query.tiers]
    if query.agency is not None:
        pairs.append(("agency", str(query.agency.pk)))
    if query.no_contact:
        pairs.append(("no_contact", "on"))
    if query.mine:
        pairs.append(("mine", "on"))
    sort = {"sort": query.sort, "order": "desc" if query.descending else "asc"} | changes
    pairs += [("sort", sort["sort"]), ("order", sort["order"])]
    return urlencode(pairs)


def _sort_links(query: ListQuery, form: ListFilterForm) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (the other way when it is the
    current sort) and its aria-sort value."""
    links = {}
    for column in ("name", "status_since", "tier", "last_contact"):
        current = query.sort == column
        order = "asc" if not current or query.descending else "desc"
        links[column] = {
            "href": "?" + _query_string(query, form, sort=column, order=order),
            "aria_sort": ("descending" if query.descending else "ascending") if current else "none",
            # Seen, not read out: aria-sort says the same to screen readers.
            "arrow": ("▼" if query.descending else "▲") if current else "",
        }
    return links


def _chosen_filters(query: ListQuery, days: int) -> list[str]:
    chosen = [str(ListStatus(s).label) for s in query.statuses]
    chosen += ["No tier yet" if t == "none" else f"Tier {t}" for t in query.tiers]
    if query.agency is not None:
        chosen.append(f"Lead worker at {query.agency.name}")
    if query.no_contact:
        chosen.append(f"No contact for {days} days or more")
    if query.mine:
        chosen.append("Only people I am lead worker for")
    return chosen


@role_required(*LIST_ROLES)
def by_name_list(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    form, query, days = _list_request(request)
    now = timezone.now()
    entries = ListPages(_user(request), memberships, query, days=days, now=now)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list_rows(page.object_list, days=days, memberships=memberships, now=now)
    record_rows_shown(
        _user(request), rows, channel=Channel.PAGE, route="outreach:list", memberships=memberships
    )
    partnership = query.partnership
    may_configure = partnership in partnerships_for(memberships, SETTINGS_ROLES)
    return render(
        request,
        "outreach/list/list.html",
        {
            "form": form,
            "query": query,
            "rows": rows,
            "page_obj": page,
            "days": days,
            "partnership": partnership,
            "page_query": _query_string(query, form),
            "sort_links": _sort_links(query, form),
            "chosen_filters": _chosen_filters(query, days),
            "may_export": partnership in partnerships_for(memberships, EXPORT_ROLES),
            "may_configure": may_configure,
        },
    )


EXPORT_HEAD = [
    "Name",
    "Status",
    "Status since",
    "Days without contact",
    "Lead worker",
    "Agency to contact",
    "Tier",
    "Last contact",
]


def _local(value: Any, pattern: str = "%d/%m/%Y") -> str:
    return timezone.localtime(value).strftime(pattern) if value else ""


def export_row(row: ListRow) -> list[str]:
    """One row of the download: what the page shows, and nothing more."""
    entry = row.entry
    status = [NOT_SHARED, NOT_SHARED, NOT_SHARED]
    if row.shows_status:
        status = [
            row.status_label,
            _local(entry.status_since),
            str(row.no_contact_days) if row.no_contact_days is not None else "",
        ]
    tier = NOT_SHARED
    if row.shows_tier:
        tier = f"Tier {entry.tier}" if entry.tier else "No tier yet"
    return safe_row(
        [
            row.person.display_name if row.shows_name else NAME_NOT_SHARED,
            *status,
            row.lead_worker_name or "No lead worker",
            row.contact_agency_name,
            tier,
            (_local(entry.last_contact_at) or "None recorded") if row.shows_status else NOT_SHARED,
        ]
    )


@role_required(*EXPORT_ROLES)
def by_name_list_csv(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    form, query, days = _list_request(request)
    if query.partnership not in partnerships_for(memberships, EXPORT_ROLES):
        # A referrer there (and another role elsewhere): the list, but not its download.
        raise PermissionDenied
    now = timezone.now()
    entries = list_entries(_user(request), memberships, query, days=days, now=now)
    rows = list_rows(list(entries), days=days, memberships=memberships, now=now)
    record_rows_shown(
        _user(request),
        rows,
        channel=Channel.EXPORT,
        route="outreach:list_export",
        memberships=memberships,
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(EXPORT_HEAD))
    for row in rows:
        writer.writerow(export_row(row))
    filename = f"waypost-by-name-list-{query.partnership.slug}-{now:%Y-%m-%d}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- One person: status and adding ---------------------------------------------------------------


def _writer(request: HttpRequest, person_id: UUID) -> PersonWrite:
    """The person and the acting agency, for the street and case teams (403 otherwise; 404
    for someone the user may not know of, or whose processing is restricted)."""
    memberships = frontline(_memberships(request), LIST_WRITE_ROLES)
    if not memberships:
        raise PermissionDenied
    write = get_person_for_section_write(_user(request), person_id, Section.CONTACT, memberships)
    if write.person.restricted_at is not None:
        raise Http404
    return write


def _name_shown(request: HttpRequest, write: PersonWrite, route: str) -> str:
    return name_for_write(_user(request), write, route=route)


def _return_to(request: HttpRequest, person_id: UUID) -> tuple[str, str]:
    """("list" or "person", its URL), from ?from= on the page or the form."""
    source = request.POST.get("from") or request.GET.get("from") or "list"
    if source == "person":
        return source, reverse("people:detail", args=[person_id])
    return "list", reverse("outreach:list")


def follows_merges(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A merged record's list pages send the user to the same page of the record kept."""

    @wraps(view)
    def wrapped(request: HttpRequest, person_id: UUID) -> HttpResponse:
        try:
            return view(request, person_id)
        except PersonMoved as moved:
            name = request.resolver_match.view_name if request.resolver_match else ""
            return redirect(name or "outreach:list", person_id=moved.person_id)

    return wrapped


@role_required(*LIST_WRITE_ROLES)
@follows_merges
def change_status(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = _writer(request, person_id)
    person = write.person
    entry = ByNameEntry.objects.filter(person=person).first()
    if entry is None:
        return redirect(_with_from(reverse("outreach:list_add", args=[person.pk]), request))
    if not entry_shows_status(write.access, entry):
        raise PermissionDenied
    source, back = _return_to(request, person.pk)
    form = StatusForm(request.POST if request.method == "POST" else None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            list_actions.change_list_status(
                person,
                status=form.cleaned_data["status"],
                changed_on=form.cleaned_data["changed_on"],
                version=form.cleaned_data["version"] or 0,
                agency=write.agency,
                by=_user(request),
            )
        except list_actions.StaleEntry:
            entry = ByNameEntry.objects.get(person=person)
            form = _stale(request.POST, entry)
        else:
            entry.refresh_from_db()
            messages.success(request, f"Status changed to “{entry.get_status_display()}”.")
            return redirect(back)
    record_access(
        _user(request),
        channel=Channel.PAGE,
        section=Section.CONTACT,
        subject_type="by_name_entry",
        subject_id=entry.pk,
        person_id=person.pk,
        agency=write.agency,
        route="outreach:list_status",
    )
    history = list(
        write.access.filter_records(StatusChange.objects.filter(entry=entry), Section.CONTACT)
        .select_related("recorded_by", "recorded_by_agency")
        .order_by("-changed_at")
    )
    return render(
        request,
        "outreach/list/status.html",
        {
            "form": form,
            "entry": entry,
            "person": person,
            "name": _name_shown(request, write, "outreach:list_status"),
            "history": history,
            "source": source,
            "back": back,
        },
    )


def _stale(data: QueryDict, entry: ByNameEntry) -> StatusForm:
    """The form as typed, with the stale-change error, checked next time against `entry`."""
    data = data.copy()
    data["version"] = str(entry.version)
    form = StatusForm(data, entry=entry)
    form.is_valid()
    form.add_error(None, STALE_STATUS.format(status=entry.get_status_display()))
    return form


def _with_from(url: str, request: HttpRequest) -> str:
    source = request.POST.get("from") or request.GET.get("from")
    return f"{url}?{urlencode({'from': source})}" if source in RETURN_TO else url


@role_required(*LIST_WRITE_ROLES)
@follows_merges
def add_to_list(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = _writer(request, person_id)
    person = write.person
    status_url = _with_from(reverse("outreach:list_status", args=[person.pk]), request)
    if ByNameEntry.objects.filter(person=person).exists():
        return redirect(status_url)
    source, back = _return_to(request, person.pk)
    form = StatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = list_actions.add_to_list(
                person,
                status=form.cleaned_data["status"],
                since=form.cleaned_data["changed_on"],
                agency=write.agency,
                by=_user(request),
            )
        except list_actions.AlreadyOnList:
            messages.info(request, "Someone else has just put them on the by-name list.")
            return redirect(status_url)
        messages.success(request, f"Added to the by-name list as “{entry.get_status_display()}”.")
        return redirect(back)
    return render(
        request,
        "outreach/list/add.html",
        {
            "form": form,
            "person": person,
            "name": _name_shown(request, write, "outreach:list_add"),
            "source": source,
            "back": back,
        },
    )


# --- Settings ------------------------------------------------------------------------------------


def _settings_partnership(request: HttpRequest, partnerships: Sequence[Partnership]) -> Partnership:
    slug = request.POST.get("partnership") or request.GET.get("partnership")
    if not slug:
        return partnerships[0]
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership
    raise Http404


@role_required(*SETTINGS_ROLES)
def list_settings(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_for(_memberships(request), SETTINGS_ROLES)
    partnership = _settings_partnership(request, partnerships)
    days = no_contact_days(partnership)
    if request.method == "POST":
        form = NoContactDaysForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["no_contact_days"]
            list_actions.set_no_contact_days(partnership, days, by=_user(request))
            messages.success(
                request,
                f"Saved. People in {partnership.name} not met for {days} "
                f"day{'s' if days != 1 else ''} or more now show as “No contact”.",
            )
            url = reverse("outreach:list_settings")
            if len(partnerships) > 1:
                url += "?" + urlencode({"partnership": partnership.slug})
            return redirect(url)
    else:
        form = NoContactDaysForm(initial={"no_contact_days": days})
    return render(
        request,
        "outreach/list/settings.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "days": days,
            "shows_list_link": partnership in partnerships_for(_memberships(request)),
        },
    )
