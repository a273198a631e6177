"""A person's assessments and tier: the list, a new assessment, one assessment, and the tier
with why. Thin views: access → form → action; what each user may see is decided in
assessment_access.py."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Section
from waypost.cases.assessment_access import (
    get_assessment_for_user,
    get_tier_for_user,
    list_assessments_for_user,
)
from waypost.cases.assessment_actions import record_assessment
from waypost.cases.assessment_forms import AssessmentForm
from waypost.cases.models import DOMAIN_SECTIONS, Domain, Tier
from waypost.people.access import PersonWrite
from waypost.people.views import follows_merges, name_for_heading, writer_for
from waypost.sharing.policy import FRONTLINE_ROLES, ROLE_SECTIONS

# What each tier means for the person, in the partnership's words.
TIER_RESPONSES = {tier.value: tier.label.split(": ", 1)[1] for tier in Tier}


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _name(request: HttpRequest, person: object, access: object, agency: object) -> str:
    """The person's name for the caption, when the user may see it (that read is logged)."""
    return name_for_heading(request, PersonWrite(person, access, agency))  # type: ignore[arg-type]


@role_required(*FRONTLINE_ROLES)
@follows_merges
def assessment_list(request: HttpRequest, person_id: UUID) -> HttpResponse:
    read = list_assessments_for_user(
        _user(request),
        person_id,
        _memberships(request),
        route="cases:assessments",
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "cases/assessments/list.html",
        {
            "person": read.person,
            "name": _name(request, read.person, read.access, read.agency),
            "assessments": read.page.object_list,
            "page_obj": read.page,
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def assessment_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SUPPORT)
    # The domains the acting agency's role covers: an outreach worker is not asked about
    # offending, which their role may not record.
    sections = set().union(
        *(
            ROLE_SECTIONS[m.role]
            for m in _memberships(request)
            if m.agency_id == write.agency.pk and m.role in ROLE_SECTIONS
        )
    )
    domains = [d for d in Domain.values if DOMAIN_SECTIONS[d] in sections]
    left_out = [Domain(d).label for d in Domain.values if d not in domains]
    form = AssessmentForm(
        request.POST or None,
        domains=domains,
        can_warn=Section.SAFEGUARDING in sections,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = record_assessment(
                write.person,
                answers=form.answers(),
                assessed_on=data["assessed_on"],
                summary=data["summary"],
                staff_warning=data.get("staff_warning", ""),
                by=_user(request),
                agency=write.agency,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assessment saved. The person’s tier has been worked out.")
            return redirect(
                "cases:assessment", person_id=write.person.pk, assessment_id=assessment.pk
            )
    return render(
        request,
        "cases/assessments/new.html",
        {
            "form": form,
            "person": write.person,
            "name": name_for_heading(request, write),
            "agency": write.agency,
            "left_out": left_out,
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def assessment_detail(request: HttpRequest, person_id: UUID, assessment_id: UUID) -> HttpResponse:
    read = get_assessment_for_user(
        _user(request), person_id, assessment_id, _memberships(request), route="cases:assessment"
    )
    return render(
        request,
        "cases/assessments/detail.html",
        {
            "read": read,
            "person": read.person,
            "assessment": read.assessment,
            "name": _name(request, read.person, read.access, read.agency),
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_tier(request: HttpRequest, person_id: UUID) -> HttpResponse:
    read = get_tier_for_user(
        _user(request),
        person_id,
        _memberships(request),
        route="cases:tier",
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "cases/threshold/tier.html",
        {
            "read": read,
            "person": read.person,
            "name": _name(request, read.person, read.access, read.agency),
            "history": read.history.object_list,
            "page_obj": read.history,
            "response": TIER_RESPONSES[read.current.tier] if read.current else "",
        },
    )
