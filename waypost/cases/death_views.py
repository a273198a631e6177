"""Death pages: notify a death, the reviews the user may see, one review (coordinators edit
it), its learning summary, and the published learning for the partnership board.
Thin views: access → form → action. Who may do what is in waypost.cases.death_access.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import partnerships_where, role_required
from waypost.audit.models import Section
from waypost.cases import death_actions
from waypost.cases.death_access import (
    LEARNING_ROLES,
    ReviewRead,
    decide_review,
    get_review_for_user,
    record_reviews_listed,
    reviews_for_user,
)
from waypost.cases.death_actions import (
    LEAVE_OUT,
    AlreadyNotified,
    IdentifyingDetails,
    ReviewChanged,
    ReviewComplete,
    ReviewIncomplete,
)
from waypost.cases.death_forms import DeathNotificationForm, DeathReviewForm, LearningSummaryForm
from waypost.cases.models import DeathNotification, DeathReview, ReviewStatus
from waypost.people.access import get_person_for_section_write
from waypost.people.views import follows_merges, name_for_heading
from waypost.sharing.policy import FRONTLINE_ROLES

PER_PAGE = 25
SUMMARIES_PER_PAGE = 10
CHANGED_MESSAGE = (
    "Someone else changed this review while you were editing it. Check their changes, then "
    "save again: what you typed is kept."
)
COMPLETE_MESSAGE = "This review is complete, so it was not changed."


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Notify ------------------------------------------------------------------------------------


@role_required(*FRONTLINE_ROLES)
@follows_merges
def death_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Notify the death of someone sleeping rough or recently homeless: any front-line member
    of staff who knows of the person. Opens the review and tells the coordinators."""
    memberships = _memberships(request)
    write = get_person_for_section_write(
        _user(request), person_id, Section.SAFEGUARDING, memberships
    )
    person = write.person
    context: dict[str, Any] = {"person": person, "name": name_for_heading(request, write)}
    existing = (
        DeathNotification.objects.filter(person=person)
        .select_related("review__reviewed_by_agency")
        .first()
    )
    if existing is not None:
        return _already(request, write, existing, context)
    form = DeathNotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = death_actions.notify_death(
                person,
                died_on=data["died_on"],
                died_on_approximate=data["died_on_approximate"],
                place_of_death=data["place_of_death"],
                circumstances=data["circumstances"],
                how_heard=data["how_heard"],
                agency=write.agency,
                by=_user(request),
            )
        except AlreadyNotified:
            existing = DeathNotification.objects.select_related("review").get(person=person)
            return _already(request, write, existing, context)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "Death notified. The partnership’s coordinators have been told and a review "
                "is open.",
            )
            if _may_view(write, memberships, review):
                return redirect("cases:death_review", review_id=review.pk)
            return redirect("people:detail", person_id=person.pk)
    context["form"] = form
    return render(request, "cases/deaths/new.html", context)


def _may_view(write: Any, memberships: list[Membership], review: DeathReview) -> bool:
    involved = list(review.agencies_involved.values_list("id", flat=True))
    return decide_review(write.access, memberships, write.person, review, involved)[0]


def _already(
    request: HttpRequest, write: Any, notification: DeathNotification, context: dict[str, Any]
) -> HttpResponse:
    review = getattr(notification, "review", None)
    context["review"] = (
        review if review and _may_view(write, _memberships(request), review) else None
    )
    return render(request, "cases/deaths/already.html", context)


# --- Reviews -----------------------------------------------------------------------------------


@role_required(*FRONTLINE_ROLES)
def death_list(request: HttpRequest) -> HttpResponse:
    """The death reviews the user may see: open ones first, then newest."""
    memberships = _memberships(request)
    rows = reviews_for_user(_user(request), memberships)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    record_reviews_listed(_user(request), shown, memberships, route=_route(request))
    return render(
        request,
        "cases/deaths/list.html",
        {
            "rows": shown,
            "page_obj": page,
            "open_count": sum(1 for r in rows if r.review.status == ReviewStatus.OPEN),
            "sees_learning": bool(partnerships_where(request, *LEARNING_ROLES)),
        },
    )


def _review_page(
    request: HttpRequest, read: ReviewRead, form: DeathReviewForm | None
) -> HttpResponse:
    review = read.review
    return render(
        request,
        "cases/deaths/review.html",
        {
            "read": read,
            "review": review,
            "notification": read.notification,
            "person": read.person,
            "name": read.person.display_name if read.shows_name else "",
            "form": form,
            "agencies": list(review.agencies_involved.order_by("name")),
        },
    )


@role_required(*FRONTLINE_ROLES)
def death_review(request: HttpRequest, review_id: UUID) -> HttpResponse:
    """One review. Coordinators edit it while it is open (version-checked) and complete it;
    staff of the agencies involved read it."""
    editing = request.method == "POST"
    read = get_review_for_user(
        _user(request), review_id, _memberships(request), route=_route(request), edit=editing
    )
    review = read.review
    form = None
    if read.can_edit and read.is_open:
        form = DeathReviewForm(
            request.POST or None,
            initial=DeathReviewForm.initial_for(review),
            partnership_id=read.person.partnership_id,
        )
    if editing:
        if form is None:
            messages.info(request, COMPLETE_MESSAGE)
            return redirect("cases:death_review", review_id=review.pk)
        if form.is_valid():
            response = _save_review(request, read, form)
            if response is not None:
                return response
    return _review_page(request, read, form)


def _save_review(
    request: HttpRequest, read: ReviewRead, form: DeathReviewForm
) -> HttpResponse | None:
    data = form.cleaned_data
    completing = "complete" in request.POST
    try:
        death_actions.save_review(
            read.review,
            version=data["version"],
            circumstances=data["circumstances"],
            agencies_involved=data["agencies_involved"],
            learning=data["learning"],
            actions=data["actions"],
            sar_referred=form.sar_referred_value,
            sar_referred_on=data["sar_referred_on"],
            sar_reason=data["sar_reason"],
            complete=completing,
            by=_user(request),
        )
    except ReviewChanged:
        form.add_error(None, CHANGED_MESSAGE)
    except ReviewComplete:
        messages.info(request, COMPLETE_MESSAGE)
        return redirect("cases:death_review", review_id=read.review.pk)
    except ReviewIncomplete as incomplete:
        form.add_error(None, "The review cannot be completed yet: fill in what is missing")
        for field, message in incomplete.problems:
            form.add_error(field, message)
    except ValidationError as error:
        _add_errors(form, error)
    else:
        messages.success(request, "Review completed." if completing else "Review saved.")
        return redirect("cases:death_review", review_id=read.review.pk)
    return None


@role_required(*FRONTLINE_ROLES)
def death_summary(request: HttpRequest, review_id: UUID) -> HttpResponse:
    """Write, publish or withdraw the learning summary (coordinators only). Publishing refuses
    a summary with identifying details and says which kind."""
    read = get_review_for_user(
        _user(request), review_id, _memberships(request), route=_route(request), edit=True
    )
    review = read.review
    form = LearningSummaryForm(
        request.POST or None,
        initial={"version": review.version, "learning_summary": review.learning_summary},
    )
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        version = form.cleaned_data["version"]
        try:
            if action == "withdraw":
                death_actions.withdraw_summary(review, version=version, by=_user(request))
                done = "Learning summary withdrawn from the board’s page."
            else:
                publish = action == "publish"
                death_actions.save_summary(
                    review,
                    version=version,
                    text=form.cleaned_data["learning_summary"],
                    publish=publish,
                    by=_user(request),
                )
                done = "Learning summary published." if publish else "Learning summary saved."
        except ReviewChanged:
            form.add_error(None, CHANGED_MESSAGE)
        except IdentifyingDetails as found:
            for problem in found.problems:
                form.add_error("learning_summary", f"{problem}. Take it out, then publish again")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:death_review", review_id=review.pk)
    return render(
        request,
        "cases/deaths/summary.html",
        {
            "read": read,
            "review": review,
            "name": read.person.display_name if read.shows_name else "",
            "form": form,
            "leave_out": LEAVE_OUT,
        },
    )


# --- Learning for the board --------------------------------------------------------------------


@dataclass
class Quarter:
    year: int
    number: int
    notified: int = 0
    completed: int = 0
    referred: int = 0
    published: int = 0

    @property
    def label(self) -> str:
        first = ("January", "April", "July", "October")[self.number - 1]
        last = ("March", "June", "September", "December")[self.number - 1]
        return f"{first} to {last} {self.year}"


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters_for(partnership: Partnership) -> list[Quarter]:
    """Deaths notified in each quarter (by the date notified), and of those how many reviews
    are complete, referred for a safeguarding adults review, and with a published summary.
    Newest quarter first. Restricted and merged records are left out."""
    rows = DeathNotification.objects.filter(
        person__partnership=partnership,
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
    ).values_list(
        "recorded_at", "review__status", "review__sar_referred", "review__summary_published_at"
    )
    quarters: dict[tuple[int, int], Quarter] = {}
    for recorded_at, status, referred, published_at in rows:
        key = _quarter_of(timezone.localdate(recorded_at))
        quarter = quarters.setdefault(key, Quarter(*key))
        quarter.notified += 1
        quarter.completed += status == ReviewStatus.COMPLETE
        quarter.referred += referred is True
        quarter.published += published_at is not None
    return [quarters[key] for key in sorted(quarters, reverse=True)]


@role_required(*LEARNING_ROLES)
def death_learning(request: HttpRequest) -> HttpResponse:
    """Published learning summaries for the partnership board, with counts by quarter: no
    names, and dates as month and year only."""
    partnerships = sorted(partnerships_where(request, *LEARNING_ROLES), key=lambda p: p.name)
    chosen = request.GET.get("partnership", "")
    partnership = next((p for p in partnerships if str(p.pk) == chosen), partnerships[0])
    summaries = (
        DeathReview.objects.filter(
            notification__person__partnership=partnership,
            notification__person__restricted_at__isnull=True,
            notification__person__merged_into__isnull=True,
            summary_published_at__isnull=False,
        )
        .only("id", "learning_summary", "summary_published_at", "sar_referred")
        .order_by("-summary_published_at", "id")
    )
    page = Paginator(summaries, SUMMARIES_PER_PAGE).get_page(request.GET.get("page"))
    others = [p for p in partnerships if p.pk != partnership.pk]
    return render(
        request,
        "cases/deaths/learning.html",
        {
            "partnership": partnership,
            "others": others,
            "summaries": list(page.object_list),
            "page_obj": page,
            "query": f"partnership={partnership.pk}" if others else "",
            "quarters": quarters_for(partnership),
            "is_coordinator": any(m.role == Role.COORDINATOR for m in _memberships(request)),
        },
    )
