"""The partnership's named places and hotspots: coordinators and partnership admins add, change
and stop using them. Places are not personal data."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from waypost.accounts.models import Partnership, User
from waypost.accounts.roles import partnerships_where, role_required
from waypost.outreach import place_actions
from waypost.outreach.contact_access import PLACE_ROLES
from waypost.outreach.models import Place, PlaceKind
from waypost.outreach.place_forms import PlaceForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _partnerships(request: HttpRequest) -> list[Partnership]:
    return sorted(partnerships_where(request, *PLACE_ROLES), key=lambda p: p.name)


def _place(request: HttpRequest, place_id: UUID) -> Place:
    """A place of one of the user's partnerships; 404 for another partnership's."""
    ids = [p.pk for p in _partnerships(request)]
    place = Place.objects.filter(pk=place_id, partnership_id__in=ids).first()
    if place is None:
        raise Http404
    return place


@role_required(*PLACE_ROLES)
def place_list(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(request)
    places = list(
        Place.objects.filter(partnership__in=partnerships).order_by(
            "partnership__name", "-is_active", "kind", "name"
        )
    )
    groups = [
        {
            "partnership": partnership,
            "active": [p for p in places if p.partnership_id == partnership.pk and p.is_active],
            "inactive": [
                p for p in places if p.partnership_id == partnership.pk and not p.is_active
            ],
        }
        for partnership in partnerships
    ]
    return render(
        request,
        "outreach/places/list.html",
        {"groups": groups, "several": len(partnerships) > 1, "hotspot": PlaceKind.HOTSPOT},
    )


def _save(request: HttpRequest, form: PlaceForm, place: Place | None) -> HttpResponse | None:
    """Run the action for a valid form; None when it refused (the errors are on the form)."""
    data = form.cleaned_data
    try:
        if place is None:
            saved = place_actions.add_place(
                data["partnership"], by=_user(request), **form.place_fields()
            )
            messages.success(request, f"{saved.name} added.")
        else:
            saved = place_actions.update_place(place, by=_user(request), **form.place_fields())
            messages.success(request, f"{saved.name} saved.")
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return None
    return redirect("outreach:places")


@role_required(*PLACE_ROLES)
def place_new(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(
        request.POST if request.method == "POST" else None, partnerships=_partnerships(request)
    )
    if form.is_bound and form.is_valid():
        done = _save(request, form, None)
        if done is not None:
            return done
    return render(request, "outreach/places/form.html", {"form": form, "place": None})


@role_required(*PLACE_ROLES)
def place_edit(request: HttpRequest, place_id: UUID) -> HttpResponse:
    place = _place(request, place_id)
    # The partnership of a place does not change: contacts already name it.
    partnerships = [place.partnership]
    if request.method == "POST":
        form = PlaceForm(request.POST, partnerships=partnerships)
        if form.is_valid():
            done = _save(request, form, place)
            if done is not None:
                return done
    else:
        form = PlaceForm(initial=PlaceForm.initial_for(place), partnerships=partnerships)
    return render(request, "outreach/places/form.html", {"form": form, "place": place})


@require_POST
@role_required(*PLACE_ROLES)
def place_active(request: HttpRequest, place_id: UUID) -> HttpResponse:
    """Stop using a place (it leaves the contact form; old contacts keep it), or use it again."""
    place = _place(request, place_id)
    is_active = request.POST.get("active") == "1"
    place_actions.set_place_active(place, is_active=is_active, by=_user(request))
    if is_active:
        messages.success(request, f"{place.name} is back on the street contact form.")
    else:
        messages.success(request, f"{place.name} is no longer on the street contact form.")
    return redirect("outreach:places")
