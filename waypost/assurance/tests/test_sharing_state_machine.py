"""Stateful property test: sharing over time (issue 11, point 2).

Hypothesis drives one person's record through sequences of real service calls (consent given,
narrowed and withdrawn, staff leaving and joining, break-glass opened, the clock moving on,
processing restricted and lifted). After each change, everyone whose view the change should
alter makes their next request, and a read rule has anyone read at any time, through the real
pages and API: the person page, the identity edit page, the API person detail, and search on
the people list and the API. Each answer is compared with a small model of who should see
what, written from design.md "The access policy" (not from policy.py); every read that shows
anything must be in the access log, and a refused one must log nothing about the person.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from waypost.accounts.actions import add_membership, end_membership
from waypost.accounts.models import Membership, Role
from waypost.assurance.sharing_machine import (
    ALL_AGENCIES,
    BRUM,
    COVENTRY_AGENCIES,
    FAMILY_NAME,
    GIVEN_NAME,
    OFFICERS,
    RECORDING_AGENCY,
    SIGNED_AGENCIES,
    STAFF,
    SharingWorld,
    build_sharing_world,
)
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.notifications.models import Notification
from waypost.sharing.actions import (
    break_glass,
    lift_restriction,
    restrict_processing,
)
from waypost.sharing.models import BreakGlass, PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.sharing.tests.test_policy_properties import (
    REFERENCE_ROLE_SECTIONS,
    SHARING_STATUSES,
)
from waypost.testing.people import give_consent
from waypost.testing.personas import mark_recently_authenticated

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Break-glass lasts 24 hours unless the user asks for 1 to 72 (the break-glass page and
# sharing/tests/test_break_glass.py).
DEFAULT_GLASS_HOURS = 24
BREAK_GLASS_REASON = "Found collapsed, needs medical history"
# Roles staff may join with: every front-line role.
JOIN_ROLES = (Role.CASEWORKER, Role.OUTREACH_WORKER, Role.REFERRER, Role.PROVIDER)
STEPS = (
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=23),
    timedelta(hours=24),
    timedelta(days=3),
)
# Who reads. Staff of the signed agencies other than the recorder, whose view turns on consent
# and break-glass, are listed twice so they read twice as often as the rest.
VIEWERS = (
    *STAFF,
    *OFFICERS,
    *(key for key, (agency, _) in STAFF.items() if agency in SIGNED_AGENCIES - {RECORDING_AGENCY}),
)
DETAIL_ROUTES = ("people:detail", "api-person", "people:edit")
SEARCH_ROUTES = ("people:list", "api-people")
reads = st.tuples(st.sampled_from(VIEWERS), st.sampled_from((*DETAIL_ROUTES, *SEARCH_ROUTES)))
# The routes the people a change affects use for their next request.
looks = st.tuples(st.sampled_from(DETAIL_ROUTES), st.sampled_from(SEARCH_ROUTES))


# --- The model: who should see what, from the documented rules --------------------------------


@dataclass(frozen=True)
class Consent:
    status: str
    sections: frozenset[str]
    agencies: frozenset[str] | None  # None: every agency that signed the agreement


@dataclass
class Glass:
    user: str
    agency: str
    expires_at: datetime
    ended: bool = False


@dataclass
class Model:
    """design.md: a user sees a section when their agency has an in-date agreement, their
    role allows the section, and the person's sharing permission covers it (or a break-glass
    is open), or their own agency recorded it. Without permission, staff of agencies that
    signed see only that the record exists. Withdrawal applies on the next request; leavers
    see nothing; restricted records appear in no search or list."""

    now: datetime
    memberships: dict[str, set[tuple[str, str]]]
    consent: Consent | None = None
    glass: list[Glass] = field(default_factory=list)
    restricted: bool = False

    def is_leaver(self, user: str) -> bool:
        return not self.memberships[user]

    def has_casework_role(self, user: str) -> bool:
        return any(REFERENCE_ROLE_SECTIONS.get(role) for _, role in self.memberships[user])

    def frontline(self, user: str) -> set[tuple[str, str]]:
        """The user's memberships in the person's partnership with a role that sees casework."""
        return {
            (agency, role)
            for agency, role in self.memberships[user]
            if agency in COVENTRY_AGENCIES and REFERENCE_ROLE_SECTIONS.get(role)
        }

    def knows_exists(self, user: str) -> bool:
        return any(
            agency in SIGNED_AGENCIES or agency == RECORDING_AGENCY
            for agency, _ in self.frontline(user)
        )

    def glass_open(self, user: str, agency: str) -> bool:
        # Break-glass is the user's, through that agency, until it expires or the membership
        # it was used through ends: one who rejoins the agency before expiry does not have it.
        return any(
            g.user == user and g.agency == agency and g.expires_at > self.now and not g.ended
            for g in self.glass
        )

    def consent_covers(self, section: str, agency: str) -> bool:
        c = self.consent
        return (
            c is not None
            and c.status in SHARING_STATUSES
            and section in c.sections
            and (c.agencies is None or agency in c.agencies)
        )

    def may_see(self, user: str, section: str, recorded_by: str) -> bool:
        for agency, role in self.frontline(user):
            if section not in REFERENCE_ROLE_SECTIONS[role]:
                continue
            if agency == recorded_by:
                return True
            if agency in SIGNED_AGENCIES and (
                self.glass_open(user, agency) or self.consent_covers(section, agency)
            ):
                return True
        return False

    def findable(self, user: str) -> bool:
        return not self.restricted and self.may_see(user, Section.IDENTITY, RECORDING_AGENCY)

    def reads_through_glass(self, user: str) -> bool:
        return any(
            self.glass_open(user, agency)
            for agency, _ in self.frontline(user)
            if agency in SIGNED_AGENCIES
        )

    def may_break_glass(self, user: str, agency: str) -> bool:
        # The break-glass action's contract: a front-line role at an agency of the person's
        # partnership that has signed the agreement.
        return agency in SIGNED_AGENCIES and any(a == agency for a, _ in self.frontline(user))


# --- The machine --------------------------------------------------------------------------

consents = st.builds(
    Consent,
    status=st.sampled_from(sorted(SHARING_STATUSES)),
    sections=st.frozensets(st.sampled_from(PERSON_SECTIONS), min_size=1),
    agencies=st.none() | st.frozensets(st.sampled_from(COVENTRY_AGENCIES), min_size=1),
)


class SharingOverTime(RuleBasedStateMachine):
    """One run: the world as built (at START, no permission), then hypothesis's steps. Each
    run starts at START again and is rolled back at its end."""

    def __init__(self, world: SharingWorld) -> None:
        super().__init__()
        self.world = world
        self.savepoint = transaction.savepoint_create()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.model = Model(
            now=START,
            memberships={key: {(agency, role)} for key, (agency, role) in STAFF.items()}
            | {key: {(agency, Role.DPO)} for key, agency in OFFICERS.items()},
        )
        self.seen_events: set[object] = set()
        # One client (its middleware is loaded once), signed in afresh for each request.
        self.client = Client()

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)
        self.traveller.stop()

    # Consent ---------------------------------------------------------------------------------

    def _record(self, consent: Consent) -> None:
        give_consent(
            self.world.person,
            self.world.recorder,
            self.world.agencies[RECORDING_AGENCY],
            status=consent.status,
            sections=consent.sections,
            agencies=None
            if consent.agencies is None
            else [self.world.agencies[a] for a in sorted(consent.agencies)],
            best_interests_decision="Best interests meeting with the GP",
            gateway="safeguarding",
            gateway_justification="Risk of serious harm",
        )
        self.model.consent = consent

    @initialize(consent=st.none() | consents)
    def first_decision(self, consent):
        """Most runs start with the person's decision already recorded."""
        if consent is not None:
            self._record(consent)

    # After each change, everyone whose view it changes makes their next request, through a
    # detail route and (when it changes whether they find the person) a search: withdrawal,
    # leaving, expiry and restriction must all apply on the very next request.

    @rule(consent=consents, look=looks)
    def grant(self, consent, look):
        before = self._views()
        self._record(consent)
        self._next_requests(before, *look)

    @rule(
        status=st.sampled_from([PermissionStatus.WITHDRAWN, PermissionStatus.REFUSED]),
        agency=st.none() | st.sampled_from(COVENTRY_AGENCIES),
        look=looks,
    )
    def withdraw(self, status, agency, look):
        """Withdraw altogether, or stop sharing with one agency: the product records a new
        permission without that agency."""
        before = self._views()
        current = self.model.consent
        narrowed = None
        if agency is not None and current is not None and current.status in SHARING_STATUSES:
            left = (current.agencies or frozenset(COVENTRY_AGENCIES)) - {agency}
            narrowed = Consent(current.status, current.sections, left) if left else None
        self._record(narrowed or Consent(status, frozenset(), None))
        self._next_requests(before, *look)

    # Staff -----------------------------------------------------------------------------------

    @rule(user=st.sampled_from(sorted(STAFF)), look=looks)
    def leaver(self, user, look):
        """The admin ends every membership the user has."""
        before = self._views()
        for membership in Membership.objects.active().filter(user=self.world.users[user]):
            end_membership(membership, by=self.world.admin)
        self.model.memberships[user] = set()
        for glass in self.model.glass:
            glass.ended = glass.ended or glass.user == user
        self._next_requests(before, *look)

    @rule(
        user=st.sampled_from(sorted(STAFF)),
        agency=st.sampled_from(COVENTRY_AGENCIES),
        role=st.sampled_from(JOIN_ROLES),
        look=looks,
    )
    def join(self, user, agency, role, look):
        before = self._views()
        add_membership(
            user=self.world.users[user],
            agency=self.world.agencies[agency],
            role=role,
            by=self.world.admin,
        )
        self.model.memberships[user].add((agency, role))
        self._next_requests(before, *look)

    # Break-glass and the clock ---------------------------------------------------------------

    @rule(
        user=st.sampled_from(sorted(STAFF)),
        agency=st.none() | st.sampled_from(ALL_AGENCIES),
        hours=st.sampled_from([None, 1, 72]),
        look=looks,
    )
    def use_break_glass(self, user, agency, hours, look):
        """Break glass through an agency (the one the user works for, when None)."""
        before = self._views()
        if agency is None:
            agency = min((a for a, _ in self.model.memberships[user]), default=BRUM)
        told_before = {key: self._notifications(key) for key in OFFICERS}
        extra = {} if hours is None else {"hours": hours}

        def call():
            return break_glass(
                self.world.person,
                reason=BREAK_GLASS_REASON,
                agency=self.world.agencies[agency],
                by=self.world.users[user],
                **extra,
            )

        if not self.model.may_break_glass(user, agency):
            with pytest.raises(ValidationError):
                call()
            assert {key: self._notifications(key) for key in OFFICERS} == told_before
            return
        use = call()
        duration = timedelta(hours=hours or DEFAULT_GLASS_HOURS)
        assert use.expires_at - use.started_at == duration
        self.model.glass.append(Glass(user, agency, self.model.now + duration))
        # The agency's data protection officer is told at once; no other officer is.
        for key, officer_agency in OFFICERS.items():
            told = told_before[key] + (1 if officer_agency == agency else 0)
            assert self._notifications(key) == told
        self._next_requests(before, *look)

    def _notifications(self, officer: str) -> int:
        return Notification.objects.filter(
            user=self.world.users[officer], title="Break-glass access to review"
        ).count()

    @rule(step=st.sampled_from(STEPS), look=looks)
    def advance_time(self, step, look):
        before = self._views()
        self.clock.shift(step)
        self.model.now += step
        self._next_requests(before, *look)

    # Restriction of processing ---------------------------------------------------------------

    @rule(look=looks)
    def restrict_or_lift(self, look):
        before = self._views()
        dpo = self.world.users["council_dpo"]
        if self.model.restricted:
            lift_restriction(self.world.person, by=dpo)
        else:
            restrict_processing(self.world.person, reason="Contests the accuracy", by=dpo)
        self.model.restricted = not self.model.restricted
        self._next_requests(before, *look)

    @invariant()
    def every_break_glass_use_is_kept_for_review(self):
        assert BreakGlass.objects.filter(person=self.world.person).count() == len(self.model.glass)

    # Reads -----------------------------------------------------------------------------------

    @rule(then=reads)
    def read(self, then):
        self._read(*then)

    def _views(self) -> dict[str, tuple[object, ...]]:
        """What the model says each reader gets from a detail route, and from search."""
        return {
            user: (
                (self._refusal(user), frozenset(self._expected_shown(user))),
                self.model.reads_through_glass(user),
                self.model.findable(user),
            )
            for user in sorted(set(VIEWERS))
        }

    def _next_requests(self, before: dict[str, tuple[object, ...]], route: str, search: str):
        for user, (shown, glass, found) in self._views().items():
            was_shown, was_glass, was_found = before[user]
            if (shown, glass) != (was_shown, was_glass):
                self._read(user, route)
            if found != was_found:
                self._read(user, search)

    def _read(self, user: str, route: str) -> None:
        {
            "people:detail": self._person_page,
            "api-person": self._api_person,
            "people:edit": self._identity_page,
            "people:list": self._search,
            "api-people": self._search,
        }[route](user, route)

    def _person_page(self, user: str, route: str) -> None:
        self._detail(user, route, Channel.PAGE)

    def _api_person(self, user: str, route: str) -> None:
        self._detail(user, route, Channel.API)

    def _detail(self, user: str, route: str, channel: str) -> None:
        response, body, events = self._get(user, route, self.world.person.pk)
        if (refusal := self._refusal(user)) is not None:
            return self._check_refused(user, response, body, events, refusal)
        assert response.status_code == 200
        assert self._shown(body) == self._expected_shown(user), (user, route)
        self._check_read_events(user, events, channel, route)

    def _identity_page(self, user: str, route: str) -> None:
        """The page that changes identity details shows them: a read of the identity section,
        refused (403) to those who know of the record but may not see the person's name."""
        response, body, events = self._get(user, route, self.world.person.pk, "identity")
        refusal = self._refusal(user)
        if refusal is None and not self.model.may_see(user, Section.IDENTITY, RECORDING_AGENCY):
            refusal = 403
        if refusal is not None:
            return self._check_refused(user, response, body, events, refusal)
        assert response.status_code == 200
        assert GIVEN_NAME.upper() in body.upper()
        assert [(e.section, e.channel, e.route) for e in events] == [
            (Section.IDENTITY, Channel.PAGE, route)
        ]

    def _search(self, user: str, route: str) -> None:
        response, body, events = self._get(user, route, q=FAMILY_NAME)
        if self.model.is_leaver(user) or not self.model.has_casework_role(user):
            return self._check_refused(user, response, body, events, 403)
        assert response.status_code == 200
        found = str(self.world.person.pk) in body
        assert found == self.model.findable(user), (user, route)
        if not found:
            assert not self._shown(body)
            assert events == []
            return
        channel = Channel.SEARCH if route == "people:list" else Channel.API
        assert [(e.section, e.channel, e.route) for e in events] == [
            (Section.IDENTITY, channel, route)
        ]

    def _get(self, user: str, route: str, *args, **params):
        """One request by `user`, signed in afresh with both factors (as a returning user
        would be); returns the response, its text and the access events it wrote about the
        person."""
        event(f"{route}: {self._situation(user)}")
        self.client.force_login(self.world.users[user])
        mark_recently_authenticated(self.client, self.world.users[user])
        response = self.client.get(reverse(route, args=args), params)
        events = list(
            AccessEvent.objects.filter(person_id=self.world.person.pk).exclude(
                pk__in=self.seen_events
            )
        )
        self.seen_events.update(e.pk for e in events)
        return response, response.content.decode(), events

    def _situation(self, user: str) -> str:
        """What the read tests, for hypothesis's statistics (--hypothesis-show-statistics)."""
        m = self.model
        if m.is_leaver(user):
            return "a leaver"
        if not m.knows_exists(user):
            return "someone who may not know of the record"
        own = any(agency == RECORDING_AGENCY for agency, _ in m.frontline(user))
        how = (
            "own agency"
            if own
            else "break-glass"
            if m.reads_through_glass(user)
            else "consent"
            if m.may_see(user, Section.IDENTITY, RECORDING_AGENCY)
            or any(m.may_see(user, s, RECORDING_AGENCY) for s in PERSON_SECTIONS)
            else "nothing shared"
        )
        return f"{how}{', restricted' if m.restricted else ''}"

    def _refusal(self, user: str) -> int | None:
        """The status a route about the person answers when the user may not know of the
        record, or None when they may."""
        if self.model.is_leaver(user) or not self.model.has_casework_role(user):
            return 403  # access ended, or a role with no casework
        if not self.model.knows_exists(user):
            return 404
        return None

    def _check_refused(self, user, response, body, events, refusal) -> None:
        assert response.status_code == refusal, (user, response.status_code)
        if self.model.is_leaver(user):
            assert "Your access to Waypost has ended" in body
        assert not self._shown(body), (user, self._shown(body))
        assert events == [], "a refused read wrote an access event about the person"

    def _shown(self, body: str) -> set[str]:
        text = body.upper()
        shown = {m for m in self.world.markers if m in text}
        if GIVEN_NAME.upper() in text:
            shown.add(GIVEN_NAME)
        return shown

    def _expected_shown(self, user: str) -> set[str]:
        shown = {
            marker
            for marker, (section, agency) in self.world.markers.items()
            if self.model.may_see(user, section, agency)
        }
        if self.model.may_see(user, Section.IDENTITY, RECORDING_AGENCY):
            shown.add(GIVEN_NAME)
        return shown

    def _check_read_events(self, user, events, channel, route) -> None:
        """One event per section shown (or one for identity when only the record's existence
        is), marked when the read went through break-glass."""
        sections = {s for s in PERSON_SECTIONS if self.model.may_see(user, s, RECORDING_AGENCY)}
        sections |= {s for s, a in self.world.markers.values() if self.model.may_see(user, s, a)}
        assert sorted(e.section for e in events) == sorted(sections or {Section.IDENTITY}), route
        reason = "break-glass" if self.model.reads_through_glass(user) else ""
        for e in events:
            assert e.user_id == self.world.users[user].pk
            assert (e.channel, e.route, e.reason) == (channel, route, reason)


# About 300 requests: 15-25 s on SQLite on an idle machine (twice that when others share it),
# under 35 s on PostgreSQL. A longer campaign (150 runs of 40 steps) found nothing more.
@pytest.mark.django_db
def test_sharing_decisions_hold_over_time_on_every_read_path():
    with time_machine.travel(START, tick=False):
        world = build_sharing_world()
    run_state_machine_as_test(
        lambda: SharingOverTime(world),
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
