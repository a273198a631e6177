"""The printable toolkit's pages: for staff (every member of a partnership sees its four
leaflets and downloads them; coordinators and partnership admins choose each leaflet's
services) and for the public (a short page of the four downloads, and the downloads).

Thin views: who (waypost.directory.toolkit) → form → action → redirect. The leaflet holds no
personal data and is the same whoever downloads it, so no access event is recorded.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from waypost.accounts.models import Membership, Partnership, User
from waypost.directory import toolkit_actions
from waypost.directory.models import Audience, ServiceStatus
from waypost.directory.toolkit import (
    AUDIENCE_SUMMARIES,
    audience_or_404,
    choices_for,
    chosen_counts,
    fingerprint,
    grouped,
    may_choose,
    member_partnership,
    member_partnerships,
    public_partnership,
    services_for_choosing,
)
from waypost.directory.toolkit_forms import ToolkitChoiceForm
from waypost.directory.toolkit_pdf import (
    AUDIENCE_TEXT,
    html_to_pdf,
    toolkit_filename,
    toolkit_html,
)
from waypost.referrals.ratelimit import allow, too_many_requests

STALE = (
    "Someone else changed this toolkit's services while you were choosing. What you chose is "
    "still ticked below: check it, then save again to replace their list with yours."
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _audiences(partnership: Partnership, counts: dict[str, int] | None = None) -> list[dict]:
    return [
        {
            "code": audience.value,
            "label": audience.label,
            "reader": AUDIENCE_TEXT[audience].reader,
            "summary": AUDIENCE_SUMMARIES[audience],
            "count": None if counts is None else counts[audience.value],
            "filename": toolkit_filename(partnership, audience.value),
        }
        for audience in Audience
    ]


def _public_path(partnership: Partnership) -> str | None:
    try:
        return reverse("services:toolkit", kwargs={"slug": partnership.slug})
    except NoReverseMatch:  # the public directory's pages are not in place
        return None


def public_toolkit_url(request: HttpRequest, partnership: Partnership) -> str:
    """Where the public finds the latest leaflets (else the site's front page)."""
    return request.build_absolute_uri(_public_path(partnership) or "/")


def _pdf_response(request: HttpRequest, partnership: Partnership, audience: str) -> HttpResponse:
    html = toolkit_html(
        partnership,
        audience,
        alert_url=request.build_absolute_uri(reverse("alerts:new")),
        referral_url=request.build_absolute_uri(reverse("referrals:new")),
        toolkit_url=public_toolkit_url(request, partnership),
        made_on=timezone.localdate(),
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = toolkit_filename(partnership, audience)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Staff -------------------------------------------------------------------------------------
@login_required
@require_GET
def toolkit_home(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    partnerships = [
        {
            "partnership": p,
            "audiences": _audiences(p, chosen_counts(p)),
            "may_choose": may_choose(memberships, p),
            "public_url": (request.build_absolute_uri(path) if (path := _public_path(p)) else None),
        }
        for p in member_partnerships(memberships)
    ]
    return render(
        request,
        "directory/toolkit/home.html",
        {"partnerships": partnerships, "several": len(partnerships) > 1},
    )


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_audience(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    memberships = _memberships(request)
    partnership = member_partnership(memberships, slug)
    chosen_for = audience_or_404(audience)
    choosing = may_choose(memberships, partnership)
    if request.method == "POST" and not choosing:
        raise PermissionDenied
    choices = choices_for(partnership, chosen_for)
    listed = [c.service for c in choices if c.service.status == ServiceStatus.ACTIVE]
    stopped = [c.service for c in choices if c.service.status != ServiceStatus.ACTIVE]
    context = {
        "partnership": partnership,
        "audience": chosen_for,
        "reader": AUDIENCE_TEXT[chosen_for].reader,
        "summary": AUDIENCE_SUMMARIES[chosen_for],
        "listed": listed,
        "stopped": stopped,
        "may_choose": choosing,
        "filename": toolkit_filename(partnership, chosen_for),
    }
    if not choosing:
        return render(request, "directory/toolkit/audience.html", context)

    services = services_for_choosing(partnership)
    seen = fingerprint(choices)
    form_args = {
        "partnership_name": partnership.name,
        "services": services,
        "not_running": {},
        "chosen": listed,
        "seen": seen,
    }
    if request.method == "POST":
        form_args["not_running"] = {
            str(pk): name
            for pk, name in partnership.directory_services.exclude(
                status=ServiceStatus.ACTIVE
            ).values_list("pk", "name")
        }
        form = ToolkitChoiceForm(request.POST, **form_args)
        if form.is_valid():
            try:
                saved = toolkit_actions.choose_toolkit_services(
                    partnership,
                    chosen_for,
                    form.chosen_in_order(),
                    seen=form.cleaned_data["seen"] or None,
                    by=_user(request),
                )
            except toolkit_actions.StaleToolkit:
                data = request.POST.copy()
                data["seen"] = seen  # the next save goes through, over what is saved now
                form = ToolkitChoiceForm(data, **form_args)
                form.is_valid()
                form.add_error(None, STALE)
            except ValidationError as error:  # a service stopped between the check and the save
                form.add_error(None, error)
            else:
                noun = "service" if len(saved) == 1 else "services"
                reader = AUDIENCE_TEXT[chosen_for].reader
                messages.success(
                    request, f"The toolkit for {reader} now lists {len(saved)} {noun}."
                )
                return redirect("directory:toolkit_audience", slug=slug, audience=audience)
    else:
        form = ToolkitChoiceForm(**form_args)
    boxes = {box.data["value"]: box for box in form["services"]}
    context |= {
        "form": form,
        "groups": [
            {
                "name": group.name,
                "items": [
                    {"service": s, "box": boxes[str(s.pk)], "place": form.place_field(s)}
                    for s in group.services
                ],
            }
            for group in grouped(services)
        ],
    }
    return render(request, "directory/toolkit/audience.html", context)


@login_required
@require_GET
def toolkit_pdf(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    partnership = member_partnership(_memberships(request), slug)
    return _pdf_response(request, partnership, audience_or_404(audience))


# --- The public --------------------------------------------------------------------------------
@require_GET
def public_toolkit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = public_partnership(slug)
    return render(
        request,
        "directory/toolkit/public.html",
        {"partnership": partnership, "audiences": _audiences(partnership)},
    )


@require_GET
def public_toolkit_pdf(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    # Limited per client address (PUBLIC_PDF_RATE): a PDF not yet in the cache is costly to make.
    if not allow(request, "public-pdf", settings.PUBLIC_PDF_RATE):
        return too_many_requests(request, settings.PUBLIC_PDF_RATE)
    partnership = public_partnership(slug)
    return _pdf_response(request, partnership, audience_or_404(audience))
