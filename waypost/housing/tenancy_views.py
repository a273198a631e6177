"""Tenancy pages: start a tenancy, a person's tenancies, one tenancy (risk flags, floating
support, the complex needs panel, ending it), and the sustainment list. Thin views: access →
form → action → redirect. Who may do what is in waypost.housing.tenancy_access."""

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.housing import tenancy_actions
from waypost.housing.landlord_access import LANDLORD_READ_ROLES
from waypost.housing.models import RiskKind
from waypost.housing.sustainment import months_sustained, months_text, sustainment_figures
from waypost.housing.tenancy_access import (
    SECTION,
    SUSTAINMENT_ROLES,
    TENANCY_ROLES,
    SustainmentQuery,
    SustainmentRow,
    TenancyRead,
    get_risk_for_user,
    get_tenancy_for_user,
    list_current_tenancies,
    person_tenancies,
    record_risks_shown,
    record_rows_shown,
    record_tenancies_shown,
    sustainment_partnerships,
    visible_risks,
)
from waypost.housing.tenancy_forms import (
    EndTenancyForm,
    ResolveRiskForm,
    RiskForm,
    SustainmentFilterForm,
    TenancyForm,
)
from waypost.lib.form_errors import show_refusal
from waypost.outreach.list_access import lead_agencies
from waypost.people.access import find_person, get_person_for_section_write, record_contact
from waypost.people.models import Person
from waypost.people.section_rows import acting_agency
from waypost.people.views import follows_merges
from waypost.sharing.policy import PersonAccess

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _name(request: HttpRequest, person: Person, access: PersonAccess) -> str:
    """The person's name when the user may see it (the read is recorded), else ""."""
    if not access.can_see(Section.IDENTITY, person.recorded_by_agency_id):
        return ""
    record_access(
        _user(request),
        channel=Channel.PAGE,
        section=Section.IDENTITY,
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
        agency=acting_agency(_memberships(request), person),
        route=_route(request),
    )
    return str(person.display_name)


def _read(
    request: HttpRequest, tenancy_id: UUID, *, write: bool, record: bool = True
) -> TenancyRead:
    return get_tenancy_for_user(
        _user(request),
        tenancy_id,
        _memberships(request),
        write=write,
        route=_route(request),
        record=record,
    )


def _back_to(read: TenancyRead) -> HttpResponse:
    return redirect("housing:tenancy", tenancy_id=read.tenancy.pk)


# --- Start a tenancy, and a person's tenancies ---------------------------------------------------
@role_required(*TENANCY_ROLES)
@follows_merges
def tenancy_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Start a tenancy for the person in a home free to offer."""
    write = get_person_for_section_write(_user(request), person_id, SECTION, _memberships(request))
    person = write.person
    form = TenancyForm(request.POST or None, partnership=person.partnership)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            tenancy = tenancy_actions.start_tenancy(
                person,
                data["home"],
                agency=write.agency,
                by=_user(request),
                started_on=data["started_on"],
                floating_support=data["floating_support"],
                floating_support_agency=data["floating_support_agency"],
                notes=data["notes"].strip(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Tenancy started.")
            return redirect("housing:tenancy", tenancy_id=tenancy.pk)
    return render(
        request,
        "housing/tenancies/new.html",
        {
            "form": form,
            "person": person,
            "name": _name(request, person, write.access),
            "agency": write.agency,
            "has_homes": form.fields["home"].queryset.exists(),  # type: ignore[attr-defined]
            "may_see_landlords": bool(
                {m.role for m in _memberships(request)} & set(LANDLORD_READ_ROLES)
            ),
        },
    )


@role_required(*TENANCY_ROLES)
@follows_merges
def person_tenancies_page(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The person's tenancies the user may see, newest first, with open risk flags."""
    memberships = _memberships(request)
    person, access = find_person(_user(request), person_id, memberships)
    if not access.can_see_any(SECTION):
        raise PermissionDenied
    tenancies = person_tenancies(person, access)
    agency = acting_agency(memberships, person)
    record_tenancies_shown(_user(request), tenancies, agency=agency, route=_route(request))
    record_risks_shown(
        _user(request),
        [risk for t in tenancies for risk in t.open_risks],  # type: ignore[attr-defined]
        agency=agency,
        route=_route(request),
    )
    may_start = bool(access.own_agencies_for(SECTION)) and not any(
        t.ended_on is None for t in tenancies
    )
    return render(
        request,
        "housing/tenancies/person.html",
        {
            "person": person,
            "name": _name(request, person, access),
            "rows": [
                (t, months_text(months_sustained(t.started_on, t.ended_on))) for t in tenancies
            ],
            "is_partial": access.is_partial(SECTION),
            "may_start": may_start,
        },
    )


# --- One tenancy ---------------------------------------------------------------------------------
@role_required(*TENANCY_ROLES)
@follows_merges
def tenancy_page(request: HttpRequest, tenancy_id: UUID) -> HttpResponse:
    read = _read(request, tenancy_id, write=False)
    tenancy = read.tenancy
    risks = list(visible_risks(read).order_by("-noted_on", "-recorded_at"))
    record_risks_shown(_user(request), risks, agency=read.agency, route=_route(request))
    contact = record_contact(read.person)
    return render(
        request,
        "housing/tenancies/detail.html",
        {
            "read": read,
            "tenancy": tenancy,
            "person": read.person,
            "name": str(read.person.display_name) if read.shows_name else "",
            "months": months_text(months_sustained(tenancy.started_on, tenancy.ended_on)),
            "open_risks": [r for r in risks if r.resolved_on is None],
            "resolved_risks": [r for r in risks if r.resolved_on is not None],
            "is_partial": read.access.is_partial(SECTION),
            "contact": contact,
            "has_lead_worker": bool(contact.lead_worker_name),
            "may_see_landlord": bool(
                {m.role for m in _memberships(request)} & set(LANDLORD_READ_ROLES)
            ),
        },
    )


@role_required(*TENANCY_ROLES)
@follows_merges
def tenancy_end(request: HttpRequest, tenancy_id: UUID) -> HttpResponse:
    read = _read(request, tenancy_id, write=True)
    if read.tenancy.ended_on is not None:
        messages.info(request, "This tenancy has already ended.")
        return _back_to(read)
    form = EndTenancyForm(request.POST or None, tenancy=read.tenancy)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        assert read.write_agency is not None
        try:
            tenancy_actions.end_tenancy(
                read.tenancy,
                ended_on=data["ended_on"],
                reason=data["reason"],
                agency=read.write_agency,
                by=_user(request),
                version=data["version"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Tenancy ended.")
            return _back_to(read)
    return render(
        request,
        "housing/tenancies/end.html",
        {"form": form, "tenancy": read.tenancy, "name": _shown_name(read)},
    )


@require_POST
@role_required(*TENANCY_ROLES)
@follows_merges
def tenancy_refer(request: HttpRequest, tenancy_id: UUID) -> HttpResponse:
    """The "Refer to the complex needs panel" button: records today as the referral date."""
    read = _read(request, tenancy_id, write=True, record=False)
    assert read.write_agency is not None
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        tenancy_actions.refer_to_panel(
            read.tenancy, agency=read.write_agency, by=_user(request), version=version
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Referral to the complex needs panel recorded for today.")
    return _back_to(read)


def _shown_name(read: TenancyRead) -> str:
    return str(read.person.display_name) if read.shows_name else ""


def _sanction_message(flagged: tenancy_actions.FlaggedRisk) -> str:
    if flagged.to_lead_worker:
        lead = flagged.alerted[0]
        return (
            f"Risk flagged. Their lead worker, {lead.full_name or lead.email}, has been told in "
            "Waypost and by email."
        )
    if flagged.alerted:
        return (
            "Risk flagged. They have no lead worker, so the partnership’s rough sleeper "
            "coordinators have been told in Waypost and by email."
        )
    return (
        "Risk flagged. They have no lead worker and the partnership has no rough sleeper "
        "coordinator to tell: make sure someone supports them."
    )


@role_required(*TENANCY_ROLES)
@follows_merges
def risk_new(request: HttpRequest, tenancy_id: UUID) -> HttpResponse:
    read = _read(request, tenancy_id, write=True)
    if read.tenancy.ended_on is not None:
        messages.info(request, "This tenancy has ended: risks can no longer be flagged on it.")
        return _back_to(read)
    form = RiskForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        assert read.write_agency is not None
        try:
            flagged = tenancy_actions.flag_risk(
                read.tenancy,
                kind=data["kind"],
                noted_on=data["noted_on"],
                details=data["details"],
                agency=read.write_agency,
                by=_user(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if flagged.risk.kind == RiskKind.BENEFIT_SANCTION:
                messages.success(request, _sanction_message(flagged))
            else:
                messages.success(request, "Risk flagged.")
            return _back_to(read)
    return render(
        request,
        "housing/tenancies/risk_new.html",
        {"form": form, "tenancy": read.tenancy, "name": _shown_name(read)},
    )


@role_required(*TENANCY_ROLES)
@follows_merges
def risk_resolve(request: HttpRequest, tenancy_id: UUID, risk_id: UUID) -> HttpResponse:
    read = _read(request, tenancy_id, write=True)
    risk = get_risk_for_user(read, risk_id)
    if risk.resolved_on is not None:
        messages.info(request, "This risk was already marked resolved.")
        return _back_to(read)
    form = ResolveRiskForm(request.POST or None, risk=risk)
    if form.is_bound and form.is_valid():
        assert read.write_agency is not None
        try:
            tenancy_actions.resolve_risk(
                risk,
                resolved_on=form.cleaned_data["resolved_on"],
                agency=read.write_agency,
                by=_user(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{risk.get_kind_display()} marked resolved.")
            return _back_to(read)
    record_risks_shown(_user(request), [risk], agency=read.agency, route=_route(request))
    return render(
        request,
        "housing/tenancies/risk_resolve.html",
        {"form": form, "tenancy": read.tenancy, "risk": risk, "name": _shown_name(read)},
    )


# --- The sustainment list ------------------------------------------------------------------------
@role_required(*SUSTAINMENT_ROLES)
def tenancies(request: HttpRequest) -> HttpResponse:
    """Current tenancies the user may see, with months sustained, open risk flags, floating
    support and lead worker; and the partnership's sustainment figures."""
    memberships = _memberships(request)
    partnerships = sustainment_partnerships(memberships)
    by_slug = {p.slug: p for p in partnerships}
    partnership = by_slug.get(request.GET.get("partnership", ""), partnerships[0])
    filters = SustainmentFilterForm(
        request.GET or None, partnerships=partnerships, partnership=partnership
    )
    query = SustainmentQuery(partnership=partnership)
    if filters.is_bound and filters.is_valid():
        query.at_risk = filters.cleaned_data["at_risk"]
        query.no_support = filters.cleaned_data["no_support"]
        query.landlord = filters.cleaned_data["landlord"]
    rows_qs = list_current_tenancies(_user(request), memberships, query)
    page = Paginator(rows_qs, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    agencies = lead_agencies(shown)  # type: ignore[arg-type]
    rows = []
    for t in shown:
        lead = t.person.lead_worker
        agency = agencies.get((lead.pk, t.partnership_id)) if lead else None
        rows.append(
            SustainmentRow(
                tenancy=t,
                shows_name=t.shows_name,  # type: ignore[attr-defined]
                months=months_sustained(t.started_on),
                lead_worker_name=(lead.full_name or lead.email) if lead else "",
                lead_agency_name=agency.name if agency else "",
                risk_labels=sorted(
                    {r.get_kind_display() for r in t.open_risks}  # type: ignore[attr-defined]
                ),
            )
        )
    record_rows_shown(_user(request), rows, memberships=memberships, route=_route(request))
    chosen: dict[str, Any] = {
        "partnership": partnership.slug if len(partnerships) > 1 else "",
        "at_risk": "on" if query.at_risk else "",
        "no_support": "on" if query.no_support else "",
        "landlord": query.landlord.pk if query.landlord else "",
    }
    return render(
        request,
        "housing/tenancies/list.html",
        {
            "partnership": partnership,
            "filters": filters,
            "query": query,
            "rows": [(row, months_text(row.months)) for row in rows],
            "page_obj": page,
            "query_string": urlencode({k: v for k, v in chosen.items() if v}),
            "figures": sustainment_figures(partnership.pk),
        },
    )
