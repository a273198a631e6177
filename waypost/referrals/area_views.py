"""Partnership admins set their partnership's area: the postcode districts and named places
that route public alerts to their outreach team."""

from uuid import UUID

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waypost.accounts.models import Partnership, Role
from waypost.accounts.roles import partnerships_where, role_required
from waypost.referrals import actions
from waypost.referrals.forms import AreaForm


def _managed(request: HttpRequest, partnership_id: UUID) -> Partnership:
    for partnership in partnerships_where(request, Role.PARTNERSHIP_ADMIN):
        if partnership.pk == partnership_id:
            return partnership
    raise Http404


@role_required(Role.PARTNERSHIP_ADMIN)
def areas(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request, Role.PARTNERSHIP_ADMIN)
    rows = [
        (
            partnership,
            list(partnership.alert_districts.values_list("district", flat=True)),
            list(partnership.alert_places.values_list("name", flat=True)),
        )
        for partnership in partnerships
    ]
    return render(request, "referrals/areas.html", {"rows": rows})


@role_required(Role.PARTNERSHIP_ADMIN)
def area_edit(request: HttpRequest, partnership_id: UUID) -> HttpResponse:
    partnership = _managed(request, partnership_id)
    if request.method != "POST":
        form = AreaForm(
            initial={
                "districts": ", ".join(
                    partnership.alert_districts.values_list("district", flat=True)
                ),
                "places": "\n".join(partnership.alert_places.values_list("name", flat=True)),
            },
            partnership=partnership,
        )
    else:
        form = AreaForm(request.POST, partnership=partnership)
        if form.is_valid():
            try:
                actions.set_alert_area(
                    partnership,
                    districts=form.cleaned_data["districts"],
                    places=form.cleaned_data["places"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except IntegrityError:
                # Another admin took a district between the check and the save.
                form.add_error(
                    "districts",
                    "One of these districts was just added to another partnership's area. "
                    "Check the list and save again.",
                )
            else:
                messages.success(request, f"{partnership.name}’s area saved.")
                return redirect("alerts:areas")
    return render(request, "referrals/area_edit.html", {"form": form, "partnership": partnership})
