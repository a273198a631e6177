"""The SWEP sweep pages, phone-first: the anticipated list for a night, recording what
happened with one person (and the bed they accepted), and someone found who was not known.

Thin views: access (sweep_access, people.access) → form → action (sweep_actions) → redirect.
Every person shown is in the access log; see sweep_access for what each user sees.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Channel, Section
from waypost.housing.placement_access import FactsRead, person_facts
from waypost.outreach.models import Place
from waypost.people.access import (
    PersonMoved,
    PersonWrite,
    get_person_for_section_write,
    name_for_write,
    record_contact,
)
from waypost.people.forms import carried_fields
from waypost.people.models import Person
from waypost.people.possible_matches import possible_existing_people
from waypost.swep import sweep_actions
from waypost.swep.models import SweepOutcome
from waypost.swep.sweep_access import (
    SHOW_ALL,
    SWEEP_ROLES,
    ActivationAccess,
    Beds,
    activation_nights,
    activation_title,
    free_emergency_units,
    get_activation_for_user,
    night_label,
    person_records,
    record_rows_shown,
    suitable_beds,
    sweep_entries,
    sweep_rows,
    tonight,
)
from waypost.swep.sweep_forms import SweepFilterForm, SweepNewPersonForm, SweepOutcomeForm

PAGE_SIZE = 25
# What was typed about someone new, kept (server side, in the session) while the user looks
# at possible existing records: linking one of them records it for that person.
DRAFT_KEY = "swep-new-person-{}"


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _reach(request: HttpRequest, activation_id: UUID) -> ActivationAccess:
    return get_activation_for_user(_memberships(request), activation_id, SWEEP_ROLES)


def _list_url(reach: ActivationAccess, night: date | None) -> str:
    url = reverse("swep:sweep", args=[reach.activation.pk])
    return f"{url}?{urlencode({'night': night.isoformat()})}" if night else url


def _night_from(raw: str | None, nights: Sequence[date]) -> date | None:
    try:
        night = date.fromisoformat(raw or "")
    except ValueError:
        return None
    return night if night in nights else None


# --- The list ------------------------------------------------------------------------------------


@role_required(*SWEEP_ROLES)
def sweep(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    reach = _reach(request, activation_id)
    activation = reach.activation
    now = timezone.now()
    nights = activation_nights(activation, now=now)
    form = SweepFilterForm(request.GET, nights=nights, default=tonight(nights, now=now))
    night, show = form.chosen()
    context: dict[str, Any] = {
        "activation": activation,
        "title": activation_title(activation),
        "reach": reach,
        "form": form,
        "night": night,
        "night_text": night_label(night) if night else "",
        "show": show,
        "several_nights": len(nights) > 1,
    }
    if night is None:
        return render(request, "swep/sweep/list.html", context | {"rows": []})
    entries = sweep_entries(_user(request), reach.memberships, activation, night=night, show=show)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = sweep_rows(list(page.object_list))
    record_rows_shown(
        _user(request),
        rows,
        channel=Channel.PAGE,
        route="swep:sweep",
        memberships=reach.memberships,
    )
    return render(
        request,
        "swep/sweep/list.html",
        context
        | {
            "rows": rows,
            "page_obj": page,
            "page_query": urlencode({"night": night.isoformat(), "show": show}),
            "is_filtered": show != SHOW_ALL,
            "show_label": dict(form.fields["show"].choices).get(show, ""),  # type: ignore[attr-defined]
        },
    )


# --- One person ----------------------------------------------------------------------------------


def _writer(request: HttpRequest, reach: ActivationAccess, person_id: UUID) -> PersonWrite:
    """The person and the acting agency: 404 for someone the user may not know of, in another
    partnership or whose processing is restricted; 403 without the housing history section."""
    write = get_person_for_section_write(
        _user(request), person_id, Section.HOUSING_HISTORY, reach.memberships
    )
    person = write.person
    if person.restricted_at is not None or person.partnership_id != reach.activation.partnership_id:
        raise Http404
    return write


def _name_shown(request: HttpRequest, write: PersonWrite, route: str) -> str:
    return name_for_write(_user(request), write, route=route)


@role_required(*SWEEP_ROLES)
def sweep_person(request: HttpRequest, activation_id: UUID, person_id: UUID) -> HttpResponse:
    route = "swep:sweep_person"
    reach = _reach(request, activation_id)
    activation = reach.activation
    try:
        write = _writer(request, reach, person_id)
    except PersonMoved as moved:
        return redirect(route, activation_id=activation.pk, person_id=moved.person_id)
    if request.method == "POST" and not reach.may_record:
        raise PermissionDenied
    person = write.person
    now = timezone.now()
    nights = activation_nights(activation, now=now)
    night = _night_from(request.GET.get("night"), nights) or tonight(nights, now=now)
    facts: FactsRead | None = None
    beds = Beds(swep=[], other=[])
    if reach.may_record:
        facts = person_facts(person, write.access, timezone.localdate())
        beds = suitable_beds(facts.facts, free_emergency_units(activation.partnership_id))
    initial = {"night": night.isoformat() if night else None}
    if request.GET.get("outcome") in SweepOutcome.values:
        initial["outcome"] = request.GET["outcome"]
    form = SweepOutcomeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        nights=nights,
        beds=beds,
    )
    if request.method == "POST" and form.is_valid() and facts is not None:
        data = form.cleaned_data
        try:
            if data["outcome"] == SweepOutcome.ACCEPTED:
                record = sweep_actions.accept_swep_bed(
                    activation,
                    person,
                    data["fit"].unit,
                    facts=facts.facts,
                    night=data["night"],
                    agency=write.agency,
                    by=_user(request),
                )
            else:
                record = sweep_actions.record_sweep_outcome(
                    activation,
                    person,
                    outcome=data["outcome"],
                    night=data["night"],
                    agency=write.agency,
                    by=_user(request),
                    declined_reason=data["declined_reason"],
                )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _saved_message(record))
            return redirect(_list_url(reach, data["night"]))
    records = person_records(write.access, activation, person)
    _record_person_page(request, write, records, facts, route)
    return render(
        request,
        "swep/sweep/person.html",
        {
            "activation": activation,
            "title": activation_title(activation),
            "reach": reach,
            "person": person,
            "name": _name_shown(request, write, route),
            "contact": record_contact(person),
            "records": records,
            "form": form,
            "facts": facts,
            "back": _list_url(reach, night),
        },
    )


def _saved_message(record: Any) -> str:
    night = night_label(record.night)
    if record.outcome == SweepOutcome.ACCEPTED:
        placement = record.placement
        return (
            f"Placed in {placement.unit.label} at {placement.scheme.name} for the night of {night}."
        )
    return f"Recorded “{SweepOutcome(record.outcome).label}” for the night of {night}."


def _record_person_page(
    request: HttpRequest,
    write: PersonWrite,
    records: Sequence[Any],
    facts: FactsRead | None,
    route: str,
) -> None:
    """The access log of the person page, in one INSERT: the sweep records shown, and what
    the bed choice was worked out from (shown beside it), beyond the name."""
    person_id = write.person.pk
    shown: list[tuple[str, str, Any]] = [
        (Section.HOUSING_HISTORY, "sweep_record", record.pk) for record in records
    ]
    if facts is not None:
        for section in sorted(facts.sections - {Section.IDENTITY}):
            if section == Section.SUPPORT and facts.needs is not None:
                shown.append((section, "housing_needs", facts.needs.pk))
            else:
                shown.append((section, "person", person_id))
    if shown:
        record_accesses(
            access_event(
                _user(request),
                channel=Channel.PAGE,
                section=section,
                subject_type=subject_type,
                subject_id=subject_id,
                person_id=person_id,
                agency=write.agency,
                route=route,
            )
            for section, subject_type, subject_id in shown
        )


# --- Someone new ---------------------------------------------------------------------------------


def _new_person_form(
    reach: ActivationAccess, data: QueryDict | None, nights: Sequence[date], night: date | None
) -> SweepNewPersonForm:
    places = list(
        Place.objects.filter(partnership_id=reach.activation.partnership_id, is_active=True)
    )
    return SweepNewPersonForm(
        data,
        initial={"night": night.isoformat() if night else None},
        agencies=reach.agencies,
        places=places,
        nights=nights,
    )


def _after_found(
    request: HttpRequest, reach: ActivationAccess, record: Any, *, accepted: bool, created: bool
) -> HttpResponse:
    """Back to the list; or, for someone who accepted a bed, on to choosing it."""
    done = "Record created and put on the by-name list. " if created else ""
    if accepted:
        messages.success(request, f"{done}Now choose the bed they accepted.")
        url = reverse("swep:sweep_person", args=[reach.activation.pk, record.person_id])
        query = urlencode({"night": record.night.isoformat(), "outcome": SweepOutcome.ACCEPTED})
        return redirect(f"{url}?{query}")
    messages.success(request, done + _saved_message(record))
    return redirect(_list_url(reach, record.night))


@role_required(*SWEEP_ROLES)
def sweep_new_person(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    """Someone found who is not on the list: the possible-existing-person step first (as "Add a
    person" does), then record it for the record they pick, or for a new record."""
    route = "swep:sweep_new_person"
    reach = _reach(request, activation_id)
    if not reach.may_record:
        raise Http404
    activation = reach.activation
    now = timezone.now()
    nights = activation_nights(activation, now=now)
    night = tonight(nights, now=now)
    draft_key = DRAFT_KEY.format(activation.pk)
    context: dict[str, Any] = {
        "activation": activation,
        "title": activation_title(activation),
        "back": _list_url(reach, night),
    }
    if request.POST.get("person"):
        return _link_existing(request, reach, request.POST["person"], nights, night, context)
    # Anything else starts afresh: what was kept for linking is not needed now.
    request.session.pop(draft_key, None)
    if request.method != "POST":
        form = _new_person_form(reach, None, nights, night)
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    form = _new_person_form(reach, request.POST, nights, night)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    if not request.POST.get("confirmed"):
        candidates = possible_existing_people(
            _user(request),
            cast(Any, form),
            partnership_id=activation.partnership_id,
            route=route,
            memberships=reach.memberships,
        )
        if candidates:
            carried = carried_fields(request.POST, skip=("person",))
            request.session[draft_key] = carried
            return render(
                request,
                "swep/sweep/new_person_matches.html",
                context | {"candidates": candidates, "carried": carried},
            )
    data = form.cleaned_data
    try:
        record = sweep_actions.record_new_person_found(
            activation,
            person_fields=form.person_fields(),
            found=form.found(),
            outcome=data["outcome"],
            night=data["night"],
            agency=data["agency"],
            by=_user(request),
            declined_reason=data["declined_reason"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    return _after_found(
        request, reach, record, accepted=data["outcome"] == SweepOutcome.ACCEPTED, created=True
    )


def _link_existing(
    request: HttpRequest,
    reach: ActivationAccess,
    raw_id: str,
    nights: Sequence[date],
    night: date | None,
    context: dict[str, Any],
) -> HttpResponse:
    """The user picked an existing record: record what they typed for that person."""
    try:
        person_id = UUID(raw_id)
    except ValueError:
        raise Http404 from None
    person = (
        Person.objects.visible_to(_user(request))
        .filter(pk=person_id, partnership_id=reach.activation.partnership_id)
        .first()
    )
    if person is None:
        raise Http404
    _writer(request, reach, person.pk)  # 404/403 unless they may add to the record
    draft = request.session.pop(DRAFT_KEY.format(reach.activation.pk), None)
    data = QueryDict(mutable=True)
    for name, value in draft or []:
        data.appendlist(name, value)
    if not draft:
        messages.info(request, "Enter what happened again: what you typed was not kept.")
        form = _new_person_form(reach, None, nights, night)
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    form = _new_person_form(reach, data, nights, night)
    if not form.is_valid():
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    cleaned = form.cleaned_data
    try:
        record = sweep_actions.record_person_found(
            reach.activation,
            person,
            found=form.found(),
            outcome=cleaned["outcome"],
            night=cleaned["night"],
            agency=cleaned["agency"],
            by=_user(request),
            declined_reason=cleaned["declined_reason"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return render(request, "swep/sweep/new_person.html", context | {"form": form})
    return _after_found(
        request, reach, record, accepted=cleaned["outcome"] == SweepOutcome.ACCEPTED, created=False
    )


def _add_errors(form: SweepNewPersonForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.message_dict.items():
        for message in errors:
            form.add_error(key if key in form.fields else None, message)
