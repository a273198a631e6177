"""/directory/manage/: agencies keep their own services up to date.

Each member of an agency (not commissioners or data protection officers) sees the services of
their agency's organisation, says each is still right, changes it, and marks it closed today or
for some days; coordinators and partnership admins do this for every service of the
partnership, and keep its organisations and areas. Thin views: access
(waypost.directory.manage_access) → form → action (waypost.directory.manage_actions).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.directory import manage_actions as actions
from waypost.directory.manage_access import (
    KEEPER_ROLES,
    MANAGER_ROLES,
    editable_organizations,
    editable_services,
    get_area_for_edit,
    get_closure_for_edit,
    get_location_for_edit,
    get_organization_for_manager,
    get_organization_for_services,
    get_service_for_edit,
    is_stale,
    linkable_agencies,
    managed_areas,
    managed_partnerships,
    stale_q,
)
from waypost.directory.manage_forms import (
    AreaForm,
    ClosedTodayForm,
    ClosureForm,
    ContactFormSet,
    OrganizationForm,
    PlaceForm,
    ServiceForm,
    category_groups,
    contacts_initial,
)
from waypost.directory.manage_hours_forms import HoursForm, grid_from
from waypost.directory.models import (
    Closure,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceStatus,
)
from waypost.directory.opening import HOURS_PREFETCH, closure_on, hours_for, opening_lines

PAGE_SIZE = 25
STATUS_TAGS = {
    ServiceStatus.ACTIVE: "govuk-tag--green",
    ServiceStatus.INACTIVE: "govuk-tag--grey",
    ServiceStatus.TEMPORARILY_CLOSED: "govuk-tag--yellow",
    ServiceStatus.DEFUNCT: "govuk-tag--red",
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


keeper_required = role_required(*KEEPER_ROLES)
manager_required = role_required(*MANAGER_ROLES)


# --- Words -------------------------------------------------------------------------------------
def checked_words(at: datetime, now: datetime) -> str:
    """'today', 'yesterday', '3 days ago', '5 weeks ago', '7 months ago', 'over a year ago'."""
    days = (timezone.localtime(now).date() - timezone.localtime(at).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        months = days * 12 // 365
        return f"{months} month{'s' if months != 1 else ''} ago"
    years = days // 365
    return "over a year ago" if years == 1 else f"over {years} years ago"


@dataclass
class ServiceRow:
    service: Service
    checked: str
    is_stale: bool
    closed_today: Closure | None
    status_class: str
    hours: list[str]


# --- Your services -----------------------------------------------------------------------------
@keeper_required
def manage(request: HttpRequest) -> HttpResponse:
    """The user's services, each with its status and when it was last checked; those not
    checked for six months flagged."""
    user, memberships = _user(request), _memberships(request)
    today = timezone.localdate()
    now = timezone.now()
    services = editable_services(user, memberships)
    needs_check = request.GET.get("needs_check") == "1"
    stale_count = services.filter(stale_q(now)).count()
    if needs_check:
        services = services.filter(stale_q(now))
    services = (
        services.select_related("organization", "last_checked_by")
        .prefetch_related(
            # Only closures not over yet: past ones pile up and say nothing about today.
            Prefetch("closures", queryset=Closure.objects.filter(ends_on__gte=today)),
            *(p for p in HOURS_PREFETCH if p != "closures"),
        )
        .order_by("organization__name", "name", "pk")
    )
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for s in page.object_list:
        hours = hours_for(s)
        rows.append(
            ServiceRow(
                service=s,
                checked=checked_words(s.last_checked_at, now),
                is_stale=is_stale(s, now),
                closed_today=closure_on(hours, today),
                status_class=STATUS_TAGS.get(s.status, "govuk-tag--grey"),
                hours=opening_lines(hours),
            )
        )
    query = "needs_check=1" if needs_check else ""
    return render(
        request,
        "directory/manage/list.html",
        {
            "rows": rows,
            "page_obj": page,
            "query": query,
            "needs_check": needs_check,
            "stale_count": stale_count,
            "several_organizations": len({r.service.organization_id for r in rows}) > 1,
            "may_add": editable_organizations(user, memberships).exists(),
            "manages": bool(managed_partnerships(memberships)),
        },
    )


@require_POST
@keeper_required
def service_check(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Mark as still right: the service was checked now, by this user."""
    service = get_service_for_edit(_user(request), service_id, _memberships(request))
    actions.mark_service_checked(service, by=_user(request))
    messages.success(request, f"{service.name} marked as still right.")
    return redirect(_back_to_list(request.POST))


def _back_to_list(data: QueryDict) -> str:
    """The list page the button was on (only its own page number and filter)."""
    query = QueryDict(mutable=True)
    page = data.get("page", "")
    if page.isdigit():
        query["page"] = page
    if data.get("needs_check") == "1":
        query["needs_check"] = "1"
    url = reverse("directory:manage")
    return f"{url}?{query.urlencode()}" if query else url


# --- A service's form --------------------------------------------------------------------------
@dataclass
class ServiceForms:
    """The parts of the service page: one form on one page, in fieldsets."""

    service: ServiceForm
    place: PlaceForm
    hours: HoursForm
    contacts: Any  # a ContactFormSet
    extra_errors: list[str] = field(default_factory=list)

    def is_valid(self) -> bool:
        valid = self.service.is_valid()
        valid = self.hours.is_valid() and valid
        valid = self.contacts.is_valid() and valid
        if self.service.wants_new_place:
            valid = self.place.is_valid() and valid
        return valid

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order of the page."""
        links: list[tuple[str, str]] = [("", e) for e in self.extra_errors]
        links += [("", e) for e in self.service.non_field_errors()]
        order = (
            "name description status alert application_process fees_description languages url "
            "gender minimum_age maximum_age accepts_no_recourse needs_local_connection access "
            "eligibility_description categories places"
        ).split()
        links += _field_errors(self.service, order)
        if self.service.wants_new_place:
            links += _field_errors(self.place, list(self.place.fields))
        links += _field_errors(self.hours, list(self.hours.fields))
        links += _field_errors(self.service, ["phone", "email"])
        for form in self.contacts.forms:
            links += _field_errors(form, list(form.fields))
        links += [("", e) for e in self.contacts.non_form_errors()]
        links += _field_errors(self.service, ["referral_route"])
        return links


def _field_errors(form: forms.Form, names: Iterable[str]) -> list[tuple[str, str]]:
    found = []
    for name in names:
        if name not in form.fields:
            continue
        bound = form[name]
        anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
        found += [(anchor, str(error)) for error in bound.errors]
    return found


def _current_schedules(service: Service) -> list[Schedule]:
    """The rules the weekly grid stands for: the service's own and its places' in it."""
    schedules = list(service.schedules.all())
    for place in service.at_locations.all():
        schedules.extend(place.schedules.all())
    return schedules


def _service_forms(
    request: HttpRequest,
    organization: Organization,
    service: Service | None,
    data: QueryDict | None = None,
) -> ServiceForms:
    if data is None and request.method == "POST":
        data = request.POST
    schedules = _current_schedules(service) if service is not None else []
    can_keep = service is not None and bool(schedules) and grid_from(schedules) is None
    if data is not None:
        return ServiceForms(
            service=ServiceForm(data, organization=organization, service=service),
            place=PlaceForm(data, prefix="place", partnership=organization.partnership),
            hours=HoursForm(data, prefix="hours", can_keep=can_keep),
            contacts=ContactFormSet(data, prefix="contacts"),
        )
    if service is None:
        initial = ServiceForm.initial_new()
        hours_initial: dict[str, Any] = {"bank_holidays": "usual"}
    else:
        initial = ServiceForm.initial_for(service)
        hours_initial = HoursForm.initial_for(schedules, service.bank_holidays)
    return ServiceForms(
        service=ServiceForm(initial=initial, organization=organization, service=service),
        place=PlaceForm(prefix="place", partnership=organization.partnership),
        hours=HoursForm(initial=hours_initial, prefix="hours", can_keep=can_keep),
        contacts=ContactFormSet(initial=contacts_initial(service), prefix="contacts"),
    )


def _save_args(parts: ServiceForms) -> dict[str, Any]:
    return {
        "details": parts.service.details(),
        "hours": parts.hours.hours(),
        "location_ids": parts.service.location_ids(),
        "new_place": parts.place.place() if parts.service.wants_new_place else None,
        "contacts": [
            form.details()
            for form in parts.contacts.forms
            if form.has_changed() or form.cleaned_data.get("contact_id")
        ],
    }


def _put_errors(parts: ServiceForms, error: ValidationError) -> None:
    """An action's refusal, on the field it is about (the place's fields, or the service's)."""
    if not hasattr(error, "error_dict"):
        parts.extra_errors += list(error.messages)
        return
    for key, texts in error.message_dict.items():
        for text in texts:
            if key in parts.service.fields:
                parts.service.add_error(key, text)
            elif key in parts.place.fields and parts.service.wants_new_place:
                parts.place.add_error(key, text)
            else:
                parts.extra_errors.append(text)


def _render_service_form(
    request: HttpRequest,
    parts: ServiceForms,
    organization: Organization,
    service: Service | None,
) -> HttpResponse:
    hours_words: list[str] = []
    if service is not None and parts.hours.can_keep:
        hours_words = opening_lines(hours_for(service))
    return render(
        request,
        "directory/manage/service_form.html",
        {
            "parts": parts,
            "form": parts.service,
            "error_links": parts.error_links(),
            "groups": _category_choices(parts.service),
            "organization": organization,
            "service": service,
            "hours_words": hours_words,
        },
    )


def _category_choices(form: ServiceForm) -> list[dict[str, Any]]:
    """The categories as bound checkboxes, children grouped under their parent."""
    by_code = {choice.data["value"]: choice for choice in form["categories"]}
    return [
        {
            "choice": by_code[group.code],
            "description": group.description,
            "children": [by_code[code] for code, _ in group.children],
        }
        for group in category_groups()
    ]


@keeper_required
def service_new(request: HttpRequest) -> HttpResponse:
    """Add a service to an organisation the user keeps (chosen first when there are several)."""
    user, memberships = _user(request), _memberships(request)
    chosen = request.POST.get("organization") or request.GET.get("organization")
    organizations = editable_organizations(user, memberships).select_related("partnership")
    if not chosen:
        listed = list(organizations.order_by("name")[: PAGE_SIZE * 4])
        if len(listed) == 1:
            chosen = str(listed[0].pk)
        else:
            return render(
                request,
                "directory/manage/choose_organization.html",
                {"organizations": listed},
            )
    try:
        organization_id = UUID(chosen)
    except ValueError:
        organization_id = UUID(int=0)  # answered 404 below, like any other that is not theirs
    organization = get_organization_for_services(user, organization_id, memberships)
    parts = _service_forms(request, organization, None)
    if request.method == "POST" and parts.is_valid():
        try:
            service = actions.add_service(organization, by=user, **_save_args(parts))
        except ValidationError as error:
            _put_errors(parts, error)
        else:
            messages.success(request, f"{service.name} added to the directory.")
            return redirect("directory:manage")
    return _render_service_form(request, parts, organization, None)


def _service_for_form(user: User, service_id: UUID, memberships: list[Membership]) -> Service:
    get_service_for_edit(user, service_id, memberships)  # 404 unless theirs
    return (
        Service.objects.select_related("organization__partnership", "last_checked_by")
        .prefetch_related(
            *HOURS_PREFETCH,
            "attributes__taxonomy_term",
            "languages",
            "phones",
            "contacts__phones",
            "at_locations",
        )
        .get(pk=service_id)
    )


@keeper_required
def service_edit(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Change a service. Saving counts as checking it; a form read before someone else's save
    is refused with what was typed kept."""
    user, memberships = _user(request), _memberships(request)
    service = _service_for_form(user, service_id, memberships)
    organization = service.organization
    parts = _service_forms(request, organization, service)
    if request.method == "POST" and parts.is_valid():
        try:
            saved = actions.update_service(
                service,
                version=parts.service.cleaned_data["version"] or 0,
                by=user,
                **_save_args(parts),
            )
        except actions.StaleService:
            parts = _stale_forms(request, organization, service)
        except ValidationError as error:
            _put_errors(parts, error)
        else:
            messages.success(request, f"{saved.name} saved and marked as checked today.")
            return redirect("directory:manage")
    return _render_service_form(request, parts, organization, service)


def _stale_forms(
    request: HttpRequest, organization: Organization, service: Service
) -> ServiceForms:
    """The form as typed, with the stale-edit message; saving again checks the version now."""
    fresh = Service.objects.get(pk=service.pk)
    data = request.POST.copy()
    data["version"] = str(fresh.version)
    parts = _service_forms(request, organization, service, data=data)
    parts.is_valid()
    parts.extra_errors.append(actions.STALE_SERVICE)
    return parts


# --- Closures ----------------------------------------------------------------------------------
@keeper_required
def closures(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Closed today in one click, closures for some days, and the ones still to come."""
    user, memberships = _user(request), _memberships(request)
    service = get_service_for_edit(user, service_id, memberships)
    today_form = ClosedTodayForm(prefix="today")
    range_form = ClosureForm(prefix="range")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "today":
        today_form = ClosedTodayForm(request.POST, prefix="today")
        if today_form.is_valid():
            closure = actions.close_today(
                service, reason=today_form.cleaned_data["reason"], by=user
            )
            if closure is None:
                messages.info(request, f"{service.name} is already marked closed today.")
            else:
                messages.success(request, f"{service.name} is marked closed today.")
            return redirect("directory:closures", service_id=service.pk)
    elif action == "range":
        range_form = ClosureForm(request.POST, prefix="range")
        if range_form.is_valid():
            data = range_form.cleaned_data
            try:
                actions.add_closure(
                    service,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                    by=user,
                )
            except ValidationError as error:
                for key, texts in error.message_dict.items():
                    for text in texts:
                        range_form.add_error(key if key in range_form.fields else None, text)
            else:
                messages.success(request, f"Closure added to {service.name}.")
                return redirect("directory:closures", service_id=service.pk)
    today = timezone.localdate()
    upcoming = list(service.closures.filter(ends_on__gte=today).order_by("starts_on", "pk"))
    return render(
        request,
        "directory/manage/closures.html",
        {
            "service": service,
            "today_form": today_form,
            "range_form": range_form,
            "error_form": range_form if range_form.errors else today_form,
            "upcoming": upcoming,
            "today": today,
        },
    )


@require_POST
@keeper_required
def closure_remove(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Take back an upcoming closure (its id in the form, so none is in the address)."""
    user, memberships = _user(request), _memberships(request)
    service = get_service_for_edit(user, service_id, memberships)
    closure = get_closure_for_edit(user, service, request.POST.get("closure", ""), memberships)
    try:
        actions.remove_closure(closure, by=_user(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"Closure removed from {service.name}.")
    return redirect("directory:closures", service_id=service.pk)


# --- Places ------------------------------------------------------------------------------------
@keeper_required
def location_edit(request: HttpRequest, location_id: UUID) -> HttpResponse:
    """Change a place: its name, address, area, how to get there and accessibility."""
    user, memberships = _user(request), _memberships(request)
    location = get_location_for_edit(user, location_id, memberships)
    data = request.POST if request.method == "POST" else None
    form = PlaceForm(
        data,
        initial=PlaceForm.initial_for(location),
        partnership=location.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_location(location, place=form.place(), by=user)
        except ValidationError as error:
            for key, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(key if key in form.fields else None, text)
        else:
            messages.success(request, "The place is saved.")
            return redirect("directory:manage")
    services = list(
        Service.objects.filter(at_locations__location=location).order_by("name").distinct()[:50]
    )
    return render(
        request,
        "directory/manage/location_form.html",
        {"form": form, "location": location, "services": services},
    )


# --- Areas -------------------------------------------------------------------------------------
@manager_required
def areas(request: HttpRequest) -> HttpResponse:
    """The areas of the partnership people search by, and a form to add one."""
    user, memberships = _user(request), _memberships(request)
    partnerships = managed_partnerships(memberships)
    data = request.POST if request.method == "POST" else None
    form = AreaForm(data, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data_ = form.cleaned_data
        try:
            area = actions.add_area(
                form.partnership(),
                name=data_["name"],
                latitude=data_["latitude"],
                longitude=data_["longitude"],
                by=user,
            )
        except ValidationError as error:
            for key, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(key if key in form.fields else None, text)
        else:
            messages.success(request, f"{area.name} added.")
            return redirect("directory:areas")
    listed = (
        managed_areas(user, memberships)
        .select_related("partnership")
        .annotate(places=Count("locations"))
        .order_by("partnership__name", "name")
    )
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/manage/areas.html",
        {"form": form, "page_obj": page, "several": len(partnerships) > 1},
    )


@manager_required
def area_edit(request: HttpRequest, area_id: UUID) -> HttpResponse:
    user = _user(request)
    area = get_area_for_edit(user, area_id, _memberships(request))
    data = request.POST if request.method == "POST" else None
    form = AreaForm(data, initial=AreaForm.initial_for(area), partnerships=[area.partnership])
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_area(
                area,
                name=form.cleaned_data["name"],
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
                by=user,
            )
        except ValidationError as error:
            for key, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(key if key in form.fields else None, text)
        else:
            messages.success(request, f"{area.name} saved.")
            return redirect("directory:areas")
    return render(request, "directory/manage/area_form.html", {"form": form, "area": area})


@manager_required
def area_remove(request: HttpRequest, area_id: UUID) -> HttpResponse:
    """Ask first (saying how many places are in it), then remove."""
    user = _user(request)
    area = get_area_for_edit(user, area_id, _memberships(request))
    if request.method == "POST":
        name = area.name
        actions.remove_area(area, by=user)
        messages.success(request, f"{name} removed.")
        return redirect("directory:areas")
    places = Location.objects.filter(area=area).count()
    return render(request, "directory/manage/area_remove.html", {"area": area, "places": places})


# --- Organisations -----------------------------------------------------------------------------
@manager_required
def organizations(request: HttpRequest) -> HttpResponse:
    """The partnership's organisations, the agency that keeps each, and how many services."""
    memberships = _memberships(request)
    partnerships = managed_partnerships(memberships)
    listed = (
        Organization.objects.filter(partnership__in=partnerships)
        .select_related("agency", "partnership")
        .annotate(service_count=Count("services"))
        .order_by("partnership__name", "name", "pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/manage/organizations.html",
        {"page_obj": page, "several": len(partnerships) > 1},
    )


def _organization_form(request: HttpRequest, organization: Organization | None) -> OrganizationForm:
    memberships = _memberships(request)
    if organization is None:
        partnerships = managed_partnerships(memberships)
        agencies = [a for p in partnerships for a in linkable_agencies(p, None)]
        initial = None
    else:
        partnerships = [organization.partnership]
        agencies = linkable_agencies(organization.partnership, organization)
        initial = OrganizationForm.initial_for(organization)
    data = request.POST if request.method == "POST" else None
    return OrganizationForm(data, initial=initial, agencies=agencies, partnerships=partnerships)


def _organization_errors(form: OrganizationForm, error: ValidationError) -> None:
    for key, texts in error.message_dict.items():
        for text in texts:
            form.add_error(key if key in form.fields else None, text)


@manager_required
def organization_new(request: HttpRequest) -> HttpResponse:
    form = _organization_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = form.partnership()
        try:
            if data["agency"] is not None and data["agency"].partnership_id != partnership.pk:
                raise ValidationError({"agency": "Choose an agency in the same partnership"})
            organization = actions.add_organization(
                partnership,
                name=data["name"],
                description=data["description"],
                agency=data["agency"],
                email=data["email"],
                website=data["website"],
                by=_user(request),
            )
        except ValidationError as error:
            _organization_errors(form, error)
        else:
            messages.success(request, f"{organization.name} added. Now add its services.")
            return redirect("directory:organizations")
    return render(
        request, "directory/manage/organization_form.html", {"form": form, "organization": None}
    )


@manager_required
def organization_edit(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    organization = get_organization_for_manager(
        _user(request), organization_id, _memberships(request)
    )
    form = _organization_form(request, organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = actions.update_organization(
                organization,
                name=data["name"],
                description=data["description"],
                agency=data["agency"],
                email=data["email"],
                website=data["website"],
                by=_user(request),
            )
        except ValidationError as error:
            _organization_errors(form, error)
        else:
            messages.success(request, f"{organization.name} saved.")
            return redirect("directory:organizations")
    places = list(organization.locations.prefetch_related("addresses").order_by("name", "pk")[:50])
    return render(
        request,
        "directory/manage/organization_form.html",
        {"form": form, "organization": organization, "places": places},
    )
