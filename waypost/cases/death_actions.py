"""Deaths of people sleeping rough or recently homeless (plan UP4): the notification, the
partnership's review, and the learning summary for the partnership board.

Notifying a death marks the person as died on the by-name list, opens a review led by the
coordinators' agency, and tells the partnership's coordinators in Waypost and by email, with no
personal data in the message: the link leads to the review, where the access policy applies.

Review saves are version-checked (ReviewChanged). A completed review is kept as it is; its
learning summary can still be written, published and withdrawn. Publishing refuses a summary
that contains the person's names, other names, date of birth, identifiers or exact date of
death (IdentifyingDetails names the kind of detail, never the detail itself).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.cases.death_access import coordinators_to_tell, lead_agency_for
from waypost.cases.enforcement_access import is_coordinator_in
from waypost.cases.models import DeathNotification, DeathReview, ReviewStatus
from waypost.notifications.actions import notify
from waypost.outreach.entries import change_status
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Alias, BirthDatePrecision, Identifier, Person

NOTIFIED_TITLE = "Death notified: a review is open"


class AlreadyNotified(Exception):
    """A death was already notified for this person (one notification each)."""


class ReviewChanged(Exception):
    """Someone else saved the review since this edit began."""


class ReviewComplete(Exception):
    """The review is complete: it is kept as it is."""


class ReviewIncomplete(Exception):
    """The review cannot be completed yet; `problems` say what to fill in (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("review incomplete")
        self.problems = problems


class IdentifyingDetails(Exception):
    """The learning summary contains identifying details; `problems` say which kinds."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("identifying details")
        self.problems = problems


# --- Notification ------------------------------------------------------------------------------


@transaction.atomic
def notify_death(
    person: Person,
    *,
    died_on: date | None,
    died_on_approximate: bool,
    place_of_death: str,
    circumstances: str,
    how_heard: str,
    agency: Agency,
    by: User,
) -> DeathReview:
    """Record the death of `person` as first reported, and open the partnership's review.

    The caller has checked that `by` may add to the person's safeguarding section for
    `agency` (waypost.people.access.get_person_for_section_write). Sets the person's by-name
    list status to died (when they are on the list), and tells the partnership's coordinators
    who may open the review (not `by`), in Waypost and by email, with no personal data.
    Raises AlreadyNotified when a death was already notified for the person.
    """
    if agency.partnership_id != person.partnership_id:
        raise PermissionDenied
    if died_on is not None and died_on > timezone.localdate():
        raise ValidationError({"died_on": "The date they died must be today or earlier"})
    # Lock the person so two notifications at once cannot both pass the check below.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if DeathNotification.objects.filter(person=person).exists():
        raise AlreadyNotified
    try:
        with transaction.atomic():  # SQLite has no row locks: the constraint decides there
            notification = DeathNotification.objects.create(
                person=person,
                recorded_by_agency=agency,
                recorded_by=by,
                died_on=died_on,
                died_on_approximate=died_on_approximate and died_on is not None,
                place_of_death=place_of_death.strip(),
                circumstances=circumstances.strip(),
                how_heard=how_heard.strip(),
            )
    except IntegrityError:
        raise AlreadyNotified from None
    entry = ByNameEntry.objects.select_for_update().filter(person=person).first()
    if entry is not None:
        change_status(entry, ListStatus.DECEASED, agency=agency, by=by)
    review = DeathReview.objects.create(
        notification=notification,
        reviewed_by_agency=lead_agency_for(person.partnership_id, fallback=agency),
    )
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    link = reverse("cases:death_review", args=[review.pk])
    for coordinator in coordinators_to_tell(person, review):
        if coordinator.pk == by.pk:
            continue
        notify(
            coordinator,
            title=NOTIFIED_TITLE,
            body=f"{agency.name} has notified the death of someone known to the partnership. "
            "A death review is open: follow the link to see it.",
            link=link,
            email=True,
        )
    return review


# --- The review --------------------------------------------------------------------------------


def _locked(review: DeathReview, version: int) -> DeathReview:
    current = DeathReview.objects.select_for_update().get(pk=review.pk)
    if current.version != version:
        raise ReviewChanged
    return current


def _must_coordinate(review: DeathReview, by: User) -> None:
    partnership_id = review.reviewed_by_agency.partnership_id
    if not is_coordinator_in(by, partnership_id):
        raise PermissionDenied


@transaction.atomic
def save_review(
    review: DeathReview,
    *,
    version: int,
    circumstances: str,
    agencies_involved: Iterable[Agency],
    learning: str,
    actions: str,
    sar_referred: bool | None,
    sar_referred_on: date | None,
    sar_reason: str,
    complete: bool = False,
    by: User,
) -> DeathReview:
    """Save the review (and, with `complete`, complete it), refusing a stale `version`.

    Only a coordinator of the partnership may. The agencies involved must be the
    partnership's. A completed review is kept as it is (ReviewComplete). Completing needs the
    circumstances, the learning and the decision on a safeguarding adults review (with the
    date when referred): ReviewIncomplete lists what is missing, and nothing is saved.
    """
    _must_coordinate(review, by)
    current = _locked(review, version)
    if current.status == ReviewStatus.COMPLETE:
        raise ReviewComplete
    agencies = list(agencies_involved)
    partnership_id = current.reviewed_by_agency.partnership_id
    if any(a.partnership_id != partnership_id for a in agencies):
        raise ValidationError({"agencies_involved": "Choose agencies in this partnership"})
    if sar_referred is not True:
        sar_referred_on = None
    if sar_referred_on is not None and sar_referred_on > timezone.localdate():
        raise ValidationError(
            {"sar_referred_on": "The date it was referred must be today or earlier"}
        )
    current.circumstances = circumstances.strip()
    current.learning = learning.strip()
    current.actions = actions.strip()
    current.sar_referred = sar_referred
    current.sar_referred_on = sar_referred_on
    current.sar_reason = sar_reason.strip()
    if complete:
        problems = completion_problems(current)
        if problems:
            raise ReviewIncomplete(problems)
        current.status = ReviewStatus.COMPLETE
        current.completed_at = timezone.now()
    current.reviewed_by = by
    current.version += 1
    current.save()
    current.agencies_involved.set(agencies)
    return current


def completion_problems(review: DeathReview) -> list[tuple[str, str]]:
    """What a review still needs before it can be completed: (field, message) pairs."""
    problems = []
    if not review.circumstances:
        problems.append(("circumstances", "Enter the circumstances of the death"))
    if not review.learning:
        problems.append(("learning", "Enter what the partnership has learned"))
    if review.sar_referred is None:
        problems.append(
            ("sar_referred", "Say whether the death was referred for a safeguarding adults review")
        )
    elif review.sar_referred and review.sar_referred_on is None:
        problems.append(("sar_referred_on", "Enter the date it was referred"))
    return problems


# --- The learning summary ----------------------------------------------------------------------

NAME = "The summary contains the person’s name"
OTHER_NAME = "The summary contains another name the person was known by"
BIRTH_DATE = "The summary contains the person’s date of birth"
IDENTIFIER = (
    "The summary contains one of the person’s identifiers (like an NHS, National Insurance "
    "or prison number)"
)
DEATH_DATE = "The summary contains the exact date the person died"
# Shown beside the summary: what to leave out, so the board sees learning, not a person.
LEAVE_OUT = [
    "their name, nicknames and any other names they used",
    "their date of birth and exact age",
    "identifiers such as NHS, National Insurance, prison or case numbers",
    "the exact date they died: the month and year are enough",
    "the exact place they died, or where they slept, if it would identify them",
    "names of family, friends or staff",
    "anything so unusual that people would recognise who it is",
]
MIN_IDENTIFIER_LENGTH = 5  # shorter ids match too much ordinary text to be useful
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip


@dataclass(frozen=True)
class IdentifyingFacts:
    """What would identify the person in a summary: names, other names, dates, identifiers."""

    names: tuple[str, ...]
    other_names: tuple[str, ...]
    birth_date: date | None
    birth_month_only: bool
    identifiers: tuple[str, ...]
    died_on: date | None


def identifying_facts(person: Person, notification: DeathNotification | None) -> IdentifyingFacts:
    """Read what would identify `person` (two queries): every agency's records, whatever the
    user may see, because the check only ever answers with the kind of detail."""
    aliases = Alias.objects.filter(person=person).values_list("given_name", "family_name")
    identifiers = Identifier.objects.filter(person=person).values_list("value", flat=True)
    precision = person.birth_date_precision
    birth_date = (
        person.birth_date
        if precision in (BirthDatePrecision.EXACT, BirthDatePrecision.MONTH)
        else None
    )
    return IdentifyingFacts(
        names=tuple(n for n in (person.given_name, person.family_name, person.preferred_name) if n),
        other_names=tuple(n for pair in aliases for n in pair if n),
        birth_date=birth_date,
        birth_month_only=precision == BirthDatePrecision.MONTH,
        identifiers=tuple(identifiers),
        died_on=notification.died_on if notification else None,
    )


def identifying_problems(text: str, facts: IdentifyingFacts) -> list[str]:
    """The kinds of identifying detail in `text` (empty when there are none). Pure.

    Names match as whole words, ignoring case; identifiers ignoring spaces and punctuation;
    dates in the usual ways of writing them (27 March 1980, 27/3/1980, 1980-03-27…).
    """
    plain = _plain(text)
    problems = []
    if any(_has_word(plain, name) for name in facts.names):
        problems.append(NAME)
    if any(_has_word(plain, name) for name in facts.other_names if name not in facts.names):
        problems.append(OTHER_NAME)
    if facts.birth_date and _has_date(plain, facts.birth_date, month_only=facts.birth_month_only):
        problems.append(BIRTH_DATE)
    squashed = re.sub(r"[^0-9a-z]", "", plain)
    for value in facts.identifiers:
        code = re.sub(r"[^0-9a-z]", "", value.lower())
        if len(code) >= MIN_IDENTIFIER_LENGTH and code in squashed:
            problems.append(IDENTIFIER)
            break
    if facts.died_on and _has_date(plain, facts.died_on, month_only=False):
        problems.append(DEATH_DATE)
    return problems


def _plain(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def _has_word(plain: str, word: str) -> bool:
    word = _plain(word).strip()
    if len(word) < 2:
        return False
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", plain) is not None


def _has_date(plain: str, on: date, *, month_only: bool) -> bool:
    month = MONTHS[on.month - 1]
    months = rf"(?:{month}|{month[:3]}\.?)"
    year = rf"{on.year}"
    short_year = rf"{on.year % 100:02d}"
    if month_only:
        patterns = [
            rf"(?<!\w){months},?\s+{year}(?!\d)",
            rf"(?<![\d/.-])0?{on.month}[/.-]{year}(?!\d)",
        ]
    else:
        day = rf"0?{on.day}"
        patterns = [
            rf"(?<!\d){day}(?:st|nd|rd|th)?\s+(?:of\s+)?{months},?\s+{year}(?!\d)",
            rf"(?<!\w){months}\s+{day}(?:st|nd|rd|th)?,?\s+{year}(?!\d)",
            rf"(?<![\d/.-]){day}[/.-]0?{on.month}[/.-](?:{year}|{short_year})(?![\d/.-])",
            rf"(?<!\d){year}-{on.month:02d}-{on.day:02d}(?!\d)",
        ]
    return any(re.search(p, plain) for p in patterns)


@transaction.atomic
def save_summary(
    review: DeathReview, *, version: int, text: str, publish: bool = False, by: User
) -> DeathReview:
    """Save the learning summary; with `publish`, publish it to the partnership board.

    Only a coordinator of the partnership may. Publishing needs a completed review and a
    summary. A published summary (or one being published) is checked for identifying details
    first: IdentifyingDetails names each kind found, and nothing is saved.
    """
    _must_coordinate(review, by)
    current = _locked(review, version)
    text = text.strip()
    publishing = publish or current.summary_published_at is not None
    if publish and current.status != ReviewStatus.COMPLETE:
        raise ValidationError("Complete the review before publishing its learning summary")
    if publishing:
        if not text:
            raise ValidationError({"learning_summary": "Enter the learning summary"})
        problems = identifying_problems(
            text, identifying_facts(current.notification.person, current.notification)
        )
        if problems:
            raise IdentifyingDetails(problems)
    current.learning_summary = text
    if publish and current.summary_published_at is None:
        current.summary_published_at = timezone.now()
    current.version += 1
    current.save(update_fields=["learning_summary", "summary_published_at", "version"])
    return current


@transaction.atomic
def withdraw_summary(review: DeathReview, *, version: int, by: User) -> DeathReview:
    """Take the learning summary off the board's page (it is kept as a draft)."""
    _must_coordinate(review, by)
    current = _locked(review, version)
    current.summary_published_at = None
    current.version += 1
    current.save(update_fields=["summary_published_at", "version"])
    return current
