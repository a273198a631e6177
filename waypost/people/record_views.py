"""Adding to a person's record, section by section: names, identifiers, ID verifications,
notes, staff-safety warnings, support needs, housing history, contact details, the sealed safe
address, care-of post and the lead worker; and the partnership's ID verification criteria.

Each page: access (404 for a person the user may not know of, 403 for a role whose work does
not cover the section) → form → action → back to the section on the person page.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.accounts.roles import partnerships_where, role_required
from waypost.audit.models import Section
from waypost.people import actions
from waypost.people.access import PersonWrite, find_person
from waypost.people.forms import (
    AliasForm,
    CareOfForm,
    ContactDetailForm,
    HousingHistoryForm,
    IdCriterionForm,
    IdentifierForm,
    IdVerificationForm,
    LeadWorkerForm,
    NoteForm,
    PostItemForm,
    SafeAddressForm,
    SupportNeedForm,
    WarningForm,
)
from waypost.people.models import (
    NOTE_SECTIONS,
    CareOfAddress,
    IdentifierKind,
    IdVerificationCriterion,
    PostItem,
    StaffSafetyWarning,
)
from waypost.people.views import (
    LEAD_WORKER_ROLES,
    follows_merges,
    name_for_heading,
    writer_for,
)
from waypost.sharing.policy import FRONTLINE_ROLES


def _add_page(
    request: HttpRequest,
    write: PersonWrite,
    form: Any,
    *,
    template: str,
    title: str,
    anchor: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shared shape of every "add something" page: validate, call the action, go back to
    the section on the person page; a refusal from the action shows as a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(f"{reverse('people:detail', args=[write.person.pk])}#{anchor}")
    context = {
        "form": form,
        "person": write.person,
        "name": name_for_heading(request, write),
        "title": title,
        "anchor": anchor,
        **(extra or {}),
    }
    return render(request, template, context)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_alias(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.IDENTITY)
    form = AliasForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add another name",
        anchor="identity",
        save=lambda d: actions.add_alias(
            write.person,
            kind=d["kind"],
            given_name=d["given_name"],
            family_name=d["family_name"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Name added.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_identifier(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.IDENTITY)
    kinds = [k for k in IdentifierKind.values if k != IdentifierKind.PRISON_NUMBER]
    # A prison number reveals offending: only roles that may see offending record one.
    if write.access.own_agencies_for(Section.OFFENDING):
        kinds.append(IdentifierKind.PRISON_NUMBER)
    form = IdentifierForm(request.POST or None, kinds=kinds)

    def save(d: dict[str, Any]) -> Any:
        agency = write.agency
        if d["kind"] == IdentifierKind.PRISON_NUMBER:
            agency = _agency_for(request, write, Section.OFFENDING)
        return actions.add_identifier(
            write.person,
            kind=d["kind"],
            value=d["value"],
            system=d["system"],
            by=request.user,  # type: ignore[arg-type]
            agency=agency,
        )

    return _add_page(
        request,
        write,
        form,
        template="people/add_identifier.html",
        title="Add an identifier",
        anchor="identity",
        save=save,
        success="Identifier added.",
    )


def _agency_for(request: HttpRequest, write: PersonWrite, section: Section) -> Agency:
    ids = write.access.own_agencies_for(section)
    if not ids:
        raise PermissionDenied
    if write.agency.pk in ids:
        return write.agency
    by_id = {m.agency_id: m.agency for m in request.memberships}  # type: ignore[attr-defined]
    return by_id[ids[0]]


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_note(request: HttpRequest, person_id: UUID) -> HttpResponse:
    # Each section the user may write has its kind of note; a referrer, say, may add a
    # safeguarding note but no general one.
    person, access = find_person(request.user, person_id, request.memberships)  # type: ignore[arg-type, attr-defined]
    kinds = [k for k, s in NOTE_SECTIONS.items() if access.own_agencies_for(s)]
    if not kinds:
        raise PermissionDenied
    write = writer_for(request, person_id, NOTE_SECTIONS[kinds[0]])
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in kinds else {}
    form = NoteForm(request.POST or None, kinds=kinds, initial=initial)

    def save(d: dict[str, Any]) -> Any:
        section = NOTE_SECTIONS[d["kind"]]
        return actions.add_note(
            write.person,
            kind=d["kind"],
            text=d["text"],
            by=request.user,  # type: ignore[arg-type]
            agency=_agency_for(request, write, section),
        )

    kind = request.POST.get("kind") or initial.get("kind")
    anchor = NOTE_SECTIONS[kind].value if kind in NOTE_SECTIONS else "notes"
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add a note",
        anchor=anchor,
        save=save,
        success="Note added.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_warning(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SAFEGUARDING)
    form = WarningForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add a staff-safety warning",
        anchor="warnings",
        save=lambda d: actions.add_warning(
            write.person,
            text=d["text"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Staff-safety warning added. Everyone who can find this record will see it.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def end_warning(request: HttpRequest, person_id: UUID, warning_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SAFEGUARDING)
    warning = get_object_or_404(
        StaffSafetyWarning.objects.select_related("recorded_by_agency", "person"),
        pk=warning_id,
        person=write.person,
        ended_at__isnull=True,
    )
    # Only the agency that recorded a warning may end it.
    if warning.recorded_by_agency_id not in write.access.own_agencies_for(Section.SAFEGUARDING):
        raise PermissionDenied
    if request.method == "POST":
        actions.end_warning(warning, by=request.user)  # type: ignore[arg-type]
        messages.success(request, "Warning ended. It no longer shows on the record.")
        return redirect("people:detail", person_id=write.person.pk)
    return render(
        request,
        "people/end_warning.html",
        {"person": write.person, "warning": warning, "name": name_for_heading(request, write)},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_support_need(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SUPPORT)
    form = SupportNeedForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add a support need",
        anchor="support",
        save=lambda d: actions.add_support_need(
            write.person,
            kind=d["kind"],
            detail=d["detail"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Support need added.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_housing_history(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.HOUSING_HISTORY)
    form = HousingHistoryForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add to housing history",
        anchor="housing_history",
        save=lambda d: actions.add_housing_history(
            write.person,
            accommodation=d["accommodation"],
            from_on=d["from_on"],
            to_on=d["to_on"],
            reason_left=d["reason_left"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Housing history added.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_contact_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.CONTACT)
    form = ContactDetailForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add a contact detail",
        anchor="contact",
        save=lambda d: actions.add_contact_detail(
            write.person,
            kind=d["kind"],
            value=d["value"],
            notes=d["notes"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Contact detail added.",
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def record_safe_address(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.CONTACT)
    form = SafeAddressForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/safe_address.html",
        title="Record a safe address",
        anchor="contact",
        save=lambda d: actions.record_safe_address(
            write.person,
            line_1=d["line_1"],
            line_2=d["line_2"],
            town=d["town"],
            postcode=d["postcode"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Safe address recorded. Only your agency can see it.",
        extra={"agency": write.agency},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_id_verification(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.IDENTITY)
    form = IdVerificationForm(request.POST or None, partnership_id=write.person.partnership_id)
    has_criteria = form.fields["criteria"].queryset.exists()  # type: ignore[attr-defined]
    return _add_page(
        request,
        write,
        form,
        template="people/add_id_verification.html",
        title="Record an ID verification",
        anchor="identity",
        save=lambda d: actions.record_id_verification(
            write.person,
            criteria=d["criteria"],
            verifier_name=d["verifier_name"],
            verifier_role=d["verifier_role"],
            verifier_organisation=d["verifier_organisation"],
            verified_on=d["verified_on"],
            notes=d["notes"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="ID verification recorded.",
        extra={"has_criteria": has_criteria},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_care_of(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.CONTACT)
    form = CareOfForm(request.POST or None, partnership_id=write.person.partnership_id)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Add a care-of postal address",
        anchor="contact",
        save=lambda d: actions.add_care_of_address(
            write.person,
            hub=d["hub"],
            address=d["address"],
            starts_on=d["starts_on"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Care-of address added.",
    )


def _visible_care_of(write: PersonWrite, care_of_id: UUID) -> CareOfAddress:
    care_of = get_object_or_404(
        CareOfAddress.objects.select_related("hub", "person"), pk=care_of_id, person=write.person
    )
    if not write.access.can_see(Section.CONTACT, care_of.recorded_by_agency_id):
        raise Http404
    return care_of


@role_required(*FRONTLINE_ROLES)
@follows_merges
def log_post(request: HttpRequest, person_id: UUID, care_of_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.CONTACT)
    care_of = _visible_care_of(write, care_of_id)
    form = PostItemForm(request.POST or None)
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Log post received",
        anchor="contact",
        save=lambda d: actions.log_post_item(
            care_of,
            description=d["description"],
            received_on=d["received_on"],
            by=request.user,  # type: ignore[arg-type]
            agency=write.agency,
        ),
        success="Post logged.",
        extra={"care_of": care_of},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def post_collected(request: HttpRequest, person_id: UUID, item_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.CONTACT)
    item = get_object_or_404(
        PostItem.objects.select_related("care_of__person", "care_of__hub"),
        pk=item_id,
        care_of__person=write.person,
    )
    if not write.access.can_see(Section.CONTACT, item.care_of.recorded_by_agency_id):
        raise Http404
    if request.method == "POST":
        try:
            actions.mark_post_collected(item, by=request.user, agency=write.agency)  # type: ignore[arg-type]
        except ValidationError:
            messages.info(request, "That item was already marked as collected.")
        else:
            messages.success(request, "Marked as collected.")
        return redirect(f"{reverse('people:detail', args=[write.person.pk])}#contact")
    return render(
        request,
        "people/post_collected.html",
        {"person": write.person, "item": item, "name": name_for_heading(request, write)},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def lead_worker(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.IDENTITY)
    person = write.person
    roles = {
        m.role
        for m in request.memberships  # type: ignore[attr-defined]
        if m.agency.partnership_id == person.partnership_id
    }
    if not roles & LEAD_WORKER_ROLES:
        raise PermissionDenied
    frontline = Membership.objects.active().filter(
        agency__partnership_id=person.partnership_id, role__in=FRONTLINE_ROLES
    )
    staff = (
        User.objects.filter(is_active=True, memberships__in=frontline)
        .distinct()
        .order_by("full_name", "email")
        # Each option names the agencies too: two staff may share a name.
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=frontline.select_related("agency"),
                to_attr="partnership_memberships",
            )
        )
    )
    form = LeadWorkerForm(
        request.POST or None, staff=staff, initial={"lead_worker": person.lead_worker_id}
    )
    return _add_page(
        request,
        write,
        form,
        template="people/add_form.html",
        title="Choose the lead worker",
        anchor="lead-worker",
        save=lambda d: actions.set_lead_worker(
            person,
            lead_worker=d["lead_worker"],
            by=request.user,  # type: ignore[arg-type]
        ),
        success="Lead worker saved.",
    )


# --- The partnership's ID verification criteria (partnership admins) -------------------------


@role_required(Role.PARTNERSHIP_ADMIN)
def id_criteria(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request, Role.PARTNERSHIP_ADMIN)
    form = IdCriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # An admin of several partnerships chooses which one on the page.
        chosen = request.POST.get("partnership")
        partnership = next((p for p in partnerships if str(p.pk) == chosen), partnerships[0])
        actions.add_id_criterion(
            partnership,
            text=form.cleaned_data["text"],
            position=form.cleaned_data["position"],
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "Criterion added.")
        return redirect("people:id_criteria")
    criteria = IdVerificationCriterion.objects.filter(partnership__in=partnerships).select_related(
        "partnership"
    )
    return render(
        request,
        "people/id_criteria.html",
        {"form": form, "criteria": criteria, "partnerships": partnerships},
    )


@role_required(Role.PARTNERSHIP_ADMIN)
def id_criterion(request: HttpRequest, criterion_id: UUID) -> HttpResponse:
    criterion = get_object_or_404(
        IdVerificationCriterion,
        pk=criterion_id,
        partnership__in=partnerships_where(request, Role.PARTNERSHIP_ADMIN),
    )
    initial = {
        "text": criterion.text,
        "position": criterion.position,
        "is_active": criterion.is_active,
    }
    form = IdCriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_id_criterion(
            criterion,
            text=form.cleaned_data["text"],
            position=form.cleaned_data["position"],
            is_active=form.cleaned_data["is_active"],
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "Criterion saved.")
        return redirect("people:id_criteria")
    return render(request, "people/id_criterion.html", {"form": form, "criterion": criterion})
