"""Landlord pages: the list, one landlord (agreements, properties, incentives, tenancies
counted), and the forms that keep them. Thin views: access → form → action → redirect. Who
may do what is in waypost.housing.landlord_access."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.housing import landlord_actions
from waypost.housing.landlord_access import (
    LANDLORD_MANAGE_ROLES,
    LANDLORD_READ_ROLES,
    LandlordQuery,
    get_landlord_for_user,
    get_property_for_user,
    incentives_of,
    landlord_page,
    list_landlords,
    managing_agency,
    may_manage,
    partnerships_for,
    pounds,
)
from waypost.housing.landlord_forms import (
    AgreementForm,
    IncentiveForm,
    LandlordFilterForm,
    LandlordForm,
    PropertyForm,
)
from waypost.housing.models import Landlord
from waypost.lib.form_errors import show_refusal

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _saved(request: HttpRequest, text: str, landlord: Landlord) -> HttpResponse:
    messages.success(request, text)
    return redirect("housing:landlord", landlord_id=landlord.pk)


@role_required(*LANDLORD_READ_ROLES)
def landlords(request: HttpRequest) -> HttpResponse:
    """The partnership's landlords, filtered by kind and by what they have agreed to."""
    memberships = _memberships(request)
    partnerships = partnerships_for(memberships)
    filters = LandlordFilterForm(request.GET or None)
    query = LandlordQuery(partnerships=partnerships)
    if filters.is_bound and filters.is_valid():
        query.kind = filters.cleaned_data["kind"]
        query.agreement = filters.cleaned_data["agreement"]
    page = Paginator(list_landlords(query), PER_PAGE).get_page(request.GET.get("page"))
    chosen = {"kind": query.kind, "agreement": query.agreement}
    return render(
        request,
        "housing/landlords/list.html",
        {
            "filters": filters,
            "query": query,
            "page_obj": page,
            "query_string": urlencode({k: v for k, v in chosen.items() if v}),
            "several": len(partnerships) > 1,
            "may_add": bool(partnerships_for(memberships, LANDLORD_MANAGE_ROLES)),
        },
    )


@role_required(*LANDLORD_READ_ROLES)
def landlord(request: HttpRequest, landlord_id: UUID) -> HttpResponse:
    memberships = _memberships(request)
    found = get_landlord_for_user(memberships, landlord_id)
    incentives = Paginator(incentives_of(found), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "housing/landlords/detail.html",
        {
            "page": landlord_page(found),
            "landlord": found,
            "incentives": [(i, pounds(i.amount_pence)) for i in incentives.object_list],
            "page_obj": incentives,
            "may_manage": may_manage(memberships, found.partnership_id),
            "today": timezone.localdate(),
        },
    )


@role_required(*LANDLORD_MANAGE_ROLES)
def landlord_new(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_for(_memberships(request), LANDLORD_MANAGE_ROLES)
    form = LandlordForm(request.POST or None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        try:
            saved = landlord_actions.add_landlord(
                form.cleaned_data["partnership"], by=_user(request), **form.landlord_fields()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _saved(request, f"{saved.name} added.", saved)
    return render(request, "housing/landlords/form.html", {"form": form, "landlord": None})


@role_required(*LANDLORD_MANAGE_ROLES)
def landlord_edit(request: HttpRequest, landlord_id: UUID) -> HttpResponse:
    found = get_landlord_for_user(_memberships(request), landlord_id, manage=True)
    partnerships = [found.partnership]
    if request.method == "POST":
        form = LandlordForm(request.POST, partnerships=partnerships, landlord=found)
        if form.is_valid():
            try:
                saved = landlord_actions.update_landlord(
                    found,
                    by=_user(request),
                    version=form.cleaned_data["version"] or None,
                    is_active=form.cleaned_data["is_active"],
                    **form.landlord_fields(),
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return _saved(request, f"{saved.name} saved.", saved)
    else:
        initial = LandlordForm.initial_for(found, landlord_actions.edit_version(found))
        form = LandlordForm(initial=initial, partnerships=partnerships, landlord=found)
    return render(request, "housing/landlords/form.html", {"form": form, "landlord": found})


def _landlord_form_view(
    request: HttpRequest,
    landlord_id: UUID,
    *,
    form_class: Callable[..., Form],
    template: str,
    save: Callable[[Landlord, Form], str],
    form_kwargs: Callable[[Landlord], dict[str, Any]] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs `save` (which returns the success message)."""
    found = get_landlord_for_user(_memberships(request), landlord_id, manage=True)
    extra = form_kwargs(found) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if form.is_bound and form.is_valid():
        try:
            text = save(found, form)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _saved(request, text, found)
    return render(request, template, {"form": form, "landlord": found})


@role_required(*LANDLORD_MANAGE_ROLES)
def agreement_new(request: HttpRequest, landlord_id: UUID) -> HttpResponse:
    def save(found: Landlord, form: Form) -> str:
        data = form.cleaned_data
        agreement = landlord_actions.add_agreement(
            found,
            kind=data["kind"],
            agreed_on=data["agreed_on"],
            ends_on=data["ends_on"],
            notes=data["notes"],
            by=_user(request),
        )
        return f"Agreement recorded: {agreement.get_kind_display().lower()}."

    return _landlord_form_view(
        request,
        landlord_id,
        form_class=AgreementForm,
        template="housing/landlords/agreement_form.html",
        save=save,
    )


@role_required(*LANDLORD_MANAGE_ROLES)
def property_new(request: HttpRequest, landlord_id: UUID) -> HttpResponse:
    def save(found: Landlord, form: Form) -> str:
        landlord_actions.add_property(found, by=_user(request), **form.property_fields())  # type: ignore[attr-defined]
        return "Property added."

    return _landlord_form_view(
        request,
        landlord_id,
        form_class=PropertyForm,
        template="housing/landlords/property_form.html",
        save=save,
    )


@role_required(*LANDLORD_MANAGE_ROLES)
def property_edit(request: HttpRequest, property_id: UUID) -> HttpResponse:
    home = get_property_for_user(_memberships(request), property_id, manage=True)
    if request.method == "POST":
        form = PropertyForm(request.POST)
        if form.is_valid():
            try:
                landlord_actions.update_property(
                    home,
                    by=_user(request),
                    version=form.cleaned_data["version"] or None,
                    **form.property_fields(),
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return _saved(request, "Property saved.", home.landlord)
    else:
        form = PropertyForm(
            initial=PropertyForm.initial_for(home, landlord_actions.edit_version(home))
        )
    return render(
        request,
        "housing/landlords/property_form.html",
        {"form": form, "landlord": home.landlord, "home": home},
    )


@role_required(*LANDLORD_MANAGE_ROLES)
def incentive_new(request: HttpRequest, landlord_id: UUID) -> HttpResponse:
    def save(found: Landlord, form: Form) -> str:
        data = form.cleaned_data
        agency = managing_agency(_memberships(request), found.partnership_id)
        assert agency is not None  # get_landlord_for_user(manage=True) made sure
        incentive = landlord_actions.record_incentive(
            found,
            kind=data["kind"],
            amount_pence=data["amount"],
            paid_on=data["paid_on"],
            home=data.get("home"),
            agency=agency,
            by=_user(request),
        )
        return f"Payment of {pounds(incentive.amount_pence)} recorded."

    return _landlord_form_view(
        request,
        landlord_id,
        form_class=IncentiveForm,
        template="housing/landlords/incentive_form.html",
        save=save,
        form_kwargs=lambda found: {"landlord": found},
    )
