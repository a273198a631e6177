"""Sharing pages: agreements and signatures, a person's sharing permission and lawful basis,
restriction of processing, break-glass and its review, and consent form downloads."""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from waypost.accounts.models import Agency, Membership, Role
from waypost.accounts.roles import memberships_with, partnerships_where, role_required
from waypost.audit.access import record_access
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.people.access import PersonMoved
from waypost.people.models import Person
from waypost.sharing import actions
from waypost.sharing.access import (
    active_break_glass,
    current_lawful_basis,
    current_permission,
    find_person_for_sharing,
    get_proforma_for_user,
    require_recording_agency,
)
from waypost.sharing.categories import data_held
from waypost.sharing.forms import (
    AgreementForm,
    BreakGlassForm,
    EndSignatureForm,
    LawfulBasisForm,
    RestrictForm,
    ReviewFilterForm,
    ReviewForm,
    SharingPermissionForm,
    SignatureForm,
)
from waypost.sharing.models import (
    AgreementSignature,
    BreakGlass,
    LawfulBasis,
    PermittedSection,
    SharingAgreement,
    SharingPermission,
)
from waypost.sharing.panel import sharing_panel
from waypost.sharing.policy import PersonAccess

AGREEMENT_VIEWERS = (Role.PARTNERSHIP_ADMIN, Role.COORDINATOR, Role.DPO)
HISTORY_PAGE_SIZE = 20
REVIEW_PAGE_SIZE = 25
EVENTS_SHOWN = 200
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


# Agreements ---------------------------------------------------------------------------------


def _viewable_agreement(request: HttpRequest, agreement_id: UUID) -> SharingAgreement:
    partnerships = partnerships_where(request, *AGREEMENT_VIEWERS)
    agreement = (
        SharingAgreement.objects.filter(pk=agreement_id, partnership__in=partnerships)
        .select_related("partnership")
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def _require_admin_of(request: HttpRequest, partnership_id: Any) -> None:
    if partnership_id not in {p.pk for p in partnerships_where(request, Role.PARTNERSHIP_ADMIN)}:
        raise PermissionDenied


@role_required(*AGREEMENT_VIEWERS)
def agreements(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    admin_of = {p.pk for p in partnerships_where(request, Role.PARTNERSHIP_ADMIN)}
    blocks = []
    for partnership in partnerships_where(request, *AGREEMENT_VIEWERS):
        versions = list(SharingAgreement.objects.filter(partnership=partnership))
        agencies = list(Agency.objects.filter(partnership=partnership, is_active=True))
        signed = set(
            AgreementSignature.objects.in_date(today)
            .filter(agency__partnership=partnership)
            .values_list("agency_id", flat=True)
        )
        blocks.append(
            {
                "partnership": partnership,
                "versions": versions,
                "unsigned": [a for a in agencies if a.pk not in signed],
                "signed_count": sum(1 for a in agencies if a.pk in signed),
                "is_admin": partnership.pk in admin_of,
            }
        )
    return render(
        request,
        "sharing/agreements.html",
        {"blocks": blocks, "today": today, "can_publish": bool(admin_of)},
    )


@role_required(*AGREEMENT_VIEWERS)
def agreement(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    agreement = _viewable_agreement(request, agreement_id)
    today = timezone.localdate()
    signatures = {
        s.agency_id: s
        for s in AgreementSignature.objects.filter(agreement=agreement).select_related(
            "recorded_by"
        )
    }
    agencies = Agency.objects.filter(partnership_id=agreement.partnership_id).filter(
        is_active=True
    ) | Agency.objects.filter(pk__in=list(signatures))
    rows = []
    for agency in agencies.distinct().order_by("name"):
        signature = signatures.get(agency.pk)
        if signature is not None:
            signature.agreement = agreement  # already loaded: no query per row
        rows.append({"agency": agency, "signature": signature, "state": _state(signature, today)})
    is_admin = agreement.partnership_id in {
        p.pk for p in partnerships_where(request, Role.PARTNERSHIP_ADMIN)
    }
    return render(
        request,
        "sharing/agreement.html",
        {
            "agreement": agreement,
            "agreement_state": agreement_state(agreement, today),
            "rows": rows,
            "is_admin": is_admin,
        },
    )


def agreement_state(agreement: SharingAgreement, today: Any) -> str:
    if agreement.starts_on > today:
        return "future"
    if agreement.ends_on is not None and agreement.ends_on < today:
        return "ended"
    return "in_force"


def _state(signature: AgreementSignature | None, today: Any) -> str:
    if signature is None:
        return "not_signed"
    if signature.is_in_date(today):
        return "in_date"
    if signature.signed_on > today or signature.agreement.starts_on > today:
        return "future"
    return "ended"


@role_required(Role.PARTNERSHIP_ADMIN)
def agreement_publish(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request, Role.PARTNERSHIP_ADMIN)
    form = AgreementForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = actions.publish_agreement(
                data["partnership"].pk,
                version=data["version"].strip(),
                title=data["title"].strip(),
                summary=data["summary"].strip(),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                supersede=data["supersede"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {agreement.version} published. Record each agency's signature: "
                "until then they see no other agency's data.",
            )
            return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(request, "sharing/agreement_form.html", {"form": form})


@role_required(Role.PARTNERSHIP_ADMIN)
def signature(request: HttpRequest, agreement_id: UUID, agency_id: UUID) -> HttpResponse:
    agreement = _viewable_agreement(request, agreement_id)
    _require_admin_of(request, agreement.partnership_id)
    agency = Agency.objects.filter(pk=agency_id, partnership_id=agreement.partnership_id).first()
    if agency is None:
        raise Http404
    existing = AgreementSignature.objects.filter(agreement=agreement, agency=agency).first()
    initial = {}
    if existing is not None:
        initial = {
            "signatory_name": existing.signatory_name,
            "signatory_role": existing.signatory_role,
            "signed_on": existing.signed_on,
            "ends_on": existing.ends_on,
        }
    form = SignatureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_agreement(agreement, agency, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Signature recorded for {agency.name}.")
            return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(
        request,
        "sharing/signature_form.html",
        {"form": form, "agreement": agreement, "agency": agency, "existing": existing},
    )


@role_required(Role.PARTNERSHIP_ADMIN)
def signature_end(request: HttpRequest, agreement_id: UUID, agency_id: UUID) -> HttpResponse:
    agreement = _viewable_agreement(request, agreement_id)
    _require_admin_of(request, agreement.partnership_id)
    signature = (
        AgreementSignature.objects.filter(agreement=agreement, agency_id=agency_id)
        .select_related("agency")
        .first()
    )
    if signature is None:
        raise Http404
    form = EndSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.end_signature(signature, ends_on=form.cleaned_data["ends_on"], by=request.user)  # type: ignore[arg-type]
        if form.cleaned_data["when"] == "now":
            text = f"{signature.agency.name}'s signature has ended. Its staff now see no other "
            text += "agency's data."
        else:
            text = f"{signature.agency.name}'s signature ends after "
            text += f"{form.cleaned_data['ends_on']:%-d %B %Y}."
        messages.success(request, text)
        return redirect("sharing:agreement", agreement_id=agreement.pk)
    return render(
        request,
        "sharing/signature_end.html",
        {"form": form, "agreement": agreement, "signature": signature},
    )


# One person's sharing record ----------------------------------------------------------------


def _person_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; a merged record redirects to the record it was merged into."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, person_id: UUID, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, person_id, **kwargs)
        except PersonMoved as moved:
            name = request.resolver_match.view_name if request.resolver_match else ""
            return redirect(name or "sharing:person", person_id=moved.person_id)

    return wrapped


def _acting_agency(memberships: Sequence[Membership], person: Person) -> Agency | None:
    mine = {m.agency_id: m.agency for m in memberships}
    if person.recorded_by_agency_id in mine:
        return mine[person.recorded_by_agency_id]
    here = [a for a in mine.values() if a.partnership_id == person.partnership_id]
    return here[0] if len(here) == 1 else None


def _record_read(
    request: HttpRequest, person: Person, subject_type: str, *, shows_name: bool
) -> None:
    """Every page about a person records what it showed: the name (identity) when shown,
    otherwise the sharing decisions alone."""
    record_access(
        request.user,
        channel=Channel.PAGE,
        section=Section.IDENTITY if shows_name else Section.AUDIT,
        subject_type=subject_type,
        subject_id=person.pk,
        person_id=person.pk,
        agency=_acting_agency(request.memberships, person),  # type: ignore[attr-defined]
        route=request.resolver_match.view_name if request.resolver_match else "",
    )


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def person_page_url(person: Person) -> str:
    """The person page, where the access policy decides what the user now sees."""
    return reverse("people:detail", args=[person.pk])


@_person_view
def person(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access, rights = find_person_for_sharing(request.user, person_id, memberships)  # type: ignore[arg-type]
    if not (rights.sees_identity or rights.can_restrict):
        raise PermissionDenied
    permissions = Paginator(
        SharingPermission.objects.filter(person=person)
        .select_related("recorded_by", "recorded_by_agency")
        .prefetch_related(
            Prefetch("sections", queryset=PermittedSection.objects.order_by("section")),
            "agencies",
        ),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    bases = list(
        LawfulBasis.objects.filter(person=person).select_related(
            "recorded_by", "recorded_by_agency"
        )[:HISTORY_PAGE_SIZE]
    )
    downloadable = _form_agencies(memberships, rights.sees_identity)
    _record_read(request, person, "sharing_record", shows_name=rights.sees_identity)
    return render(
        request,
        "sharing/person.html",
        {
            "person": person,
            "shows_name": rights.sees_identity,
            # Witnesses and decisions are about the person: for those who can identify them,
            # and the partnership's data protection officers.
            "shows_details": rights.sees_identity
            or any(
                m.role == Role.DPO and m.agency.partnership_id == person.partnership_id
                for m in memberships
            ),
            "sharing_panel": sharing_panel(request, person, access, rights),
            "permissions": permissions,
            "downloadable": downloadable,
            "bases": bases,
            "person_page": _person_page_or_none(access, person),
        },
    )


def _person_page_or_none(access: PersonAccess, person: Person) -> str:
    return person_page_url(person) if access.knows_exists else ""


def _form_agencies(memberships: Sequence[Membership], sees_identity: bool) -> set[Any]:
    """Agencies whose uploaded consent forms the user may download (get_proforma_for_user)."""
    agencies = {m.agency_id for m in memberships if m.role == Role.DPO}
    if sees_identity:
        agencies |= {m.agency_id for m in memberships if m.role not in _NO_CASEWORK}
    return agencies


_NO_CASEWORK = frozenset({Role.DPO, Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER})


@_person_view
@never_cache
def permission_record(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access, rights = find_person_for_sharing(request.user, person_id, memberships)  # type: ignore[arg-type]
    recording = require_recording_agency(rights)
    current = current_permission(person)
    initial: dict[str, Any] = {}
    if current is not None and current.permits_sharing:
        initial = {
            "sections": [s.section for s in current.sections.all()],
            "scope": "all" if current.all_agencies else "chosen",
            "agencies": list(current.agencies.all()),
        }
    form = SharingPermissionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        partnership_agencies=Agency.objects.filter(
            partnership_id=person.partnership_id, is_active=True
        ),
        recording_agencies=recording,
    )
    if request.method == "POST" and form.is_valid():
        try:
            permission = actions.record_sharing_permission(
                person,
                by=request.user,  # type: ignore[arg-type]
                **form.action_arguments(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{permission.get_status_display()} recorded. It applies from now on, on every "
                "page, list and search.",
            )
            return redirect("sharing:person", person_id=person.pk)
    _record_read(request, person, "sharing_permission_form", shows_name=True)
    return render(
        request,
        "sharing/permission_form.html",
        {"form": form, "person": person, "current": current},
    )


@_person_view
@never_cache
def lawful_basis_record(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access, rights = find_person_for_sharing(request.user, person_id, memberships)  # type: ignore[arg-type]
    recording = require_recording_agency(rights)
    current = current_lawful_basis(person)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "article_6": current.article_6,
            "article_9": current.article_9,
            "article_10": current.article_10,
            "schedule_1": current.schedule_1,
            "notes": current.notes,
        }
    form = LawfulBasisForm(request.POST or None, initial=initial, recording_agencies=recording)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_lawful_basis(
                person,
                article_6=data["article_6"],
                article_9=data["article_9"],
                article_10=data["article_10"],
                schedule_1=data["schedule_1"],
                notes=data["notes"].strip(),
                agency=data["agency"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Lawful basis recorded.")
            return redirect("sharing:person", person_id=person.pk)
    _record_read(request, person, "lawful_basis_form", shows_name=True)
    return render(
        request,
        "sharing/lawful_basis_form.html",
        {"form": form, "person": person, "current": current, "held": data_held(person)},
    )


@_person_view
@require_http_methods(["GET", "POST"])
def restriction(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access, rights = find_person_for_sharing(request.user, person_id, memberships)  # type: ignore[arg-type]
    if not rights.can_restrict:
        raise PermissionDenied
    form = RestrictForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "lift":
            if person.is_restricted:
                actions.lift_restriction(person, by=request.user)  # type: ignore[arg-type]
                messages.success(
                    request, "Restriction lifted. The record appears in lists, search and reports."
                )
            return redirect("sharing:person", person_id=person.pk)
        if form.is_valid():
            actions.restrict_processing(
                person,
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
            messages.success(
                request,
                "Processing restricted. The record is kept but appears in no search, list, "
                "export or report.",
            )
            return redirect("sharing:person", person_id=person.pk)
    _record_read(request, person, "restriction", shows_name=rights.sees_identity)
    return render(
        request,
        "sharing/restriction.html",
        {"form": form, "person": person, "shows_name": rights.sees_identity},
    )


@_person_view
@never_cache
def break_glass_start(request: HttpRequest, person_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    person, access, rights = find_person_for_sharing(request.user, person_id, memberships)  # type: ignore[arg-type]
    running = active_break_glass(request.user, access)  # type: ignore[arg-type]
    if running is not None:
        messages.info(
            request,
            f"You already have break-glass access to this record until "
            f"{timezone.localtime(running.expires_at):%H:%M on %-d %B %Y}.",
        )
        return redirect(person_page_url(person))
    if not rights.can_break_glass:
        raise PermissionDenied
    form = BreakGlassForm(request.POST or None, agencies=rights.break_glass_agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            use = actions.break_glass(
                person,
                reason=data["reason"].strip(),
                agency=data["agency"],
                hours=data["hours"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Break-glass access is open until "
                f"{timezone.localtime(use.expires_at):%H:%M on %-d %B %Y}. It ends by itself "
                "then. Your data protection officer has been told.",
            )
            return redirect(person_page_url(person))
    return render(request, "sharing/break_glass.html", {"form": form, "person": person})


@login_required
def proforma_download(request: HttpRequest, permission_id: UUID) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    permission = get_proforma_for_user(request.user, permission_id, memberships)  # type: ignore[arg-type]
    extension = permission.proforma.name.rsplit(".", 1)[-1].lower()
    try:
        handle = permission.proforma.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    agency = next(
        (m.agency for m in memberships if m.agency_id == permission.recorded_by_agency_id),
        None,
    )
    record_access(
        request.user,
        channel=Channel.EXPORT,
        section=Section.IDENTITY,
        subject_type="consent_form",
        subject_id=permission.pk,
        person_id=permission.person_id,
        agency=agency,
        route="sharing:proforma",
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"consent-form-{permission.pk}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "no-store"
    return response


# Break-glass review -------------------------------------------------------------------------


def _dpo_agency_ids(request: HttpRequest) -> list[Any]:
    return [m.agency_id for m in memberships_with(request, Role.DPO)]


@role_required(Role.DPO)
def break_glass_review(request: HttpRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    uses = (
        BreakGlass.objects.filter(agency_id__in=_dpo_agency_ids(request))
        .select_related("user", "agency", "reviewed_by")
        .annotate(
            pending_first=Case(
                When(reviewed_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_first", "-started_at", "-id")
    )
    if status == "pending":
        uses = uses.filter(reviewed_at__isnull=True)
    elif status == "reviewed":
        uses = uses.filter(reviewed_at__isnull=False)
    page = Paginator(uses, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    record_access(
        request.user,
        channel=Channel.PAGE,
        section=Section.AUDIT,
        subject_type="break_glass_list",
        subject_id=status or "all",
        route="sharing:break_glass_review",
    )
    return render(
        request,
        "sharing/break_glass_review.html",
        {
            "form": form,
            "page_obj": page,
            "status": status,
            "query": f"status={status}" if status else "",
            "now": timezone.now(),
        },
    )


@role_required(Role.DPO)
def break_glass_use(request: HttpRequest, use_id: UUID) -> HttpResponse:
    use = (
        BreakGlass.objects.filter(pk=use_id, agency_id__in=_dpo_agency_ids(request))
        .select_related("user", "agency", "reviewed_by")
        .first()
    )
    if use is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and use.reviewed_at is None and form.is_valid():
        try:
            actions.review_break_glass(
                use,
                notes=form.cleaned_data["review_notes"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("sharing:break_glass_review")
    ended = min(use.expires_at, use.ended_at or use.expires_at)
    events = list(
        AccessEvent.objects.filter(
            user_id=use.user_id,
            person_id=use.person_id,
            occurred_at__gte=use.started_at,
            occurred_at__lt=ended,
        ).order_by("occurred_at")[:EVENTS_SHOWN]
    )
    record_access(
        request.user,
        channel=Channel.PAGE,
        section=Section.AUDIT,
        subject_type="break_glass",
        subject_id=use.pk,
        person_id=use.person_id,
        agency=use.agency,
        route="sharing:break_glass_use",
    )
    return render(
        request,
        "sharing/break_glass_use.html",
        {"use": use, "form": form, "events": events, "now": timezone.now()},
    )
