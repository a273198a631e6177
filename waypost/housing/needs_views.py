"""The housing needs page: what a place to stay must offer the person. "Find" looks up their
partner among the people the user may see; "Save" adds a new housing needs record and goes on
to the beds that suit them."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Channel, Section
from waypost.housing.needs_forms import NeedsForm
from waypost.housing.placement_access import (
    NEEDS_ROLES,
    latest_needs,
    partner_candidates,
    record_shown,
    visible_partner,
)
from waypost.housing.placement_actions import record_housing_needs
from waypost.people.access import record_listed
from waypost.people.models import Person
from waypost.people.search import search_people
from waypost.people.section_rows import shows_name
from waypost.people.views import follows_merges, writer_for

ROUTE = "housing:needs"
# People offered after "Find": enough for a common name, few enough for a phone.
RESULTS_SHOWN = 10


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


@role_required(*NEEDS_ROLES)
@follows_merges
def needs(request: HttpRequest, person_id: UUID) -> HttpResponse:
    user, memberships = _user(request), _memberships(request)
    write = writer_for(request, person_id, Section.SUPPORT)
    person = write.person
    latest = latest_needs(person, write.access)
    latest_partner = visible_partner(user, person, latest, memberships)
    found: list[Person] | None = None  # the search's results (None: no search)
    people: dict[str, Person] = {}
    if latest_partner is not None:
        people[str(latest_partner.pk)] = latest_partner
    data: Any = None
    if request.method == "POST":
        data = request.POST
        posted = data.get("partner", "")
        people.update(partner_candidates(user, person, memberships, [posted]))
        text = data.get("partner_search", "").strip()
        if data.get("action") == "find":
            found = [
                p
                for p in search_people(user, text, memberships=memberships)
                if p.partnership_id == person.partnership_id and p.pk != person.pk
            ][:RESULTS_SHOWN]
            for p in found:
                people.setdefault(str(p.pk), p)
    form = NeedsForm(
        data,
        candidates=people,
        latest=latest,
        latest_partner=latest_partner,
        checking=found is None,
    )
    if request.method == "POST" and found is None and form.is_valid():
        try:
            record_housing_needs(person, agency=write.agency, by=user, **form.action_fields())
        except ValidationError as error:
            for name, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "Housing needs saved.")
            return redirect("housing:person_beds", person_id=person.pk)
    name = person.display_name if shows_name(write.access, person) else ""
    sections = ([Section.SUPPORT] if latest else []) + ([Section.IDENTITY] if name else [])
    record_shown(user, [(person, s, write.agency) for s in sections], route=ROUTE)
    if people:
        record_listed(
            user,
            list(people.values()),
            channel=Channel.SEARCH if found else Channel.PAGE,
            route=ROUTE,
            memberships=memberships,
        )
    return render(
        request,
        "housing/placements/needs.html",
        {
            "form": form,
            "person": person,
            "name": name,
            "latest": latest,
            "latest_partner": latest_partner,
            "searched": found is not None,
            "found_count": len(found or []),
        },
    )
