"""Writes for alerts: receive, verify, link a person, forward, and set a partnership's area.

Each action is one transaction; emails and notifications go through the outbox inside it, so
nothing is sent for a change that rolled back.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, Role, User
from waypost.lib.working_days import add_working_days
from waypost.notifications.actions import notify, queue_email
from waypost.people.models import Person
from waypost.referrals.models import (
    DUE_WORKING_DAYS,
    OPEN_STATUSES,
    OUTCOME_FOR_ALERTER,
    Alert,
    AlertSource,
    AlertStatus,
    AlertVisit,
    AreaPlace,
    AreaPostcodeDistrict,
    Outcome,
    new_reference,
)
from waypost.referrals.routing import (
    normalise_district,
    normalise_place,
    normalise_postcode,
    route_place,
)

# What an alert may be created with (the public form and the API send the same).
ALERT_FIELDS = frozenset(
    {
        "street",
        "building",
        "postcode",
        "town",
        "location_description",
        "latitude",
        "longitude",
        "seen_on",
        "seen_time",
        "how_often",
        "appearance",
        "age_range",
        "gender",
        "name_if_known",
        "concerns",
        "alerter_type",
        "alerter_email",
        "wants_feedback",
    }
)


class AlertChanged(Exception):
    """Someone else recorded something on the alert since the form was opened."""


class AlertNotOpen(Exception):
    """The alert already has an outcome (or was forwarded): nothing more can be recorded."""


@transaction.atomic
def receive_alert(
    *, source: str = AlertSource.WEB, sent_by: User | None = None, **fields: Any
) -> Alert:
    """Store a new alert, route it to the partnership whose area covers the place (or to the
    coordinators when none does) and tell the people who act on it, without personal data.

    The outcome is due `DUE_WORKING_DAYS` working days after the day it arrived (London time).
    The alerter's email is kept only when they asked for an update.
    """
    unknown = set(fields) - ALERT_FIELDS
    if unknown:
        raise TypeError(f"Not alert fields: {sorted(unknown)}")
    fields["postcode"] = normalise_postcode(fields.get("postcode", ""))
    if not fields.get("wants_feedback"):
        fields["alerter_email"] = ""
    route = route_place(postcode=fields["postcode"], town=fields.get("town", ""))
    received_at = timezone.now()
    alert = Alert(
        source=source,
        sent_by=sent_by,
        received_at=received_at,
        partnership=route.partnership,
        routed_by=route.how,
        status=AlertStatus.WAITING if route.partnership else AlertStatus.OUT_OF_AREA,
        due_on=add_working_days(timezone.localdate(received_at), DUE_WORKING_DAYS),
        **fields,
    )
    save_with_unique_reference(alert)
    if alert.partnership is not None:
        _tell_outreach(alert, alert.partnership)
    else:
        _tell_coordinators(alert)
    return alert


def save_with_unique_reference(record: Any) -> None:
    """Insert an alert or a referral, drawing a new reference if it clashes with one in use.

    A clash is about one in 10**15 per pair; retrying costs nothing."""
    model = type(record)
    for _ in range(5):
        try:
            with transaction.atomic():
                record.save(force_insert=True)
            return
        except IntegrityError:
            if model.objects.filter(reference=record.reference).exists():
                record.reference = new_reference()
                continue
            raise
    raise RuntimeError(f"Could not find an unused {model._meta.verbose_name} reference")


def members_with(roles: Iterable[str], partnership: Partnership | None = None) -> list[User]:
    memberships = Membership.objects.active().filter(role__in=list(roles))
    if partnership is not None:
        memberships = memberships.filter(agency__partnership=partnership)
    return list(User.objects.filter(pk__in=memberships.values("user")).order_by("pk"))


def _alert_link(alert: Alert) -> str:
    return reverse("alerts:detail", args=[alert.pk])


def _tell_outreach(alert: Alert, partnership: Partnership) -> None:
    due = alert.due_on.strftime("%-d %B %Y")
    for user in members_with([Role.OUTREACH_WORKER], partnership):
        notify(
            user,
            title="New alert to verify",
            body=f"Someone sent an alert about a person sleeping rough in your area. "
            f"An outcome is due by {due}.",
            link=_alert_link(alert),
        )


def _tell_coordinators(alert: Alert) -> None:
    for user in members_with([Role.COORDINATOR]):
        notify(
            user,
            title="Alert outside every partnership's area",
            body="An alert came in for a place no partnership's area covers. "
            "Forward it to the team that covers the place.",
            link=_alert_link(alert),
        )


def _locked(alert: Alert, version: int | None) -> Alert:
    current = Alert.objects.select_for_update().get(pk=alert.pk)
    if version is not None and current.version != version:
        raise AlertChanged
    if current.status not in OPEN_STATUSES:
        raise AlertNotOpen
    return current


@transaction.atomic
def record_visit(
    alert: Alert,
    *,
    version: int,
    visited_at: datetime,
    outcome: str,
    notes: str = "",
    by: User,
    agency: Agency,
    duplicates: Sequence[Alert] = (),
) -> Alert:
    """Record outreach's verification visit with StreetLink's outcome code.

    Any outcome but "not yet known" closes the alert and emails the alerter an update when
    they asked for one. `duplicates` are other open alerts in the same partnership about the
    same person and place: they get the same visit and outcome and follow this alert (a
    person linked to it later is linked to them too). Raises AlertChanged when the alert
    changed since `version`, AlertNotOpen when it already has an outcome.
    """
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    current = _locked(alert, version)
    if current.status != AlertStatus.WAITING:
        raise AlertNotOpen
    _visit(current, visited_at=visited_at, outcome=outcome, notes=notes, by=by, agency=agency)
    for other in duplicates:
        if other.pk == current.pk:
            continue
        twin = _locked(other, None)
        if twin.partnership_id != current.partnership_id or twin.status != AlertStatus.WAITING:
            raise AlertNotOpen
        twin.duplicate_of = current
        if twin.person_id is None:
            twin.person_id = current.person_id
        _visit(twin, visited_at=visited_at, outcome=outcome, notes=notes, by=by, agency=agency)
    return current


def _visit(
    alert: Alert, *, visited_at: datetime, outcome: str, notes: str, by: User, agency: Agency
) -> None:
    AlertVisit.objects.create(
        alert=alert,
        visited_at=visited_at,
        outcome=outcome,
        notes=notes,
        recorded_by=by,
        recorded_by_agency=agency,
    )
    if outcome != Outcome.NOT_YET_KNOWN:
        alert.status = AlertStatus.CLOSED
        alert.outcome = outcome
        alert.closed_at = timezone.now()
        alert.closed_by = by
        _send_update(alert, OUTCOME_FOR_ALERTER[outcome])
    alert.version += 1
    alert.save()


@transaction.atomic
def link_person(alert: Alert, person: Person, *, by: User) -> Alert:
    """Link the alert, and the alerts verified with it, to the person outreach found.

    The caller has checked that `by` may see the person (people.access) and the alert.
    """
    if person.partnership_id != alert.partnership_id:
        raise ValueError("The person belongs to another partnership")
    current = Alert.objects.select_for_update().get(pk=alert.pk)
    current.person = person
    current.version += 1
    current.save(update_fields=["person", "version"])
    for twin in Alert.objects.filter(duplicate_of=current).select_for_update():
        twin.person = person
        twin.version += 1
        twin.save(update_fields=["person", "version"])
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return current


@transaction.atomic
def forward_alert(
    alert: Alert,
    *,
    by: User,
    partnership: Partnership | None = None,
    forwarded_to: str = "",
) -> Alert:
    """Send an alert to the partnership that covers the place (it then waits for that
    partnership's outreach team), or record that it was passed to a service outside Waypost
    (`forwarded_to`), which closes it and tells the alerter."""
    if (partnership is None) == (not forwarded_to.strip()):
        raise ValueError("Forward to a partnership or to a named service outside Waypost")
    current = _locked(alert, None)
    if partnership is not None:
        current.partnership = partnership
        current.status = AlertStatus.WAITING
        current.routed_by = f"forwarded by {by.full_name or by.email}"[:100]
        _tell_outreach(current, partnership)
    else:
        current.status = AlertStatus.FORWARDED
        current.forwarded_to = forwarded_to.strip()
        current.closed_at = timezone.now()
        current.closed_by = by
        _send_update(
            current,
            "The place you described is outside the areas our outreach teams cover, so we "
            "passed your alert to the outreach service for that area.",
        )
    current.version += 1
    current.save()
    return current


def _send_update(alert: Alert, what_happened: str) -> None:
    """Email the alerter (only when they asked) and then forget their address: it is kept no
    longer than needed for this one update. Plain text, nothing about the person."""
    if not (alert.wants_feedback and alert.alerter_email):
        return
    received = timezone.localtime(alert.received_at).strftime("%-d %B %Y")
    lines = [
        f"Thank you for sending an alert on {received} (reference {alert.display_reference}).",
        "",
        what_happened,
        "",
    ]
    base = settings.WAYPOST_BASE_URL.rstrip("/")
    if base:
        status = reverse("alerts:status", args=[alert.reference])
        lines += [f"You can check the alert's status at {base}{status}", ""]
    lines += [
        "If you see someone sleeping rough again, you can send another alert.",
        "If someone is in danger or needs urgent medical help, call 999.",
        "",
        "We have now deleted your email address from the alert.",
    ]
    queue_email(
        to=alert.alerter_email,
        subject=f"Update on your alert {alert.display_reference}",
        body="\n".join(lines),
    )
    alert.alerter_email = ""
    alert.feedback_sent_at = timezone.now()


@transaction.atomic
def set_alert_area(
    partnership: Partnership, *, districts: Iterable[str], places: Iterable[str], by: User
) -> None:
    """Replace the partnership's postcode districts and named places. A district already in
    another partnership's area is refused (IntegrityError): the form checks first."""
    wanted_districts = {normalise_district(d) for d in districts if d.strip()}
    wanted_places = {normalise_place(p): p.strip() for p in places if normalise_place(p)}
    AreaPostcodeDistrict.objects.filter(partnership=partnership).exclude(
        district__in=wanted_districts
    ).delete()
    existing = set(
        AreaPostcodeDistrict.objects.filter(partnership=partnership).values_list(
            "district", flat=True
        )
    )
    for district in sorted(wanted_districts - existing):
        AreaPostcodeDistrict.objects.create(partnership=partnership, district=district)
    AreaPlace.objects.filter(partnership=partnership).exclude(
        normalised_name__in=wanted_places
    ).delete()
    for normalised, name in sorted(wanted_places.items()):
        AreaPlace.objects.update_or_create(
            partnership=partnership, normalised_name=normalised, defaults={"name": name}
        )


def remind_overdue_alerts(today: date | None = None) -> int:
    """Tell each partnership's outreach workers and coordinators how many of their alerts are
    past their due date, and every coordinator how many alerts are waiting to be forwarded,
    in the app and by email. Counts only, never anything about the people. Returns how many
    people were told. Run once a day (the scheduler's `overdue-alerts` job)."""
    today = today or timezone.localdate()
    told = 0
    overdue = (
        Alert.objects.overdue(today)
        .filter(status=AlertStatus.WAITING)
        .values_list("partnership_id", flat=True)
    )
    counts: dict[Any, int] = {}
    for partnership_id in overdue:
        counts[partnership_id] = counts.get(partnership_id, 0) + 1
    link = reverse("alerts:queue")
    for partnership in Partnership.objects.filter(pk__in=list(counts)):
        number = counts[partnership.pk]
        for user in members_with([Role.OUTREACH_WORKER, Role.COORDINATOR], partnership):
            with transaction.atomic():
                notify(
                    user,
                    title="Overdue alerts",
                    body=f"{number} alert{'s are' if number != 1 else ' is'} waiting for an "
                    f"outcome past the 10 working days in {partnership.name}.",
                    link=link,
                    email=True,
                )
            told += 1
    stray = Alert.objects.filter(status=AlertStatus.OUT_OF_AREA).count()
    if stray:
        for user in members_with([Role.COORDINATOR]):
            with transaction.atomic():
                notify(
                    user,
                    title="Alerts waiting to be forwarded",
                    body=f"{stray} alert{'s are' if stray != 1 else ' is'} outside every "
                    "partnership's area and waiting for a coordinator to forward.",
                    link=link,
                    email=True,
                )
            told += 1
    return told
