"""The person pages: list and search, create (with possible existing people), the person
record by section, and changing the fields on it. Thin views: access → form → action.

The pages that add records to a section are in record_views.py.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waypost.accounts.models import Agency, Role
from waypost.accounts.roles import role_required
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.lib.submit_once import Saved, already_saved_message, save_once, saved_before
from waypost.people import actions
from waypost.people.access import (
    HIDDEN_BY_AGREEMENT,
    HIDDEN_BY_CONSENT,
    HIDDEN_BY_ROLE,
    PersonMoved,
    PersonWrite,
    RestrictedExport,
    get_person_for_section_write,
    read_person,
    record_listed,
)
from waypost.people.forms import (
    IdentityForm,
    ImmigrationForm,
    LocalConnectionForm,
    PersonCreateForm,
    PersonSearchForm,
    carried_fields,
)
from waypost.people.matching import find_candidates
from waypost.people.models import (
    NOTE_SECTIONS,
    IdentifierKind,
    Person,
)
from waypost.people.person_links import person_links
from waypost.people.record_pdf import render_person_pdf
from waypost.people.search import search_people
from waypost.sharing.panel import sharing_panel
from waypost.sharing.policy import FRONTLINE_ROLES, PERSON_SECTIONS, ROLE_SECTIONS

PAGE_SIZE = 25
CREATE_SCOPE = "people-create"  # for submit_once
CONFLICT_MESSAGE = (
    "Someone else changed this record while you were editing it. "
    "Check their changes, then make yours again."
)
# Who may name a person's lead worker: the roles that hold cases.
LEAD_WORKER_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER})
IDENTITY_ROLES = [r for r, sections in ROLE_SECTIONS.items() if Section.IDENTITY in sections]

View = Callable[..., HttpResponse]


def follows_merges(view: View) -> View:
    """A merged record's pages send the user to the record it was merged into."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PersonMoved as moved:
            messages.info(request, "That record was merged into this one.")
            return redirect("people:detail", person_id=moved.person_id)

    return wrapped


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def writer_for(
    request: HttpRequest, person_id: UUID, section: Section, *, needs_person_fields: bool = False
) -> PersonWrite:
    return get_person_for_section_write(
        request.user,  # type: ignore[arg-type]
        person_id,
        section,
        request.memberships,  # type: ignore[attr-defined]
        needs_person_fields=needs_person_fields,
    )


def name_for_heading(request: HttpRequest, write: PersonWrite) -> str:
    """The person's name for a form's caption, when the user may see it (and that is logged)."""
    person = write.person
    if not write.access.can_see(Section.IDENTITY, person.recorded_by_agency_id):
        return ""
    record_access(
        request.user,
        channel=Channel.PAGE,
        section=Section.IDENTITY,
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
        agency=write.agency,
        route=_route(request),
    )
    return person.display_name


# --- List, search and create -----------------------------------------------------------------


@role_required(*FRONTLINE_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    memberships = request.memberships  # type: ignore[attr-defined]
    if text:
        results: Any = search_people(request.user, text, memberships=memberships)
        channel = Channel.SEARCH
    else:
        results = Person.objects.visible_to(request.user).order_by(  # type: ignore[arg-type]
            "-last_activity_at", "-id"
        )
        channel = Channel.PAGE
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    prefetch_related_objects(people, "recorded_by_agency")
    record_listed(
        request.user,  # type: ignore[arg-type]
        people,
        channel=channel,
        route="people:list",
        memberships=memberships,
    )
    return render(
        request,
        "people/list.html",
        {
            "form": form,
            "text": text,
            "people": people,
            "page_obj": page,
            "query": urlencode({"q": text}) if text else "",
            "can_create": bool(_create_agencies(request)),
        },
    )


def _create_agencies(request: HttpRequest) -> list[Agency]:
    """The agencies the user may record a new person for (roles that keep identity)."""
    seen: dict[Any, Agency] = {}
    for m in request.memberships:  # type: ignore[attr-defined]
        if Section.IDENTITY in ROLE_SECTIONS.get(m.role, ()):
            seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


@role_required(*IDENTITY_ROLES)
def person_create(request: HttpRequest) -> HttpResponse:
    agencies = _create_agencies(request)
    if request.method != "POST":
        form = PersonCreateForm(agencies=agencies)
        return render(request, "people/create.html", {"form": form})
    form = PersonCreateForm(request.POST, agencies=agencies)
    if request.POST.get("action") == "change" or not form.is_valid():
        return render(request, "people/create.html", {"form": form})
    data = form.cleaned_data
    earlier = saved_before(request, scope=CREATE_SCOPE)
    if earlier is not None:  # sent again: the person was saved the first time
        return _already_created(request, earlier)
    if not request.POST.get("confirmed"):
        candidates = find_candidates(
            request.user,  # type: ignore[arg-type]
            form.match_query(),
            memberships=request.memberships,  # type: ignore[attr-defined]
        )
        if candidates:
            record_listed(
                request.user,  # type: ignore[arg-type]
                [c.person for c in candidates],
                channel=Channel.SEARCH,
                route="people:create",
                memberships=request.memberships,  # type: ignore[attr-defined]
            )
            return render(
                request,
                "people/possible_matches.html",
                {"candidates": candidates, "carried": carried_fields(request.POST), "form": form},
            )
    try:
        saved = save_once(
            request,
            scope=CREATE_SCOPE,
            save=lambda: actions.register_person(
                agency=data["agency"],
                by=request.user,  # type: ignore[arg-type]
                identifiers={
                    IdentifierKind.NHS_NUMBER: data["nhs_number"],
                    IdentifierKind.NI_NUMBER: data["ni_number"],
                },
                **form.person_fields(),
            ),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "people/create.html", {"form": form})
    if not saved.first:
        return _already_created(request, saved)
    messages.success(request, "Person record created.")
    return redirect("people:detail", person_id=saved.result_id)


def _already_created(request: HttpRequest, saved: Saved) -> HttpResponse:
    message = already_saved_message(saved, "person record")
    (messages.success if saved.same_answers else messages.warning)(request, message)
    return redirect("people:detail", person_id=saved.result_id)


# --- The person page -------------------------------------------------------------------------


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    read = read_person(
        request.user,  # type: ignore[arg-type]
        person_id,
        route="people:detail",
        memberships=memberships,
    )
    access = read.access
    writable = {s for s in PERSON_SECTIONS if access.own_agencies_for(s)}
    # Fields on the person row may be changed only by those who can see them.
    can_edit_fields = {s for s in writable if read.sections[s].shows_person_fields}
    safeguarding_agencies = set(access.own_agencies_for(Section.SAFEGUARDING))
    partnership_roles = {
        m.role for m in memberships if m.agency.partnership_id == read.person.partnership_id
    }
    return render(
        request,
        "people/detail.html",
        {
            "read": read,
            "person": read.person,
            "sections": [read.sections[s] for s in PERSON_SECTIONS],
            "writable": {s.value for s in writable},
            "can_edit": {s.value for s in can_edit_fields},
            "endable_warning_ids": {
                w.pk for w in read.warnings if w.recorded_by_agency_id in safeguarding_agencies
            },
            "can_set_lead_worker": Section.IDENTITY in writable
            and bool(partnership_roles & LEAD_WORKER_ROLES),
            "used_name": _used_name(read.person),
            "is_lead_worker": read.person.lead_worker_id == request.user.pk,
            "note_kind_sections": [(k, s.value) for k, s in NOTE_SECTIONS.items()],
            "hidden_reasons": {
                "role": HIDDEN_BY_ROLE,
                "agreement": HIDDEN_BY_AGREEMENT,
                "consent": HIDDEN_BY_CONSENT,
            },
            "sharing_panel": sharing_panel(request, read.person, access),
            "case_links": person_links(read.person, access, memberships),
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_pdf(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Download what the user may see of the record as a PDF (never the sealed address)."""
    try:
        read = read_person(
            request.user,  # type: ignore[arg-type]
            person_id,
            channel=Channel.PDF,
            route="people:pdf",
            memberships=request.memberships,  # type: ignore[attr-defined]
            export=True,
        )
    except RestrictedExport:
        return render(request, "people/pdf_restricted.html", {"person_id": person_id}, status=403)
    pdf = render_person_pdf(read, prepared_by=request.user.full_name)  # type: ignore[union-attr]
    response = HttpResponse(pdf, content_type="application/pdf")
    # The id, not the name: file names end up in download folders and email attachments.
    response["Content-Disposition"] = f'attachment; filename="person-record-{person_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _used_name(person: Person) -> str:
    """The name the person uses: their preferred name, else their legal name."""
    legal = " ".join(p for p in (person.given_name, person.family_name) if p)
    return person.preferred_name or legal or "Name not known"


# --- Editing fields on the person record -----------------------------------------------------

# part in the URL → (section it belongs to, form, page title)
EDIT_PARTS: dict[str, tuple[Section, Any, str]] = {
    "identity": (Section.IDENTITY, IdentityForm, "Change identity details"),
    "immigration": (Section.IMMIGRATION, ImmigrationForm, "Change immigration status"),
    "local-connection": (Section.HOUSING_HISTORY, LocalConnectionForm, "Change local connection"),
}


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_edit(request: HttpRequest, person_id: UUID, part: str) -> HttpResponse:
    if part not in EDIT_PARTS:
        raise Http404
    section, form_class, title = EDIT_PARTS[part]
    write = writer_for(request, person_id, section, needs_person_fields=True)
    person = write.person
    _record_section_read(request, write, section)
    current: Person | None = None
    if request.method != "POST":
        form = form_class(initial=form_class.initial_for(person))
    else:
        form = form_class(request.POST)
        if form.is_valid():
            try:
                actions.update_person(
                    person,
                    version=form.cleaned_data["version"],
                    by=request.user,  # type: ignore[arg-type]
                    **form.person_fields(person),
                )
            except actions.EditConflict:
                # Keep what they typed, show what is saved now, and let them save over it.
                current = Person.objects.get(pk=person.pk)
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = form_class(data)
                form.is_valid()
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Changes saved.")
                return redirect(f"{reverse('people:detail', args=[person.pk])}#{section.value}")
    return render(
        request,
        "people/edit.html",
        {
            "form": form,
            "person": person,
            "part": part,
            "anchor": section.value,
            # The identity form shows the name anyway (and that read is logged above).
            "name": person.display_name
            if section == Section.IDENTITY
            else name_for_heading(request, write),
            "title": title,
            "current_rows": _summary_rows(current, part) if current else [],
        },
    )


def _summary_rows(person: Person, part: str) -> list[tuple[str, str]]:
    """What the record says now, shown beside a conflicting edit."""
    if part == "immigration":
        return [
            ("Immigration status", person.get_immigration_status_display()),
            ("Public funds", person.get_public_funds_display()),
        ]
    if part == "local-connection":
        area = f": {person.local_connection_area}" if person.local_connection_area else ""
        return [("Local connection", f"{person.get_local_connection_display()}{area}")]
    interpreter = {True: "Yes", False: "No"}.get(person.needs_interpreter, "Not known")  # type: ignore[call-overload]
    return [
        ("Name they use", person.preferred_name or "Not recorded"),
        ("Legal name", " ".join(p for p in (person.given_name, person.family_name) if p)),
        ("Date of birth", person.birth_date_display()),
        ("Gender", person.gender_display()),
        ("Pronouns", person.pronouns or "Not recorded"),
        ("Ethnic group", person.get_ethnicity_display() or "Not recorded"),
        ("Nationality", person.nationality or "Not recorded"),
        ("First language", person.first_language or "Not recorded"),
        ("Needs an interpreter", interpreter),
    ]


def _record_section_read(request: HttpRequest, write: PersonWrite, section: Section) -> None:
    """An edit form shows the section's current values: that is a read of the section."""
    record_access(
        request.user,
        channel=Channel.PAGE,
        section=section,
        subject_type="person",
        subject_id=write.person.pk,
        person_id=write.person.pk,
        agency=write.agency,
        route=_route(request),
    )
