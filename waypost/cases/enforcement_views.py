"""Enforcement pages: record enforcement against someone on the by-name list (the charter of
care checked first), a person's enforcement history, and the partnership's recent enforcement
for coordinators. Thin views: access → form → action. Who may do what is in
waypost.cases.enforcement_access.
"""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.accounts.roles import role_required
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.charter import OFFER_WINDOW_DAYS, charter_for
from waypost.cases.enforcement_access import (
    SECTION,
    acting_agency,
    coordinator_partnership_ids,
    get_person_for_enforcement,
    record_enforcement_shown,
    recorder_memberships,
    recording_memberships_for,
)
from waypost.cases.enforcement_actions import CharterNotMet, record_enforcement
from waypost.cases.enforcement_forms import CHARTER_REFUSAL, EnforcementForm
from waypost.cases.models import EnforcementAction
from waypost.outreach.models import Offer
from waypost.people.access import find_person, record_listed
from waypost.people.matching.visibility import access_for_many
from waypost.people.views import follows_merges
from waypost.sharing.policy import FRONTLINE_ROLES

PER_PAGE = 25

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def recorder_required(view: View) -> View:
    """Signed in, and allowed to record enforcement somewhere; 403 otherwise."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recorder_memberships(_memberships(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _name(request: HttpRequest, person: Any, access: Any, agency: Any) -> str:
    """The person's name when the user may see it (the read is recorded), else ""."""
    if not access.can_see(Section.IDENTITY, person.recorded_by_agency_id):
        return ""
    record_access(
        _user(request),
        channel=Channel.PAGE,
        section=Section.IDENTITY,
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
        agency=agency,
        route=_route(request),
    )
    return str(person.display_name)


@recorder_required
@follows_merges
def enforcement_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Record enforcement against someone on the by-name list, once support is on record."""
    write = get_person_for_enforcement(_user(request), person_id, _memberships(request))
    person = write.person
    context: dict[str, Any] = {
        "person": person,
        "name": _name(request, person, write.access, write.agency),
        "entry": write.entry,
    }
    if not write.is_on_list:
        return render(request, "cases/enforcement/not_on_list.html", context)
    form = EnforcementForm(request.POST or None, person=person, may_override=write.may_override)
    if request.method == "POST" and form.is_valid():
        try:
            record_enforcement(
                person,
                kind=form.cleaned_data["kind"],
                taken_on=form.cleaned_data["taken_on"],
                details=form.cleaned_data["details"],
                agency=write.agency,
                by=_user(request),
                override_reason=form.override_reason,
            )
        except CharterNotMet as refused:  # support was withdrawn meanwhile
            for missing in refused.missing:
                form.add_error(None, CHARTER_REFUSAL.format(missing=missing))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Enforcement recorded.")
            return redirect("cases:person_enforcement", person_id=person.pk)
    charter = form.charter or charter_for(person)
    # The page says whether support is on record: a fact from the support and contact
    # sections, recorded as a read of the person's support section.
    record_access(
        _user(request),
        channel=Channel.PAGE,
        section=Section.SUPPORT,
        subject_type="charter_check",
        subject_id=person.pk,
        person_id=person.pk,
        agency=write.agency,
        route=_route(request),
    )
    context.update(
        form=form,
        charter=charter,
        may_override=write.may_override,
        window_days=OFFER_WINDOW_DAYS,
        agency=write.agency,
    )
    return render(request, "cases/enforcement/new.html", context)


def support_lines(action: EnforcementAction) -> list[str]:
    """The support on record when the action was recorded, in words (from the snapshot)."""
    lines = []
    for item in action.support_on_record or []:
        on = _date_text(item.get("on", ""))
        if item.get("source") == "street_contact":
            offered = ", ".join(_offer_label(code) for code in item.get("offered", []))
            lines.append(f"Street contact on {on}: offered {offered.lower()}")
        elif item.get("source") == "plan_action":
            status = "done" if item.get("status") == "done" else "open"
            lines.append(
                f"Support plan action recorded on {on} ({status}, due "
                f"{_date_text(item.get('due_on', ''))})"
            )
    return lines


def _offer_label(code: str) -> str:
    return str(Offer(code).label) if code in Offer.values else code


def _date_text(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%-d %B %Y")
    except ValueError:
        return value


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_enforcement(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The enforcement recorded against one person that the user may see, newest first, with
    the support on record at the time and any override."""
    memberships = _memberships(request)
    person, access = find_person(_user(request), person_id, memberships)
    if not access.can_see_any(SECTION):
        raise PermissionDenied
    rows = access.filter_records(
        EnforcementAction.objects.filter(person=person), SECTION
    ).select_related("recorded_by_agency", "overridden_by")
    page = Paginator(rows.order_by("-taken_on", "-recorded_at"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown: list[EnforcementAction] = list(page.object_list)
    agency = acting_agency(memberships, person.partnership_id)
    record_enforcement_shown(_user(request), shown, agency=agency, route=_route(request))
    return render(
        request,
        "cases/enforcement/person.html",
        {
            "person": person,
            "name": _name(request, person, access, agency),
            "rows": [(action, support_lines(action)) for action in shown],
            "page_obj": page,
            "is_partial": access.is_partial(SECTION),
            "may_record": bool(recording_memberships_for(memberships, person, access)),
        },
    )


@role_required(Role.COORDINATOR)
def enforcement_list(request: HttpRequest) -> HttpResponse:
    """The partnership's recent enforcement for coordinators, newest first, overrides flagged;
    `?overridden=1` shows only overrides. Names only where the policy lets the coordinator see
    both the record and the person's identity."""
    memberships = _memberships(request)
    partnership_ids = coordinator_partnership_ids(memberships)
    only_overrides = request.GET.get("overridden") == "1"
    actions = EnforcementAction.objects.filter(
        person__partnership_id__in=partnership_ids,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
    )
    if only_overrides:
        actions = actions.exclude(override_reason="")
    page = Paginator(
        actions.select_related("person", "recorded_by_agency", "person__partnership").order_by(
            "-taken_on", "-recorded_at", "id"
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    shown: list[EnforcementAction] = list(page.object_list)
    people = {a.person_id: a.person for a in shown}
    accesses = access_for_many(
        _user(request),
        people.values(),
        memberships,
        sections={Section.IDENTITY, SECTION},
    )
    rows = []
    named = {}
    for action in shown:
        access = accesses[action.person_id]
        person = action.person
        visible = access.can_see(SECTION, action.recorded_by_agency_id) and access.can_see(
            Section.IDENTITY, person.recorded_by_agency_id
        )
        if visible:
            named[person.pk] = person
        rows.append({"action": action, "name": person.display_name if visible else ""})
    for partnership_id in {a.person.partnership_id for a in shown}:
        agency = acting_agency(memberships, partnership_id)
        here = [a for a in shown if a.person.partnership_id == partnership_id]
        record_enforcement_shown(_user(request), here, agency=agency, route=_route(request))
    record_listed(
        _user(request),
        named.values(),
        channel=Channel.PAGE,
        route=_route(request),
        memberships=memberships,
    )
    return render(
        request,
        "cases/enforcement/list.html",
        {
            "rows": rows,
            "page_obj": page,
            "only_overrides": only_overrides,
            "query": "overridden=1" if only_overrides else "",
            "show_partnership": len(partnership_ids) > 1,
            "today": timezone.localdate(),
        },
    )
