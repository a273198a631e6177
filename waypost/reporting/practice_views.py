"""Practice notes shared across a region (plan P1.10): newest first, paginated; one note; a
new one. Everyone who may see the regional view reads its notes; combined authority officers
and the coordinators and admins of a partnership in the region write them. Notes hold
practice, not people (the form says so). A note of another region answers 404.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from waypost.accounts.models import Partnership, User
from waypost.accounts.roles import role_required
from waypost.reporting.models import PracticeNote
from waypost.reporting.practice_actions import share_practice_note
from waypost.reporting.practice_forms import PracticeNoteForm
from waypost.reporting.region import NOTE_WRITER_ROLES, REGION_ROLES
from waypost.reporting.region_views import can_write_notes, user_regions

PER_PAGE = 20


def _region(request: HttpRequest, source: Any) -> str:
    """The region asked for (the user's first when none is), among the user's own: 404 else."""
    regions = user_regions(request)
    region = source.get("region") or regions[0]
    if region not in regions:
        raise Http404
    return str(region)


def _writer_partnership(request: HttpRequest, region: str) -> Partnership:
    """The partnership the note comes from: the user's (first, by name) in the region where
    they may write notes."""
    partnerships = sorted(
        (
            m.agency.partnership
            for m in request.memberships  # type: ignore[attr-defined]
            if m.role in NOTE_WRITER_ROLES and m.agency.partnership.region == region
        ),
        key=lambda p: p.name,
    )
    if not partnerships:
        raise PermissionDenied
    return partnerships[0]


@role_required(*REGION_ROLES)
def note_list(request: HttpRequest) -> HttpResponse:
    region = _region(request, request.GET)
    notes = PracticeNote.objects.filter(region=region).select_related("partnership", "author")
    page = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/region/notes.html",
        {
            "region": region,
            "page_obj": page,
            "notes": list(page.object_list),
            "query": urlencode({"region": region}),
            "can_write_notes": can_write_notes(request, region),
            "show_region": len(user_regions(request)) > 1,
        },
    )


@role_required(*REGION_ROLES)
def note_detail(request: HttpRequest, note_id: UUID) -> HttpResponse:
    note = (
        PracticeNote.objects.filter(pk=note_id, region__in=user_regions(request))
        .select_related("partnership", "author")
        .first()
    )
    if note is None:
        raise Http404  # missing and another region's alike
    return render(request, "reporting/region/note.html", {"note": note})


@role_required(*NOTE_WRITER_ROLES)
def note_new(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    region = _region(request, source)
    partnership = _writer_partnership(request, region)
    form = PracticeNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        note = share_practice_note(
            region=region,
            partnership=partnership,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            by=user,
        )
        return redirect(reverse("reporting:region_note", args=[note.pk]))
    return render(
        request,
        "reporting/region/note_form.html",
        {"form": form, "region": region, "partnership": partnership},
    )
