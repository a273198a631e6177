"""Housing First pages: the pipeline (the target, figures and the open cases), referring
someone, a case with its stages and next step, closing a case, and the housing settings.

Thin views: access (housing_first_access) → form (housing_first_forms) → action
(housing_first_actions) → redirect. Who may do what is in housing_first_access.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, User
from waypost.accounts.roles import role_required
from waypost.housing import housing_first_actions as actions
from waypost.housing.housing_first_access import (
    MOVE_ROLES,
    PANEL_ROLES,
    PIPELINE_ROLES,
    READ_ROLES,
    REFER_ROLES,
    SECTION,
    SETTINGS_ROLES,
    CaseRead,
    get_case_for_user,
    get_person_for_referral,
    has_housing_first_agreement,
    housing_settings_for,
    open_case_for,
    open_cases,
    partnerships_for,
    record_cases_listed,
    sees_cases_in,
)
from waypost.housing.housing_first_figures import (
    OPEN_STAGES,
    days_between,
    days_text,
    housing_first_figures,
    pipeline_steps,
    stage_times,
)
from waypost.housing.housing_first_forms import (
    CaseStepForm,
    CloseForm,
    EligibilityForm,
    HousingSettingsForm,
    OfferForm,
    PanelForm,
    ReferralForm,
    TenancyForm,
)
from waypost.housing.models import HousingFirstCase, HousingFirstStage, PanelDecision
from waypost.people.access import PersonWrite, name_for_write
from waypost.people.views import follows_merges

PAGE_SIZE = 25
STEP_FORMS: dict[str, type[CaseStepForm]] = {
    "eligibility": EligibilityForm,
    "panel": PanelForm,
    "offer": OfferForm,
    "tenancy": TenancyForm,
}
STEP_TITLES = {
    "eligibility": "Check eligibility",
    "panel": "Record the panel’s decision",
    "offer": "Offer a property",
    "tenancy": "Start the tenancy",
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _chosen_partnership(request: HttpRequest, partnerships: Sequence[Partnership]) -> Partnership:
    """The partnership asked for (?partnership=slug, or the form's), else the first; 404 for
    one the user does not work in."""
    slug = request.POST.get("partnership") or request.GET.get("partnership") or ""
    if not slug:
        return partnerships[0]
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership
    raise Http404


# --- The pipeline --------------------------------------------------------------------------------


@dataclass
class CaseRow:
    case: HousingFirstCase
    name: str
    days: int


@role_required(*PIPELINE_ROLES)
def pipeline(request: HttpRequest) -> HttpResponse:
    """The target and figures for everyone who may see them; the open cases, by stage, for
    staff whose role covers housing history (names only where identity is visible)."""
    memberships = _memberships(request)
    partnerships = partnerships_for(memberships, PIPELINE_ROLES)
    partnership = _chosen_partnership(request, partnerships)
    now = timezone.now()
    figures = housing_first_figures(partnership.pk, now=now)
    context: dict[str, Any] = {
        "partnership": partnership,
        "partnerships": partnerships,
        "figures": figures,
        "progress_value": min(figures.housed, figures.target),
        "stage_rows": [
            (s, days_text(s.median_days), days_text(s.longest_days)) for s in figures.stages
        ],
        "median_to_tenancy": days_text(figures.median_days_to_tenancy),
        "shows_cases": sees_cases_in(memberships, partnership.pk),
        "may_configure": partnership in partnerships_for(memberships, SETTINGS_ROLES),
    }
    if context["shows_cases"]:
        stage = request.GET.get("stage", "")
        stage = stage if stage in OPEN_STAGES else ""
        cases = open_cases(_user(request), memberships, partnership, stage=stage)
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        shown: list[HousingFirstCase] = list(page.object_list)
        record_cases_listed(_user(request), shown, memberships, route=_route(request))
        in_scope = next((s.cases for s in figures.stages if s.stage == stage), None)
        total = figures.open_cases if not stage else (in_scope or 0)
        query = [("partnership", partnership.slug)] if len(partnerships) > 1 else []
        query += [("stage", stage)] if stage else []
        context.update(
            rows=[
                CaseRow(
                    case=case,
                    name=case.person.display_name if case.name_visible else "",  # type: ignore[attr-defined]
                    days=days_between(case.stage_since, now),
                )
                for case in shown
            ],
            page_obj=page,
            stage=stage,
            stage_label=str(HousingFirstStage(stage).label) if stage else "",
            stage_choices=[(s.value, s.label) for s in OPEN_STAGES],
            not_shown=max(total - page.paginator.count, 0),
            query=urlencode(query),
        )
    return render(request, "housing/housing_first/pipeline.html", context)


# --- Referring -----------------------------------------------------------------------------------


def _name_for_write(request: HttpRequest, write: PersonWrite) -> str:
    return name_for_write(_user(request), write, route=_route(request))


@role_required(*REFER_ROLES)
@follows_merges
def refer(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Refer someone to Housing First (one case at a time: an open case is pointed to)."""
    write = get_person_for_referral(_user(request), person_id, _memberships(request))
    person = write.person
    form = ReferralForm(request.POST or None)
    existing = open_case_for(person)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            case = actions.refer_to_housing_first(
                person,
                reason=form.cleaned_data["reason"],
                referred_on=form.cleaned_data["referred_on"],
                agency=write.agency,
                by=_user(request),
            )
        except actions.AlreadyReferred as already:
            existing = already.case
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Referred to Housing First.")
            return redirect("housing:hf_case", case_id=case.pk)
    sees_existing = existing is not None and write.access.can_see(
        SECTION, existing.recorded_by_agency_id
    )
    return render(
        request,
        "housing/housing_first/refer.html",
        {
            "form": form,
            "person": person,
            "name": _name_for_write(request, write),
            "agency": write.agency,
            "existing": existing,
            "sees_existing": sees_existing,
        },
    )


# --- A case --------------------------------------------------------------------------------------


def _read(request: HttpRequest, case_id: UUID) -> CaseRead:
    return get_case_for_user(_user(request), case_id, _memberships(request), route=_route(request))


def _step_allowed(case: HousingFirstCase, step: str, read: CaseRead) -> bool:
    """Whether `step` is the one the case waits for (or a new offer while at the offer)."""
    if step == "offer" and case.stage == HousingFirstStage.OFFER:
        return True
    return step == read.step


def _render_case(
    request: HttpRequest,
    read: CaseRead,
    *,
    step: str = "",
    form: CaseStepForm | None = None,
    problems: Sequence[str] = (),
) -> HttpResponse:
    case = read.case
    step = step or read.step
    restricted = read.person.restricted_at is not None
    acting = read.acting_for(step) if step and not restricted else None
    if form is None and acting is not None:
        form = STEP_FORMS[step](case=case)
    changes = case.changes.values_list("stage", "changed_at")
    steps = pipeline_steps(stage_times(changes), closed=case.stage == HousingFirstStage.CLOSED)
    home = case.property
    return render(
        request,
        "housing/housing_first/case.html",
        {
            "read": read,
            "case": case,
            "name": read.name,
            "steps": steps,
            "step": step,
            "step_title": STEP_TITLES.get(step, ""),
            "form": form,
            "acting": acting,
            "problems": problems,
            "home": home,
            "home_has_agreement": home is not None and has_housing_first_agreement(home),
            "tenancy": case.tenancy if read.shows_tenancy else None,
            "restricted": restricted,
            "may_close": read.mover is not None
            and not restricted
            and case.stage not in (HousingFirstStage.TENANCY, HousingFirstStage.CLOSED),
            "may_reoffer": read.mover is not None
            and not restricted
            and case.stage == HousingFirstStage.OFFER
            and step != "offer",
            "deferred": case.stage == HousingFirstStage.PANEL
            and case.panel_decision == PanelDecision.DEFERRED,
        },
    )


@role_required(*READ_ROLES)
def case_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _render_case(request, _read(request, case_id))


def _take_step(
    request: HttpRequest, form: CaseStepForm, step: str, read: CaseRead
) -> HousingFirstCase:
    agency = read.acting_for(step)
    assert agency is not None
    data = form.cleaned_data
    common: dict[str, Any] = {"version": data["version"], "agency": agency, "by": _user(request)}
    case = read.case
    if step == "eligibility":
        return actions.record_eligibility(
            case, eligible=data["eligible"] == "yes", notes=data["notes"], **common
        )
    if step == "panel":
        return actions.record_panel_decision(
            case,
            panel_on=data["panel_on"],
            decision=data["decision"],
            reason=data["reason"],
            **common,
        )
    if step == "offer":
        return actions.offer_property(
            case, home=data["property"], offered_on=data["offered_on"], **common
        )
    return actions.start_housing_first_tenancy(
        case,
        started_on=data["started_on"],
        floating_support=data["floating_support"] == "yes",
        floating_support_agency=data["floating_support_agency"],
        **common,
    )


SUCCESS = {
    HousingFirstStage.ELIGIBILITY: "Eligibility recorded: the case now waits for the panel.",
    HousingFirstStage.PANEL: "Panel decision recorded.",
    HousingFirstStage.OFFER: "Property offer recorded.",
    HousingFirstStage.TENANCY: "Tenancy started: they are housed through Housing First.",
    HousingFirstStage.CLOSED: "The case is closed.",
}


def _step_view(step: str, roles: Sequence[str]) -> Callable[..., HttpResponse]:
    @role_required(*roles)  # type: ignore[arg-type]
    def view(request: HttpRequest, case_id: UUID) -> HttpResponse:
        read = _read(request, case_id)
        case = read.case
        if read.acting_for(step) is None:
            raise PermissionDenied
        if read.person.restricted_at is not None:  # kept, not processed (UK GDPR Art. 18)
            raise Http404
        if request.method != "POST":
            if step == "offer" and _step_allowed(case, step, read):
                return _render_case(request, read, step=step)
            return redirect("housing:hf_case", case_id=case.pk)
        if not _step_allowed(case, step, read):
            problem = (
                f"This case is at “{case.get_stage_display()}”, so "
                f"“{STEP_TITLES[step].lower()}” cannot be done now. Nothing was saved."
            )
            return _render_case(request, read, problems=[problem])
        form = STEP_FORMS[step](request.POST, case=case)
        if form.is_valid():
            try:
                moved = _take_step(request, form, step, read)
            except actions.StaleCase:
                return _stale(request, case_id, step)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, SUCCESS[HousingFirstStage(moved.stage)])
                return redirect("housing:hf_case", case_id=case.pk)
        return _render_case(request, read, step=step, form=form)

    view.__name__ = f"hf_{step}"
    return view


def _stale(request: HttpRequest, case_id: UUID, step: str) -> HttpResponse:
    """The case as it is now, with the stale-change message. When the same step is still
    next, the form keeps what the user typed (checked next time against the new version)."""
    read = _read(request, case_id)
    case = read.case
    form = None
    if _step_allowed(case, step, read) and read.acting_for(step) is not None:
        data = request.POST.copy()
        data["version"] = str(case.version)
        form = STEP_FORMS[step](data, case=case)
        form.is_valid()
    else:
        step = ""
    return _render_case(request, read, step=step, form=form, problems=[actions.STALE_MESSAGE])


eligibility = _step_view("eligibility", MOVE_ROLES)
panel = _step_view("panel", PANEL_ROLES)
offer = _step_view("offer", MOVE_ROLES)
tenancy = _step_view("tenancy", MOVE_ROLES)


@role_required(*MOVE_ROLES)
def close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Close a case before a tenancy, with the reason."""
    read = _read(request, case_id)
    case = read.case
    if read.mover is None:
        raise PermissionDenied
    if read.person.restricted_at is not None:
        raise Http404
    if case.stage in (HousingFirstStage.TENANCY, HousingFirstStage.CLOSED):
        return redirect("housing:hf_case", case_id=case.pk)
    form = CloseForm(request.POST if request.method == "POST" else None, case=case)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case(
                case,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                agency=read.mover,
                by=_user(request),
            )
        except actions.StaleCase:
            read = _read(request, case_id)
            case = read.case
            if case.stage in (HousingFirstStage.TENANCY, HousingFirstStage.CLOSED):
                messages.info(request, actions.STALE_MESSAGE)
                return redirect("housing:hf_case", case_id=case.pk)
            data = request.POST.copy()
            data["version"] = str(case.version)
            form = CloseForm(data, case=case)
            form.is_valid()
            problems.append(actions.STALE_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, SUCCESS[HousingFirstStage.CLOSED])
            return redirect("housing:hf_case", case_id=case.pk)
    return render(
        request,
        "housing/housing_first/close.html",
        {"case": case, "name": read.name, "form": form, "problems": problems},
    )


# --- Settings ------------------------------------------------------------------------------------


@role_required(*SETTINGS_ROLES)
def housing_settings(request: HttpRequest) -> HttpResponse:
    """The partnership's Housing First target and room for all's window for new people."""
    memberships = _memberships(request)
    partnerships = partnerships_for(memberships, SETTINGS_ROLES)
    partnership = _chosen_partnership(request, partnerships)
    current = housing_settings_for(partnership)
    if request.method == "POST":
        form = HousingSettingsForm(request.POST)
        if form.is_valid():
            saved = actions.save_housing_settings(
                partnership,
                housing_first_target=form.cleaned_data["housing_first_target"],
                new_people_window_days=form.cleaned_data["new_people_window_days"],
                by=_user(request),
            )
            people = "person" if saved.housing_first_target == 1 else "people"
            messages.success(
                request,
                f"Saved. The Housing First target for {partnership.name} is "
                f"{saved.housing_first_target:,} {people}. Room for all works out the rate "
                f"of new people over {saved.new_people_window_days} days.",
            )
            url = reverse("housing:settings")
            if len(partnerships) > 1:
                url += "?" + urlencode({"partnership": partnership.slug})
            return redirect(url)
    else:
        form = HousingSettingsForm.for_settings(current)
    return render(
        request,
        "housing/housing_first/settings.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "current": current,
            "shows_pipeline_link": partnership in partnerships_for(memberships, PIPELINE_ROLES),
        },
    )
