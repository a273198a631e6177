"""Data protection officer pages for subject access requests."""

from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from waypost.accounts.models import Role
from waypost.accounts.roles import partnerships_where, role_required
from waypost.audit.models import SubjectAccessRequest
from waypost.audit.subject_access import actions
from waypost.audit.subject_access.access import (
    find_people_for_request,
    get_candidate_for_request,
    get_request_for_dpo,
    read_request_person,
    record_export_download,
    requests_visible_to,
)
from waypost.audit.subject_access.deadlines import MAX_EXTENSION_MONTHS
from waypost.audit.subject_access.forms import (
    ChoosePersonForm,
    CloseForm,
    ExtendForm,
    FindPersonForm,
    IdVerifiedForm,
    OpenRequestForm,
)
from waypost.audit.subject_access.registry import registrations

PAGE_SIZE = 25


def _detail(sar: SubjectAccessRequest) -> HttpResponse:
    return redirect("audit:sar_detail", request_id=sar.pk)


@role_required(Role.DPO)
def request_list(request: HttpRequest) -> HttpResponse:
    requests = requests_visible_to(request).select_related("partnership").in_list_order()
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/subject_access/list.html",
        {"page_obj": page, "today": timezone.localdate()},
    )


@role_required(Role.DPO)
def request_open(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request, Role.DPO)
    form = OpenRequestForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sar = actions.open_request(
                partnership=data["partnership"],
                received_on=data["received_on"],
                reference=data["reference"],
                id_requested_on=data["id_requested_on"],
                notes=data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Request opened. Now find the person's record.")
            return _detail(sar)
    return render(request, "audit/subject_access/open.html", {"form": form})


@role_required(Role.DPO)
def request_detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    person = read_request_person(request, sar)
    merged = person.merged_from.count() if person is not None else 0
    return render(
        request,
        "audit/subject_access/detail.html",
        {
            "sar": sar,
            "person": person,
            "merged_records": merged,
            "today": timezone.localdate(),
            "months_left": MAX_EXTENSION_MONTHS - sar.extended_by_months,
            "excluded": registrations().excluded,
        },
    )


@role_required(Role.DPO)
def request_find(request: HttpRequest, request_id: UUID) -> HttpResponse:
    """Search by POST, so names and dates of birth stay out of URLs and server logs."""
    sar = get_request_for_dpo(request, request_id)
    form = FindPersonForm(request.POST or None)
    candidates = None
    if request.method == "POST" and not sar.is_closed and form.is_valid():
        data = form.cleaned_data
        candidates = find_people_for_request(
            request,
            sar,
            identifier_kind=data["identifier_kind"],
            identifier_value=data["identifier_value"],
            family_name=data["family_name"],
            given_name=data["given_name"],
            birth_date=data["birth_date"],
        )
    return render(
        request,
        "audit/subject_access/find.html",
        {"sar": sar, "form": form, "candidates": candidates},
    )


@require_POST
@role_required(Role.DPO)
def request_identify(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    form = ChoosePersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the person's record from the search results.")
        return redirect("audit:sar_find", request_id=sar.pk)
    person = get_candidate_for_request(request, sar, form.cleaned_data["person_id"])
    try:
        actions.identify_person(sar, person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The request is now linked to the person's record.")
    return _detail(sar)


@role_required(Role.DPO)
def request_id_verified(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    form = IdVerifiedForm(request.POST or None, initial={"verified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_id_verified(
                sar, verified_on=form.cleaned_data["verified_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"ID verified. The response is due by {sar.due_on:%-d %B %Y}."
            )
            return _detail(sar)
    return render(request, "audit/subject_access/id_verified.html", {"sar": sar, "form": form})


@role_required(Role.DPO)
def request_extend(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    months_left = MAX_EXTENSION_MONTHS - sar.extended_by_months
    form = ExtendForm(request.POST or None, months_left=months_left)
    if request.method == "POST" and form.is_valid():
        try:
            actions.extend_request(
                sar,
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            due = f"{sar.due_on:%-d %B %Y}" if sar.due_on else "one month after ID is verified"
            messages.success(request, f"Request extended. The response is now due by {due}.")
            return _detail(sar)
    return render(
        request,
        "audit/subject_access/extend.html",
        {"sar": sar, "form": form, "months_left": months_left},
    )


@require_POST
@role_required(Role.DPO)
def request_export(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    try:
        actions.request_export(sar, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The export is being prepared. Refresh this page in a minute to download it."
        )
    return _detail(sar)


@role_required(Role.DPO)
@reauthentication_required
def request_download(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    if not sar.export_file or not sar.export_file.storage.exists(sar.export_file.name):
        messages.error(request, "There is no export to download. Prepare the export first.")
        return _detail(sar)
    record_export_download(request, sar)
    response = FileResponse(
        sar.export_file.open("rb"),
        as_attachment=True,
        filename=f"subject-access-{sar.pk}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.DPO)
def request_close(request: HttpRequest, request_id: UUID) -> HttpResponse:
    sar = get_request_for_dpo(request, request_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_request(
                sar,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Request closed: {sar.get_status_display().lower()}.")
            return _detail(sar)
    return render(request, "audit/subject_access/close.html", {"sar": sar, "form": form})
