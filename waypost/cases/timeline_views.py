"""The timeline page: what happened to a person, newest first, as far as the user may see."""

from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypost.accounts.roles import role_required
from waypost.cases.plan_access import shows_name
from waypost.cases.plan_forms import TimelineFilterForm
from waypost.cases.timeline import read_timeline, record_timeline_shown
from waypost.people.access import find_person, record_contact
from waypost.people.models import NOTE_SECTIONS
from waypost.people.views import follows_merges
from waypost.sharing.policy import FRONTLINE_ROLES


@role_required(*FRONTLINE_ROLES)
@follows_merges
def timeline(request: HttpRequest, person_id: UUID) -> HttpResponse:
    user = request.user
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access = find_person(user, person_id, memberships)  # type: ignore[arg-type]
    form = TimelineFilterForm(request.GET if "kind" in request.GET else None)
    kinds = form.kinds()
    read = read_timeline(person, access, kinds=kinds, page=request.GET.get("page", 1))
    name = person.display_name if shows_name(access, person) else ""
    record_timeline_shown(
        user,  # type: ignore[arg-type]
        person,
        access,
        read,
        memberships,
        route="cases:timeline",
        name_shown=bool(name),
    )
    # The note form offers only the kinds the user may write; the link shows when any.
    can_add_note = any(access.own_agencies_for(s) for s in NOTE_SECTIONS.values())
    return render(
        request,
        "cases/timeline/timeline.html",
        {
            "person": person,
            "name": name,
            "timeline": read,
            "events": read.events,
            "page_obj": read.page,
            "form": form,
            "filtered": bool(kinds),
            "query": urlencode([("kind", k) for k in kinds]),
            "contact": record_contact(person),
            "can_add_note": can_add_note,
        },
    )
