"""The referrer's pages: send a Duty to Refer referral, the confirmation, "Referrals you sent"
and one of them as the referrer sees it (what they sent and what became of it; never triage,
reconnection or the person's record). Thin views: access → form → action."""

from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waypost.accounts.models import Agency, User
from waypost.accounts.roles import role_required
from waypost.people.forms import carried_fields
from waypost.referrals.models import Discharge, Duty, Referral, ReferralSource
from waypost.referrals.referral_access import (
    REFERRING_ROLES,
    ReferralRead,
    get_referral_for_user,
    is_triage_team,
    record_referrals_listed,
    referrer_q,
    referring_memberships,
)
from waypost.referrals.referral_actions import make_referral
from waypost.referrals.referrer_forms import ReferralForm, initial_for

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> Any:
    return request.memberships  # type: ignore[attr-defined]


def referring_agencies(memberships: Any) -> list[Agency]:
    """The agencies the user may refer for, each once, in the order of their memberships."""
    seen: dict[Any, Agency] = {}
    for m in referring_memberships(memberships):
        seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


def read_sent(request: HttpRequest, referral_id: UUID, *, route: str) -> ReferralRead:
    """A referral the user's referring agency sent, read through the access door (which logs
    it); 404 when it is missing or another agency's, even for its triage team."""
    memberships = _memberships(request)
    if not Referral.objects.filter(referrer_q(memberships), pk=referral_id).exists():
        raise Http404
    return get_referral_for_user(_user(request), referral_id, memberships, route=route)


def referrer_outcomes(referral: Referral) -> dict[str, Any]:
    """What the referrer may know of what became of a referral: duties with their outcome
    labels (never the caseworker's notes) and the discharge plan's result."""
    discharge: Discharge | None = getattr(referral, "discharge", None)
    return {"duties": list(referral.duties.all()), "discharge": discharge}


def with_outcomes(referrals: Any) -> Any:
    """The referrals with what the referrer's views show, in a fixed number of queries."""
    return referrals.select_related(
        "referring_agency", "lead_agency", "discharge"
    ).prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("started_on", "id")))


# --- Sending a referral ------------------------------------------------------------------------


@role_required(*REFERRING_ROLES)
def new(request: HttpRequest) -> HttpResponse:
    """The Duty to Refer form. The same person from the same agency within a day answers
    with the earlier referral instead of counting a new one."""
    agencies = referring_agencies(_memberships(request))
    if request.method != "POST":
        form = ReferralForm(initial=initial_for(_user(request), agencies[0]), agencies=agencies)
        return render(request, "referrals/referrer/new.html", {"form": form})
    form = ReferralForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "referrals/referrer/new.html", {"form": form})
    result = make_referral(
        by=_user(request),
        agency=form.chosen_agency,
        partnership=form.cleaned_data["partnership"],
        source=ReferralSource.WEB,
        discharge=form.discharge_fields(),
        **form.referral_fields(),
    )
    if result.created:
        return redirect("referrals:sent", referral_id=result.referral.pk)
    read = get_referral_for_user(
        _user(request), result.referral.pk, _memberships(request), route="referrals:new"
    )
    return render(
        request,
        "referrals/referrer/already_sent.html",
        {"referral": read.referral, "carried": carried_fields(request.POST)},
    )


@role_required(*REFERRING_ROLES)
def sent(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """The confirmation: the reference and what happens next."""
    read = read_sent(request, referral_id, route="referrals:sent")
    return render(request, "referrals/referrer/sent.html", {"referral": read.referral})


# --- Referrals you sent ------------------------------------------------------------------------


@role_required(*REFERRING_ROLES)
def mine(request: HttpRequest) -> HttpResponse:
    """The referrals of the user's referring agencies, newest first, with their outcomes."""
    memberships = _memberships(request)
    referrals = with_outcomes(
        Referral.objects.filter(referrer_q(memberships)).order_by("-received_at", "-id")
    )
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    shown: list[Referral] = list(page.object_list)
    record_referrals_listed(_user(request), shown, memberships, route="referrals:mine")
    return render(
        request,
        "referrals/referrer/mine.html",
        {
            "rows": [{"referral": r, **referrer_outcomes(r)} for r in shown],
            "page_obj": page,
            "show_agency": len(referring_agencies(memberships)) > 1,
        },
    )


@role_required(*REFERRING_ROLES)
def sent_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """One referral as its referrer sees it."""
    read = read_sent(request, referral_id, route="referrals:sent_detail")
    referral = read.referral
    return render(
        request,
        "referrals/referrer/detail.html",
        {
            "referral": referral,
            **referrer_outcomes(referral),
            "is_triage_team": is_triage_team(_memberships(request), referral.partnership_id),
        },
    )
