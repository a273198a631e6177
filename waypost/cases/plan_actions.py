"""Writes to support plans: goals and the actions that serve them.

Each function is one transaction. Views and the API decide who may write
(waypost.cases.plan_access); these check again that `agency` is in the person's partnership and
that `by` holds a role there covering the support section, so a mistake in a caller cannot let
someone write what they may not see. `by=None` is the system itself (the demo seed).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, User
from waypost.audit.models import Section
from waypost.cases.models import Goal, Meeting, PlanAction, PlanStatus
from waypost.people.models import Person
from waypost.sharing.policy import FRONTLINE_ROLES, ROLE_SECTIONS


class PlanConflict(Exception):
    """Someone else changed the action since this edit began."""


CONFLICT_MESSAGE = (
    "Someone else changed this action while you were editing it. "
    "Check what it says now and make your change again."
)


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())


def _check_writer(
    person: Person, *, by: User | None, agency: Agency, owner_agency_id: object = None
) -> None:
    """Refuse unless `agency` is in the person's partnership and `by` holds a role there
    covering support plans, or (for an action) any front-line role at the action's owner
    agency: they were asked to do it, so they may say it is done."""
    if agency.partnership_id != person.partnership_id:
        raise ValidationError("The agency acting must be in the person's partnership")
    if by is None:
        return
    roles = set(
        Membership.objects.active().filter(user=by, agency=agency).values_list("role", flat=True)
    )
    if any(Section.SUPPORT in ROLE_SECTIONS.get(role, ()) for role in roles):
        return
    if agency.pk == owner_agency_id and roles & FRONTLINE_ROLES:
        return
    raise PermissionDenied


def owner_works_for(owner: User, agency: Agency) -> bool:
    """Whether `owner` is front-line staff of `agency` today."""
    return (
        Membership.objects.active()
        .filter(user=owner, agency=agency, role__in=FRONTLINE_ROLES)
        .exists()
    )


def _clean_text(text: str, message: str, limit: int = 500) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    if len(text) > limit:
        raise ValidationError(f"Use {limit} characters or fewer")
    return text


@transaction.atomic
def add_action(
    *,
    person: Person,
    text: str,
    owner_agency: Agency,
    due_on: date,
    by: User | None,
    agency: Agency,
    owner: User | None = None,
    goal: Goal | None = None,
    meeting: Meeting | None = None,
) -> PlanAction:
    """An action in the person's support plan, owned by `owner_agency` (and optionally one
    of its staff, `owner`), recorded by `agency` for which `by` acts. Made on the plan page
    or in a meeting. Raises ValidationError with a plain message when something does not fit.
    """
    _check_writer(person, by=by, agency=agency)
    text = _clean_text(text, "Enter what needs to be done")
    if due_on is None:
        raise ValidationError("Enter the date the action is due")
    if owner_agency.partnership_id != person.partnership_id or not owner_agency.is_active:
        raise ValidationError("Choose an agency in the person's partnership")
    if owner is not None and not owner_works_for(owner, owner_agency):
        raise ValidationError("The person responsible must work for the agency that owns it")
    if goal is not None and (goal.person_id != person.pk or goal.status != PlanStatus.OPEN):
        raise ValidationError("Choose one of the person's open goals")
    if meeting is not None and meeting.partnership_id != person.partnership_id:
        raise ValidationError("The meeting must be in the person's partnership")
    action = PlanAction.objects.create(
        person=person,
        text=text,
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        goal=goal,
        meeting=meeting,
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return action


@transaction.atomic
def add_goal(*, person: Person, text: str, by: User | None, agency: Agency) -> Goal:
    """Something the person wants to achieve, in their words where possible."""
    _check_writer(person, by=by, agency=agency)
    goal = Goal.objects.create(
        person=person,
        text=_clean_text(text, "Enter the goal"),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return goal


@transaction.atomic
def close_goal(goal: Goal, *, status: str, by: User | None, agency: Agency) -> Goal:
    """Mark a goal achieved (done) or no longer wanted (cancelled). Its open actions stay as
    they are: each belongs to an agency that closes it itself."""
    _check_writer(goal.person, by=by, agency=agency)
    if status not in (PlanStatus.DONE, PlanStatus.CANCELLED):
        raise ValidationError("Choose whether the goal was achieved or is no longer wanted")
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    if current.status != PlanStatus.OPEN:
        raise ValidationError("This goal is already closed")
    current.status = status
    current.closed_at = timezone.now()
    current.save(update_fields=["status", "closed_at"])
    _touch(current.person)
    return current


@transaction.atomic
def update_action(
    action: PlanAction,
    *,
    version: int,
    by: User | None,
    agency: Agency,
    status: str | None = None,
    outcome: str = "",
    due_on: date | None = None,
    owner: User | None = None,
    change_owner: bool = False,
) -> PlanAction:
    """Close an action (done or cancelled, with what happened) or move its due date or owner.

    Refuses with PlanConflict when the action changed since `version` was read, so two people
    closing the same action cannot overwrite each other.
    """
    _check_writer(action.person, by=by, agency=agency, owner_agency_id=action.owner_agency_id)
    current = PlanAction.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        raise PlanConflict
    if current.status != PlanStatus.OPEN:
        raise ValidationError("This action is already closed")
    if status is not None and status != PlanStatus.OPEN:
        if status not in (PlanStatus.DONE, PlanStatus.CANCELLED):
            raise ValidationError("Choose whether the action is done or cancelled")
        outcome = (outcome or "").strip()
        if status == PlanStatus.CANCELLED and not outcome:
            raise ValidationError("Say why the action is cancelled")
        current.status = status
        current.outcome = outcome
        current.completed_at = timezone.now()
    if due_on is not None and due_on != current.due_on:
        current.due_on = due_on
        current.reminded_on = None  # a new date earns a new reminder
    if change_owner:
        if owner is not None and not owner_works_for(owner, current.owner_agency):
            raise ValidationError("The person responsible must work for the agency that owns it")
        current.owner = owner
    current.version += 1
    # Not reminded_on unless the date moved: the reminder task sets it without a version.
    fields = ["status", "outcome", "completed_at", "due_on", "owner", "version"]
    current.save(update_fields=[*fields, "reminded_on"] if due_on is not None else fields)
    _touch(current.person)
    return current
