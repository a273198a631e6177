"""Placement pages: a person's placements, ending one, the beds that suit a person, and placing
them in one. Thin views: access (placement_access) → form → action (placement_actions)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.housing import placement_access
from waypost.housing.models import AccommodationKind, Unit, UnitStatus
from waypost.housing.placement_access import END_ROLES, PLACE_ROLES, BedsRead
from waypost.housing.placement_actions import end_placement, place_person
from waypost.housing.placement_forms import EndPlacementForm, PlaceForm
from waypost.housing.room_for_all import swep_nights
from waypost.housing.suitability import Fit, is_swep_bed, unsuitable_because
from waypost.lib.form_errors import show_refusal
from waypost.people.views import follows_merges
from waypost.sharing.policy import FRONTLINE_ROLES

STALE = (
    "Someone else changed this placement while you were looking at it. Check it again "
    "before ending it."
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _placements_url(person_id: Any) -> str:
    return reverse("housing:person_placements", args=[person_id])


# --- A person's placements ---------------------------------------------------------------------


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_placements(request: HttpRequest, person_id: UUID) -> HttpResponse:
    read = placement_access.read_placements(
        _user(request),
        person_id,
        memberships=_memberships(request),
        page=request.GET.get("page", 1),
        route="housing:person_placements",
    )
    return render(
        request,
        "housing/placements/list.html",
        {
            "read": read,
            "person": read.person,
            "placements": read.page.object_list,
            "page_obj": read.page,
            "today": timezone.localdate(),
        },
    )


@role_required(*END_ROLES)
@follows_merges
def placement_end(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    route = "housing:placement_end"
    user, memberships = _user(request), _memberships(request)
    read = placement_access.get_placement_for_end(user, placement_id, memberships, route=route)
    placement = read.placement
    form = EndPlacementForm(_posted(request), placement=placement)
    if placement.ended_on is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_placement(
                placement,
                ended_on=data["ended_on"],
                reason=data["reason"],
                notes=data["notes"].strip(),
                version=data["version"],
                agency=read.agency,
                by=user,
            )
        except ValidationError as error:
            if STALE in error.messages:
                # Show the placement as it is now; what they typed stays in the form.
                read = placement_access.get_placement_for_end(
                    user, placement_id, memberships, route=route
                )
                placement = read.placement
                fresh = request.POST.copy()
                fresh["version"] = str(placement.version)
                form = EndPlacementForm(fresh, placement=placement)
                form.is_valid()
                form.add_error(None, STALE)
            else:
                show_refusal(form, error)
        else:
            messages.success(request, f"Placement at {placement.scheme.name} ended.")
            return redirect(_placements_url(read.person.pk))
    return render(
        request,
        "housing/placements/end.html",
        {
            "form": form,
            "placement": placement,
            "person": read.person,
            "name": read.name,
            "has_ended": placement.ended_on is not None,
        },
    )


# --- Suitable beds and placing -----------------------------------------------------------------


def _beds_context(beds: BedsRead) -> dict[str, Any]:
    return {
        "beds": beds,
        "person": beds.person,
        "name": beds.name,
        "facts": beds.facts,
        "current": beds.current,
        "subject": beds.name or "them",
    }


@role_required(*PLACE_ROLES)
@follows_merges
def person_beds(request: HttpRequest, person_id: UUID) -> HttpResponse:
    beds = placement_access.read_beds(
        _user(request), person_id, memberships=_memberships(request), route="housing:person_beds"
    )
    page = Paginator(beds.fits, placement_access.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "housing/placements/beds.html",
        {**_beds_context(beds), "fits": page.object_list, "page_obj": page},
    )


def why_not_offered(beds: BedsRead, unit: Unit) -> str:
    """Why this unit cannot be offered to the person now, in plain words ("" when it can)."""
    if any(f.unit.pk == unit.pk for f in beds.fits):
        return ""
    scheme = unit.scheme
    if not (unit.is_active and scheme.is_active):
        return f"{unit.label} at {scheme.name} is no longer in use."
    if unit.status != UnitStatus.FREE:
        return f"{unit.label} at {scheme.name} is {unit.get_status_display().lower()}."
    if scheme.kind == AccommodationKind.SWEP and not swep_nights(
        scheme.partnership_id, [timezone.localdate()]
    ):
        return "Severe weather beds can be used only while SWEP is active."
    reason = unsuitable_because(beds.facts.facts, _annotated(beds, unit), swep=is_swep_bed(unit))
    return f"{unit.label} at {scheme.name} does not suit them: {reason.lower()}."


def _annotated(beds: BedsRead, unit: Unit) -> Unit:
    """The unit with its places left, as the suitable beds list reads it."""
    found = placement_access.free_units(
        beds.person.partnership_id, today=timezone.localdate(), unit_id=unit.pk
    )
    return found[0] if found else unit


@role_required(*PLACE_ROLES)
@follows_merges
def place(request: HttpRequest, person_id: UUID, unit_id: UUID) -> HttpResponse:
    """Confirm placing the person in one unit. The unit's suitability is checked again on
    saving: a bed that stopped suiting them (or stopped being free) is refused."""
    user, memberships = _user(request), _memberships(request)
    write = placement_access.placing_write(user, person_id, memberships)
    unit = placement_access.find_unit(write.person.partnership_id, unit_id)
    beds = placement_access.read_beds(
        user,
        person_id,
        memberships=memberships,
        route="housing:place",
        unit_id=unit.pk,
        write=write,
    )
    fit: Fit | None = next((f for f in beds.fits if f.unit.pk == unit.pk), None)
    refusal = "" if fit is not None else why_not_offered(beds, unit)
    form = PlaceForm(_posted(request), scheme=unit.scheme)
    if request.method == "POST":
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                place_person(
                    beds.person,
                    unit,
                    agency=beds.write.agency,
                    by=user,
                    started_on=data["started_on"],
                    expected_end_on=data["expected_end_on"],
                    notes=data["notes"].strip(),
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Placed at {unit.scheme.name}, {unit.label}.")
                return redirect(_placements_url(beds.person.pk))
    return render(
        request,
        "housing/placements/place.html",
        {**_beds_context(beds), "unit": unit, "fit": fit, "refusal": refusal, "form": form},
    )
