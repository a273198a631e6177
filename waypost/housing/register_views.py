"""The accommodation register: providers, their schemes and units. The street and case teams
read it; coordinators and partnership admins keep it; a provider's staff read their own
schemes. A scheme's page shows who is placed in each unit only as the access policy allows.
Thin views: access (waypost.housing.register_access) → form → action.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Channel
from waypost.housing import register_actions
from waypost.housing.board_access import (
    is_stale,
    suits_tags,
    units_with_placed,
    updated_text,
    with_places,
)
from waypost.housing.models import Provider, Scheme
from waypost.housing.register_access import (
    EDIT_ROLES,
    READ_ROLES,
    agencies_for_providers,
    get_provider_for_editor,
    get_scheme_for_editor,
    get_scheme_for_user,
    get_unit_for_editor,
    may_edit,
    may_update_vacancies,
    occupants,
    partnership_ids,
    partnerships_for,
    record_occupants_shown,
)
from waypost.housing.register_forms import (
    ProviderForm,
    SchemeForm,
    UnitForm,
    add_errors,
)

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def scheme_reader_required(view: View) -> View:
    """Signed in, and reads the register or keeps a provider's beds; 403 otherwise."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        roles = {m.role for m in _memberships(request)}
        if not roles & {*READ_ROLES, Role.PROVIDER}:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- The register ------------------------------------------------------------------------------
@role_required(*READ_ROLES)
def register(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    partnerships = partnerships_for(memberships, READ_ROLES)
    schemes = with_places(Scheme.objects.all()).order_by("-is_active", "name")
    providers = (
        Provider.objects.filter(partnership__in=partnerships)
        .select_related("agency", "partnership")
        .prefetch_related(Prefetch("schemes", queryset=schemes))
        .order_by("partnership__name", "-is_active", "name", "pk")
    )
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = partnership_ids(memberships, EDIT_ROLES)
    return render(
        request,
        "housing/register/register.html",
        {
            "page_obj": page,
            "providers": list(page.object_list),
            "several": len(partnerships) > 1,
            "editable": editable,
            "may_add": bool(editable),
        },
    )


def _provider_form(request: HttpRequest, provider: Provider | None) -> ProviderForm:
    memberships = _memberships(request)
    if provider is None:
        editing = partnerships_for(memberships, EDIT_ROLES)
        agencies = [a for p in editing for a in agencies_for_providers(p)]
    else:
        editing = [provider.partnership]
        agencies = list(agencies_for_providers(provider.partnership))
        if provider.agency not in agencies:  # an agency since closed keeps its providers
            agencies.append(provider.agency)
    data = request.POST if request.method == "POST" else None
    initial = ProviderForm.initial_for(provider) if provider is not None else None
    return ProviderForm(
        data,
        initial=initial,
        agencies=agencies,
        several=len(editing) > 1,
        editing=provider is not None,
    )


@role_required(*EDIT_ROLES)
def provider_new(request: HttpRequest) -> HttpResponse:
    form = _provider_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider = register_actions.add_provider(
                data["agency"].partnership,
                agency=data["agency"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                by=_user(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{provider.name} added. Now add its schemes.")
            return redirect(f"{reverse('housing:register')}#provider-{provider.pk}")
    return render(request, "housing/register/provider_form.html", {"form": form, "provider": None})


@role_required(*EDIT_ROLES)
def provider_edit(request: HttpRequest, provider_id: UUID) -> HttpResponse:
    provider = get_provider_for_editor(_memberships(request), provider_id)
    form = _provider_form(request, provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider = register_actions.update_provider(
                provider,
                agency=data["agency"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                is_active=data["is_active"],
                by=_user(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{provider.name} saved.")
            return redirect(f"{reverse('housing:register')}#provider-{provider.pk}")
    return render(
        request, "housing/register/provider_form.html", {"form": form, "provider": provider}
    )


# --- Schemes -----------------------------------------------------------------------------------
@role_required(*EDIT_ROLES)
def scheme_new(request: HttpRequest, provider_id: UUID) -> HttpResponse:
    provider = get_provider_for_editor(_memberships(request), provider_id)
    data = request.POST if request.method == "POST" else None
    form = SchemeForm(data, initial=SchemeForm.initial_new(), editing=False)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = register_actions.add_scheme(
                provider, by=_user(request), **form.scheme_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{scheme.name} added. Now add its rooms or beds.")
            return redirect("housing:scheme", scheme_id=scheme.pk)
    return render(
        request,
        "housing/register/scheme_form.html",
        {"form": form, "provider": provider, "scheme": None},
    )


@role_required(*EDIT_ROLES)
def scheme_edit(request: HttpRequest, scheme_id: UUID) -> HttpResponse:
    scheme = get_scheme_for_editor(_memberships(request), scheme_id)
    if request.method == "POST":
        form = SchemeForm(request.POST, editing=True)
        if form.is_valid():
            try:
                scheme = register_actions.update_scheme(
                    scheme,
                    version=form.cleaned_data["version"] or 0,
                    by=_user(request),
                    **form.scheme_fields(),
                )
            except register_actions.StaleScheme:
                form = _stale_scheme_form(request, scheme)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{scheme.name} saved.")
                return redirect("housing:scheme", scheme_id=scheme.pk)
    else:
        form = SchemeForm(initial=SchemeForm.initial_for(scheme), editing=True)
    return render(
        request,
        "housing/register/scheme_form.html",
        {"form": form, "provider": scheme.provider, "scheme": scheme},
    )


def _stale_scheme_form(request: HttpRequest, scheme: Scheme) -> SchemeForm:
    """The form as typed, with the stale-edit error; saving again checks the version now."""
    fresh = Scheme.objects.get(pk=scheme.pk)
    data = request.POST.copy()
    data["version"] = str(fresh.version)
    form = SchemeForm(data, editing=True)
    form.is_valid()
    form.add_error(None, register_actions.STALE_SCHEME)
    return form


@scheme_reader_required
def scheme_page(request: HttpRequest, scheme_id: UUID) -> HttpResponse:
    """A scheme's details and units. Who is in each unit follows the access policy: a name
    where the user may see the person's identity and the placement, else only the agency that
    placed them; each name shown is in the access log."""
    memberships = _memberships(request)
    user = _user(request)
    scheme = get_scheme_for_user(memberships, scheme_id)
    units = units_with_placed(scheme, active_only=False)
    placed = occupants(user, memberships, scheme)
    record_occupants_shown(
        user,
        memberships,
        [o for found in placed.values() for o in found],
        channel=Channel.PAGE,
        route="housing:scheme",
    )
    now = timezone.now()
    by = scheme.vacancies_updated_by
    return render(
        request,
        "housing/register/scheme.html",
        {
            "scheme": scheme,
            "rows": [(unit, placed.get(unit.pk, [])) for unit in units],
            "tags": suits_tags(scheme),
            "updated": updated_text(
                scheme.vacancies_updated_at, (by.full_name or by.email) if by else "", now=now
            ),
            "is_stale": is_stale(scheme.vacancies_updated_at, now=now),
            "may_edit": may_edit(memberships, scheme.partnership_id),
            "may_update": scheme.is_active and may_update_vacancies(memberships, scheme),
            "reads_register": scheme.partnership_id in partnership_ids(memberships, READ_ROLES),
        },
    )


# --- Units -------------------------------------------------------------------------------------
@role_required(*EDIT_ROLES)
def unit_new(request: HttpRequest, scheme_id: UUID) -> HttpResponse:
    scheme = get_scheme_for_editor(_memberships(request), scheme_id)
    data = request.POST if request.method == "POST" else None
    form = UnitForm(data, initial={"sleeps": "1", "step_free": "no"}, editing=False)
    if request.method == "POST" and form.is_valid():
        try:
            unit = register_actions.add_unit(scheme, by=_user(request), **form.unit_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{unit.label} added to {scheme.name}.")
            if request.POST.get("another"):
                return redirect("housing:unit_new", scheme_id=scheme.pk)
            return redirect("housing:scheme", scheme_id=scheme.pk)
    return render(
        request, "housing/register/unit_form.html", {"form": form, "scheme": scheme, "unit": None}
    )


@role_required(*EDIT_ROLES)
def unit_edit(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    unit = get_unit_for_editor(_memberships(request), unit_id)
    data = request.POST if request.method == "POST" else None
    form = UnitForm(data, initial=UnitForm.initial_for(unit), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            unit = register_actions.update_unit(unit, by=_user(request), **form.unit_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{unit.label} saved.")
            return redirect("housing:scheme", scheme_id=unit.scheme_id)
    return render(
        request,
        "housing/register/unit_form.html",
        {"form": form, "scheme": unit.scheme, "unit": unit},
    )
