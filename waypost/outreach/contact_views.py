"""Street contact pages: the contact form (phone-first), recent contacts, contacts not yet
identified, one contact, and identifying the person on a contact. Thin views: access → form →
action."""

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Channel, Section
from waypost.lib.submit_once import already_saved_message, save_once
from waypost.outreach.contact_access import (
    RECORD_ROLES,
    ContactRead,
    get_contact_for_user,
    read_contacts,
    recording_agencies,
    recording_memberships,
    visible_contacts,
)
from waypost.outreach.contact_actions import (
    ContactAlreadyIdentified,
    identify_contact,
    record_street_contact,
)
from waypost.outreach.contact_forms import KNOWN, ContactForm, FindPersonForm
from waypost.outreach.models import Activity, Offer, Place, PlaceKind, StreetContact
from waypost.people import actions as people_actions
from waypost.people.access import record_listed
from waypost.people.forms import PersonCreateForm, carried_fields
from waypost.people.models import Person
from waypost.people.possible_matches import possible_existing_people
from waypost.people.search import search_people
from waypost.sharing.policy import access_for

PAGE_SIZE = 25
# People offered after "Find": enough for a common first name, few enough for a phone.
RESULTS_SHOWN = 10
ALREADY_IDENTIFIED = "Someone has already identified the person on this contact."


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _person_lookup(
    request: HttpRequest, partnership_ids: set[Any]
) -> Callable[[UUID], Person | None]:
    """Find a person the user may record a contact with: their identity is visible to the
    user (as in the people search) and they are in one of the user's recording partnerships."""

    def lookup(person_id: UUID) -> Person | None:
        return (
            Person.objects.visible_to(_user(request))
            .filter(pk=person_id, partnership_id__in=partnership_ids)
            .first()
        )

    return lookup


def _parse_uuid(raw: str | None) -> UUID | None:
    try:
        return UUID(raw or "")
    except ValueError:
        return None


def _person_option(person: Person) -> dict[str, Any]:
    hint = [f"Date of birth: {person.birth_date_display()}"]
    matched_on = getattr(person, "matched_on", "")
    if matched_on:
        hint.append(f"Found by: {matched_on}")
    return {"person": person, "hint": ". ".join(hint)}


# --- Recording a contact -------------------------------------------------------------------


@role_required(*RECORD_ROLES)
def contact_new(request: HttpRequest) -> HttpResponse:
    """The street contact form. "Find" looks the person up and shows the form again with what
    was typed; "Save" records the contact. `?person=<id>` starts with that person chosen."""
    route = "outreach:contact_new"
    memberships = _memberships(request)
    agencies = recording_agencies(memberships)
    partnership_ids = {a.partnership_id for a in agencies}
    places = list(
        Place.objects.filter(partnership_id__in=partnership_ids, is_active=True).select_related(
            "partnership"
        )
    )
    lookup = _person_lookup(request, partnership_ids)
    options = {"agencies": agencies, "places": places, "lookup_person": lookup}
    found: list[Person] | None = None  # the search's results (None: no search)
    chosen: Person | None = None
    if request.method != "POST":
        initial: dict[str, Any] = ContactForm.initial_time()
        person_id = _parse_uuid(request.GET.get("person"))
        chosen = lookup(person_id) if person_id else None
        if chosen is not None:
            initial.update(who=KNOWN, person=str(chosen.pk))
        form = ContactForm(initial=initial, **options)
    else:
        finding = request.POST.get("action") == "find"
        form = ContactForm(request.POST, checking=not finding, **options)
        person_id = _parse_uuid(request.POST.get("person"))
        chosen = lookup(person_id) if person_id else None
        text = request.POST.get("person_search", "").strip()
        if not finding and form.is_valid():
            try:
                saved = save_once(
                    request,
                    scope="street-contact",
                    save=lambda: record_street_contact(by=_user(request), **form.action_fields()),
                )
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                if saved.first:
                    messages.success(request, "Street contact recorded.")
                elif saved.same_answers:
                    messages.success(request, already_saved_message(saved, "street contact"))
                else:
                    messages.warning(request, already_saved_message(saved, "street contact"))
                return redirect("outreach:contact", contact_id=saved.result_id)
        # "Find", or saved with a name typed but nobody chosen yet: show who matches.
        if finding or (text and chosen is None and request.POST.get("who") == KNOWN):
            found = []
            if text:
                found = [
                    p
                    for p in search_people(_user(request), text, memberships=memberships)
                    if p.partnership_id in partnership_ids
                ][:RESULTS_SHOWN]
    people = ([chosen] if chosen is not None else []) + [
        p for p in found or [] if chosen is None or p.pk != chosen.pk
    ]
    if people:
        record_listed(
            _user(request),
            people,
            channel=Channel.SEARCH if found else Channel.PAGE,
            route=route,
            memberships=memberships,
        )
    return render(
        request,
        "outreach/contacts/new.html",
        {
            "form": form,
            "people": [_person_option(p) for p in people],
            "chosen_id": str(chosen.pk) if chosen is not None else "",
            "searched": found is not None,
            "search_text": request.POST.get("person_search", "").strip()
            if found is not None
            else "",
            "has_hotspots": any(p.kind == PlaceKind.HOTSPOT for p in places),
        },
    )


# --- Lists -----------------------------------------------------------------------------------


def _list(request: HttpRequest, contacts: Any, route: str) -> tuple[Any, list[Any]]:
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = read_contacts(_user(request), page.object_list, _memberships(request), route=route)
    return page, rows


@role_required(*RECORD_ROLES)
def contact_list(request: HttpRequest) -> HttpResponse:
    """Recent street contacts the user may see, newest first."""
    contacts = visible_contacts(_user(request), _memberships(request))
    page, rows = _list(request, contacts, "outreach:contacts")
    return render(
        request,
        "outreach/contacts/list.html",
        {
            "rows": rows,
            "page_obj": page,
            "unidentified_count": contacts.filter(person__isnull=True).count(),
        },
    )


@role_required(*RECORD_ROLES)
def unidentified_list(request: HttpRequest) -> HttpResponse:
    """Contacts with someone not identified yet, newest first, for the team to identify."""
    contacts = visible_contacts(_user(request), _memberships(request)).filter(person__isnull=True)
    page, rows = _list(request, contacts, "outreach:contacts_unidentified")
    return render(request, "outreach/contacts/unidentified.html", {"rows": rows, "page_obj": page})


# --- One contact -----------------------------------------------------------------------------


def _labels(codes: Sequence[str], choices: Any) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes]


@role_required(*RECORD_ROLES)
def contact_detail(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    read = get_contact_for_user(
        _user(request), contact_id, _memberships(request), route="outreach:contact"
    )
    contact = read.contact
    return render(
        request,
        "outreach/contacts/detail.html",
        {
            "read": read,
            "contact": contact,
            "activities": _labels(contact.activities, Activity),
            "offered": _labels(contact.offered, Offer),
            "accepted": _labels(contact.accepted, Offer),
            "can_identify": contact.person_id is None and read.agency is not None,
        },
    )


# --- Identifying the person ------------------------------------------------------------------


def _read_unidentified(
    request: HttpRequest, contact_id: UUID, route: str
) -> ContactRead | HttpResponse:
    """The contact, when it still waits to be identified and the user may identify it; else
    a redirect to the contact (already identified)."""
    read = get_contact_for_user(_user(request), contact_id, _memberships(request), route=route)
    if read.contact.person_id is not None:
        messages.info(request, ALREADY_IDENTIFIED)
        return redirect("outreach:contact", contact_id=read.contact.pk)
    if read.agency is None:
        raise Http404
    return read


@role_required(*RECORD_ROLES)
def contact_identify(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Find the person's record and link the contact to it (or go on to create a record)."""
    route = "outreach:contact_identify"
    read = _read_unidentified(request, contact_id, route)
    if isinstance(read, HttpResponse):
        return read
    contact = read.contact
    if request.method == "POST" and request.POST.get("person"):
        return _link_existing(request, read, request.POST["person"])
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    found: list[Person] | None = None
    if form.is_bound and form.is_valid():
        found = [
            p
            for p in search_people(
                _user(request), form.cleaned_data["q"], memberships=_memberships(request)
            )
            if p.partnership_id == contact.partnership_id
        ][: RESULTS_SHOWN * 2]
        record_listed(
            _user(request),
            found,
            channel=Channel.SEARCH,
            route=route,
            memberships=_memberships(request),
        )
    return render(
        request,
        "outreach/contacts/identify.html",
        {
            "contact": contact,
            "form": form,
            "found": [_person_option(p) for p in found] if found is not None else None,
        },
    )


def _link_existing(request: HttpRequest, read: ContactRead, raw_id: str) -> HttpResponse:
    person_id = _parse_uuid(raw_id)
    person = (
        _person_lookup(request, {read.contact.partnership_id})(person_id) if person_id else None
    )
    if person is None:
        raise Http404
    try:
        identify_contact(read.contact, person, by=_user(request), agency=read.agency)  # type: ignore[arg-type]
    except ContactAlreadyIdentified:
        messages.info(request, ALREADY_IDENTIFIED)
        return redirect("outreach:contact", contact_id=read.contact.pk)
    return _after_identifying(request, read.contact, person)


def _after_identifying(
    request: HttpRequest, contact: StreetContact, person: Person
) -> HttpResponse:
    """To the contact when the user may still see it (the person's sharing decides now)."""
    access = access_for(_user(request), person, recording_memberships(_memberships(request)))
    if access.can_see(Section.CONTACT, contact.recorded_by_agency_id):
        messages.success(request, "Contact linked to the person’s record.")
        return redirect("outreach:contact", contact_id=contact.pk)
    messages.success(
        request,
        "Contact linked to the person’s record. Their sharing permission does not let you see "
        "contacts other agencies recorded, so it is no longer listed for you.",
    )
    return redirect("outreach:contacts_unidentified")


@role_required(*RECORD_ROLES)
def contact_identify_new(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Create a record for the person on the contact: the possible-existing-person check
    first (as "Add a person" does), then link one of those records or create a new one."""
    route = "outreach:contact_identify_new"
    read = _read_unidentified(request, contact_id, route)
    if isinstance(read, HttpResponse):
        return read
    contact = read.contact
    agencies = recording_agencies(_memberships(request), contact.partnership_id)
    context: dict[str, Any] = {"contact": contact}
    if request.method != "POST":
        form = PersonCreateForm(agencies=agencies)
        return render(request, "outreach/contacts/identify_new.html", {**context, "form": form})
    form = PersonCreateForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "outreach/contacts/identify_new.html", {**context, "form": form})
    if not request.POST.get("confirmed"):
        candidates = possible_existing_people(
            _user(request),
            form,
            partnership_id=contact.partnership_id,
            route=route,
            memberships=_memberships(request),
        )
        if candidates:
            return render(
                request,
                "outreach/contacts/identify_matches.html",
                {**context, "candidates": candidates, "carried": carried_fields(request.POST)},
            )
    data = form.cleaned_data
    try:
        with transaction.atomic():
            person = people_actions.register_person(
                agency=data["agency"],
                by=_user(request),
                identifiers=form.identifiers(),
                **form.person_fields(),
            )
            identify_contact(contact, person, by=_user(request), agency=read.agency)  # type: ignore[arg-type]
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "outreach/contacts/identify_new.html", {**context, "form": form})
    except ContactAlreadyIdentified:
        messages.info(request, ALREADY_IDENTIFIED)
        return redirect("outreach:contact", contact_id=contact.pk)
    return _after_identifying(request, contact, person)
