"""Moving someone through Housing First: referral, eligibility, the panel's decision, a property
offered, the tenancy started, or the case closed; and the partnership's housing settings.

Each move is one transaction that locks the case, refuses a stale form (the version the user
saw must still be the case's version), refuses a step out of order, and, when the stage
changes, writes a HousingFirstStageChange row and the case's stage_since, so the time at each
stage can be read back (waypost.housing.housing_first_figures).

A step typed with a date (referral, panel, offer, tenancy) happened at that date: now when it
is today, midday London time for an earlier day, and never before the current stage began, so
the history stays in order. `at=` overrides that (imports, the demo). Dates in the future are
refused: the page records what has happened.

The views decide who may do what (waypost.housing.housing_first_access); these check again that
`agency` is in the case's partnership and that `by` holds a role there that may take the step,
so a mistake in a caller cannot let the wrong person move a case. `by=None` is the system.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.housing.housing_first_access import (
    MOVE_ROLES,
    PANEL_ROLES,
    REFER_ROLES,
    offered_elsewhere,
    open_case_for,
)
from waypost.housing.models import (
    HousingFirstCase,
    HousingFirstStage,
    HousingFirstStageChange,
    HousingSettings,
    PanelDecision,
    Property,
)
from waypost.housing.tenancy_actions import start_tenancy
from waypost.outreach.list_actions import moment_on
from waypost.people.models import Person

STALE_MESSAGE = (
    "Someone else changed this case while you were looking at it. "
    "Check where it is now before you carry on."
)
MAX_TEXT = 5000


class StaleCase(Exception):
    """The case changed since the user loaded the form: nothing was saved."""


class AlreadyReferred(Exception):
    """The person already has a Housing First case that is not closed (`case`)."""

    def __init__(self, case: HousingFirstCase) -> None:
        super().__init__("already referred")
        self.case = case


# --- Checks shared by every step -----------------------------------------------------------------


def _check_actor(
    partnership_id: object, *, agency: Agency, by: User | None, roles: tuple[str, ...]
) -> None:
    if agency.partnership_id != partnership_id:
        raise PermissionDenied
    if by is None:
        return
    if not Membership.objects.active().filter(user=by, agency=agency, role__in=roles).exists():
        raise PermissionDenied


def _text(value: str, *, required: str = "", field: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"Use {MAX_TEXT:,} characters or fewer"})
    return value


def _not_future(day: date | None, field: str, what: str) -> date:
    if day is None:
        raise ValidationError({field: f"Enter {what}"})
    if day > timezone.localdate():
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} must be today or earlier"})
    return day


def _locked(case: HousingFirstCase, version: int) -> HousingFirstCase:
    locked = HousingFirstCase.objects.select_for_update().get(pk=case.pk)
    if locked.version != version:
        raise StaleCase
    # UK GDPR Art. 18: a restricted record is kept, not processed further.
    if Person.objects.filter(pk=locked.person_id, restricted_at__isnull=False).exists():
        raise ValidationError("Their record is restricted, so the case cannot change.")
    return locked


def _expect(case: HousingFirstCase, *stages: str, step: str) -> None:
    if case.stage not in stages:
        raise ValidationError(
            f"This case is at “{case.get_stage_display()}”, so {step} cannot be recorded now."
        )


def _on_or_after_stage(case: HousingFirstCase, day: date, field: str, what: str) -> None:
    began = timezone.localdate(case.stage_since)
    if day < began:
        raise ValidationError(
            {field: f"{what[0].upper()}{what[1:]} must be on or after {began:%-d %B %Y}, when "
             f"the case reached “{case.get_stage_display()}”"}
        )  # fmt: skip


def _when(case: HousingFirstCase, day: date | None, at: datetime | None) -> datetime:
    """When the step happened: `at`, else from the date typed (see the module docstring)."""
    moment = at or moment_on(day or timezone.localdate(), not_before=case.stage_since)
    if moment < case.stage_since:
        raise ValidationError("A step cannot come before the stage it follows began.")
    return moment


def _save(case: HousingFirstCase, fields: list[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])
    Person.objects.filter(pk=case.person_id).update(last_activity_at=timezone.now())


def _move(
    case: HousingFirstCase,
    stage: str,
    *,
    at: datetime,
    agency: Agency,
    by: User | None,
    fields: list[str],
) -> HousingFirstCase:
    """Save `fields` and move the case to `stage` from `at`, with its stage-change row."""
    HousingFirstStageChange.objects.create(
        case=case,
        person_id=case.person_id,
        stage=stage,
        previous_stage=case.stage,
        changed_at=at,
        recorded_by_agency=agency,
        recorded_by=by,
    )
    case.stage = stage
    case.stage_since = at
    _save(case, [*fields, "stage", "stage_since"])
    return case


# --- The steps -----------------------------------------------------------------------------------


@transaction.atomic
def refer_to_housing_first(
    person: Person,
    *,
    reason: str,
    referred_on: date,
    agency: Agency,
    by: User | None,
    at: datetime | None = None,
) -> HousingFirstCase:
    """Open a Housing First case for the person, referred on `referred_on` for `reason`.

    Raises AlreadyReferred (with the open case) when they have one still open (see
    `open_case_for`: a case whose tenancy has ended is not), even
    when it was opened at the same moment by someone else (the database's one-open-case rule);
    ValidationError with a plain message for a missing reason or a future date.
    """
    _check_actor(person.partnership_id, agency=agency, by=by, roles=REFER_ROLES)
    reason = _text(reason, required="Enter why they are being referred", field="reason")
    referred_on = _not_future(referred_on, "referred_on", "the date of the referral")
    moment = at or moment_on(referred_on)
    # A case at its tenancy is not "in progress" for the database's rule: while that tenancy
    # lasts, it still stands in the way of a new referral.
    found = open_case_for(person)
    if found is not None:
        raise AlreadyReferred(found)
    try:
        with transaction.atomic():
            case = HousingFirstCase.objects.create(
                person=person,
                partnership_id=person.partnership_id,
                stage=HousingFirstStage.REFERRED,
                stage_since=moment,
                referred_on=referred_on,
                referral_reason=reason,
                recorded_by_agency=agency,
                recorded_by=by,
            )
    except IntegrityError:  # the database keeps one open case a person, even in a race
        found = open_case_for(person)
        if found is None:
            raise
        raise AlreadyReferred(found) from None
    HousingFirstStageChange.objects.create(
        case=case,
        person=person,
        stage=HousingFirstStage.REFERRED,
        changed_at=moment,
        recorded_by_agency=agency,
        recorded_by=by,
    )
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return case


@transaction.atomic
def record_eligibility(
    case: HousingFirstCase,
    *,
    version: int,
    eligible: bool,
    notes: str,
    agency: Agency,
    by: User | None,
    at: datetime | None = None,
) -> HousingFirstCase:
    """Eligible: the case moves on to wait for the panel. Not eligible: the case closes, with
    the notes as the reason (required then)."""
    _check_actor(case.partnership_id, agency=agency, by=by, roles=MOVE_ROLES)
    case = _locked(case, version)
    _expect(case, HousingFirstStage.REFERRED, step="eligibility")
    required = "" if eligible else "Enter why they are not eligible"
    case.eligible = eligible
    case.eligibility_notes = _text(notes, required=required, field="notes")
    fields = ["eligible", "eligibility_notes"]
    moment = _when(case, None, at)
    if eligible:
        return _move(
            case, HousingFirstStage.ELIGIBILITY, at=moment, agency=agency, by=by, fields=fields
        )
    case.closed_reason = f"Not eligible: {case.eligibility_notes}"
    return _move(
        case,
        HousingFirstStage.CLOSED,
        at=moment,
        agency=agency,
        by=by,
        fields=[*fields, "closed_reason"],
    )


@transaction.atomic
def record_panel_decision(
    case: HousingFirstCase,
    *,
    version: int,
    panel_on: date,
    decision: str,
    agency: Agency,
    by: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> HousingFirstCase:
    """The panel's decision (coordinators only). Approved: the case waits for a property.
    Deferred: it stays at the panel until the panel decides again. Declined: the case closes,
    with `reason` (required then)."""
    _check_actor(case.partnership_id, agency=agency, by=by, roles=PANEL_ROLES)
    if decision not in PanelDecision.values:
        raise ValidationError({"decision": "Choose the panel’s decision"})
    case = _locked(case, version)
    deferred = (
        case.stage == HousingFirstStage.PANEL and case.panel_decision == PanelDecision.DEFERRED
    )
    if not deferred:
        _expect(case, HousingFirstStage.ELIGIBILITY, step="a panel decision")
    panel_on = _not_future(panel_on, "panel_on", "the date of the panel")
    _on_or_after_stage(case, panel_on, "panel_on", "the date of the panel")
    reason = _text(
        reason,
        required="Enter why the panel declined" if decision == PanelDecision.DECLINED else "",
        field="reason",
    )
    moment = _when(case, panel_on, at)
    case.panel_on = panel_on
    case.panel_decision = decision
    fields = ["panel_on", "panel_decision"]
    if decision == PanelDecision.DECLINED:
        case.closed_reason = f"Declined by the panel: {reason}"
        return _move(
            case,
            HousingFirstStage.CLOSED,
            at=moment,
            agency=agency,
            by=by,
            fields=[*fields, "closed_reason"],
        )
    if deferred:  # still at the panel: the decision changes, the stage does not
        _save(case, fields)
        return case
    return _move(case, HousingFirstStage.PANEL, at=moment, agency=agency, by=by, fields=fields)


@transaction.atomic
def offer_property(
    case: HousingFirstCase,
    *,
    version: int,
    home: Property,
    offered_on: date,
    agency: Agency,
    by: User | None,
    at: datetime | None = None,
) -> HousingFirstCase:
    """Offer `home` once the panel approved. At the offer stage already (the first offer fell
    through) another home replaces it and the stage does not change. The home must be in the
    case's partnership, free to offer, and not offered to someone else's open case."""
    _check_actor(case.partnership_id, agency=agency, by=by, roles=MOVE_ROLES)
    case = _locked(case, version)
    approved = (
        case.stage == HousingFirstStage.PANEL and case.panel_decision == PanelDecision.APPROVED
    )
    if not approved:
        _expect(case, HousingFirstStage.OFFER, step="a property offer")
    home = Property.objects.select_for_update().get(pk=home.pk)
    if home.partnership_id != case.partnership_id:
        raise ValidationError({"property": "That home belongs to another partnership."})
    if not home.is_available:
        raise ValidationError({"property": "That home is no longer free to offer."})
    if offered_elsewhere(case).filter(property_id=home.pk).exists():
        raise ValidationError({"property": "That home has just been offered to someone else."})
    offered_on = _not_future(offered_on, "offered_on", "the date of the offer")
    _on_or_after_stage(case, offered_on, "offered_on", "the date of the offer")
    case.property = home
    case.offered_on = offered_on
    fields = ["property", "offered_on"]
    if case.stage == HousingFirstStage.OFFER:
        _save(case, fields)
        return case
    moment = _when(case, offered_on, at)
    return _move(case, HousingFirstStage.OFFER, at=moment, agency=agency, by=by, fields=fields)


@transaction.atomic
def start_housing_first_tenancy(
    case: HousingFirstCase,
    *,
    version: int,
    started_on: date,
    floating_support: bool,
    floating_support_agency: Agency | None,
    agency: Agency,
    by: User | None,
    at: datetime | None = None,
) -> HousingFirstCase:
    """Start the tenancy of the offered home (waypost.housing.tenancy_actions.start_tenancy:
    the home is let, the person shows as housed on the by-name list) and link it to the case,
    which reaches its last stage. Floating support needs the agency that gives it."""
    _check_actor(case.partnership_id, agency=agency, by=by, roles=MOVE_ROLES)
    case = _locked(case, version)
    _expect(case, HousingFirstStage.OFFER, step="the start of a tenancy")
    if case.property_id is None:  # an offer always names a home; a hand-made row may not
        raise ValidationError("Offer a property before starting a tenancy.")
    started_on = _not_future(started_on, "started_on", "the date the tenancy started")
    _on_or_after_stage(case, started_on, "started_on", "the date the tenancy started")
    if floating_support and floating_support_agency is None:
        raise ValidationError(
            {"floating_support_agency": "Choose the agency that gives floating support"}
        )
    if floating_support_agency is not None and (
        floating_support_agency.partnership_id != case.partnership_id
    ):
        raise ValidationError(
            {"floating_support_agency": "Choose an agency in the person’s partnership"}
        )
    moment = _when(case, started_on, at)
    person = Person.objects.get(pk=case.person_id)
    case.tenancy = start_tenancy(
        person,
        Property.objects.get(pk=case.property_id),
        agency=agency,
        by=by,
        started_on=started_on,
        floating_support=floating_support,
        floating_support_agency=floating_support_agency if floating_support else None,
    )
    return _move(
        case, HousingFirstStage.TENANCY, at=moment, agency=agency, by=by, fields=["tenancy"]
    )


@transaction.atomic
def close_case(
    case: HousingFirstCase,
    *,
    version: int,
    reason: str,
    agency: Agency,
    by: User | None,
    at: datetime | None = None,
) -> HousingFirstCase:
    """Close the case before a tenancy (they moved away, chose other housing, died...), with
    the reason. A case whose tenancy started is not closed: the tenancy pages follow it."""
    _check_actor(case.partnership_id, agency=agency, by=by, roles=MOVE_ROLES)
    case = _locked(case, version)
    if case.stage == HousingFirstStage.TENANCY:
        raise ValidationError("Their tenancy has started, so the case cannot be closed here.")
    if case.stage == HousingFirstStage.CLOSED:
        raise ValidationError("This case is already closed.")
    case.closed_reason = _text(reason, required="Enter why the case is closing", field="reason")
    return _move(
        case,
        HousingFirstStage.CLOSED,
        at=_when(case, None, at),
        agency=agency,
        by=by,
        fields=["closed_reason"],
    )


# --- Settings ------------------------------------------------------------------------------------

MAX_TARGET = 100_000
MAX_WINDOW_DAYS = 365


@transaction.atomic
def save_housing_settings(
    partnership: Partnership,
    *,
    housing_first_target: int,
    new_people_window_days: int,
    by: User | None,
) -> HousingSettings:
    """Set the partnership's Housing First target and room for all's window for new people
    (the row is made the first time). `by` is recorded by the change log's request actor."""
    if not 1 <= housing_first_target <= MAX_TARGET:
        raise ValidationError({"housing_first_target": f"Enter a target from 1 to {MAX_TARGET:,}"})
    if not 1 <= new_people_window_days <= MAX_WINDOW_DAYS:
        raise ValidationError(
            {"new_people_window_days": f"Enter a number of days from 1 to {MAX_WINDOW_DAYS}"}
        )
    settings, _ = HousingSettings.objects.select_for_update().get_or_create(partnership=partnership)
    settings.housing_first_target = housing_first_target
    settings.new_people_window_days = new_people_window_days
    settings.save(update_fields=["housing_first_target", "new_people_window_days"])
    return settings
