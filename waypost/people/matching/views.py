"""The duplicate review queue: pairs the nightly batch found, for coordinators and
caseworkers to decide. Nothing is merged here."""

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from waypost.accounts.models import Role
from waypost.accounts.roles import role_required
from waypost.people.matching.forms import DecisionForm
from waypost.people.matching.review import (
    AlreadyDecided,
    decide_pair,
    get_pair_for_user,
    pending_pairs_for_user,
    record_queue_listed,
)
from waypost.people.models import DuplicateStatus

PAGE_SIZE = 25


@role_required(Role.COORDINATOR, Role.CASEWORKER)
def pair_list(request: HttpRequest) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    pairs = pending_pairs_for_user(request.user, memberships)  # type: ignore[arg-type]
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    record_queue_listed(request.user, list(page), memberships)  # type: ignore[arg-type]
    return render(request, "people/duplicates/list.html", {"page_obj": page})


@role_required(Role.COORDINATOR, Role.CASEWORKER)
def pair_detail(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        view = get_pair_for_user(request.user, pair_id, memberships, record=False)  # type: ignore[arg-type]
        try:
            decide_pair(view.pair, same=form.cleaned_data["decision"] == "same", by=request.user)  # type: ignore[arg-type]
        except AlreadyDecided:
            messages.info(request, "Someone else decided this pair first. Their decision stands.")
        else:
            if form.cleaned_data["decision"] == "same":
                messages.success(request, "Decision saved: same person. Merge the records next.")
            else:
                messages.success(
                    request,
                    "Decision saved: different people. This pair will not be suggested again.",
                )
        return redirect("duplicates:pair", pair_id=pair_id)
    view = get_pair_for_user(request.user, pair_id, memberships)  # type: ignore[arg-type]
    merge_url = ""
    if view.pair.status == DuplicateStatus.SAME:
        try:
            merge_url = reverse(
                "merge:choose",
                kwargs={"first": view.pair.first_id, "second": view.pair.second_id},
            )
        except NoReverseMatch:
            merge_url = ""
    return render(
        request,
        "people/duplicates/pair.html",
        {"view": view, "form": form, "merge_url": merge_url, "records": [view.first, view.second]},
        status=400 if form.errors else 200,
    )
