"""Referrals of one synthetic identity to the housing options team, and what became of them:
triage, the 56-day prevention and relief duties, closure, and for hospital and prison pathway
referrals the discharge. The states follow the triage actions' rules: a duty starts no earlier
than the day the referral arrived, one duty is open at a time, a closed referral has a reason,
"duty ended" only after a duty ended, reconnection only with a connection elsewhere and the
NRPF pathway only without recourse to public funds.
"""

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from waypost.accounts.models import AgencyType
from waypost.people.matching.synthetic import typo
from waypost.people.models import BirthDatePrecision
from waypost.referrals.models import (
    DUTY_DAYS,
    AccommodationType,
    BodyType,
    ClosureReason,
    ConsentMethod,
    ContactMethod,
    DutyKind,
    DutyOutcome,
    Eligibility,
    HousingSituation,
    LocalConnection,
    Pathway,
    PublicFunds,
    ReferralReason,
    ReferralStatus,
    TriageRoute,
)
from waypost.referrals.models.alerts import REFERENCE_ALPHABET, REFERENCE_LENGTH
from waypost.referrals.referral_actions import match_key
from waypost.synthetic import tables, texts
from waypost.synthetic.moments import local_date, noon
from waypost.synthetic.streams import new_uuid

if TYPE_CHECKING:
    from waypost.synthetic.life import LifeWriter, Record

HOUR = 3600
DAY = 86400
REFERRERS = (
    # (agency type, body types it refers as, discharge pathway it may use)
    (AgencyType.HOSPITAL, (BodyType.EMERGENCY_DEPARTMENT, BodyType.HOSPITAL_INPATIENT), 0.3),
    (AgencyType.PROBATION, (BodyType.PROBATION,), 0.2),
    (AgencyType.CHARITY, (BodyType.CHARITY,), 0.3),
    (AgencyType.OUTREACH, (BodyType.CHARITY, BodyType.OTHER), 0.2),
)
PATHWAYS = {AgencyType.HOSPITAL: Pathway.HOSPITAL, AgencyType.PROBATION: Pathway.PRISON}
INSTITUTIONS = {Pathway.HOSPITAL: "Synthetic General Hospital", Pathway.PRISON: "HMP Synthetic"}
REASONS = (
    (ReferralReason.FAMILY_FRIENDS, 25),
    (ReferralReason.END_PRIVATE_TENANCY, 15),
    (ReferralReason.RELATIONSHIP, 10),
    (ReferralReason.DOMESTIC_ABUSE, 6),
    (ReferralReason.OTHER_VIOLENCE, 3),
    (ReferralReason.END_SOCIAL_TENANCY, 5),
    (ReferralReason.SUPPORTED_HOUSING, 6),
    (ReferralReason.LEAVING_CARE, 3),
    (ReferralReason.LEAVING_ARMED_FORCES, 1),
    (ReferralReason.MORTGAGE, 1),
    (ReferralReason.OTHER, 10),
)
OUTCOMES = (
    (DutyOutcome.SECURED_6_MONTHS, 35),
    (DutyOutcome.SECURED_12_MONTHS, 20),
    (DutyOutcome.BECAME_HOMELESS, 10),
    (DutyOutcome.DAYS_ELAPSED, 10),
    (DutyOutcome.NO_CONTACT, 10),
    (DutyOutcome.WITHDREW, 5),
    (DutyOutcome.REFUSED_OFFER, 3),
    (DutyOutcome.NOT_COOPERATING, 3),
    (DutyOutcome.OTHER, 4),
)
WENT_TO = (
    (AccommodationType.NO_FIXED_ABODE, 20),
    (AccommodationType.EMERGENCY_BED, 15),
    (AccommodationType.TEMPORARY, 15),
    (AccommodationType.SUPPORTED, 15),
    (AccommodationType.FAMILY_FRIENDS, 10),
    (AccommodationType.APPROVED_PREMISES, 8),
    (AccommodationType.OWN_TENANCY, 7),
    (AccommodationType.RETURNED_HOME, 5),
    (AccommodationType.STEP_DOWN, 3),
    (AccommodationType.OTHER, 2),
)
NOT_ACCEPTED = (
    ClosureReason.ADVICE_ONLY,
    ClosureReason.NO_CONTACT,
    ClosureReason.WITHDRAWN,
    ClosureReason.OTHER_AUTHORITY,
)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]


def _later(rng: random.Random, moment: datetime, low: float, high: float) -> datetime:
    return moment + timedelta(seconds=int(rng.uniform(low, high)))


def add_referrals(
    life: "LifeWriter",
    rng: random.Random,
    records: list["Record"],
    begin: datetime,
    end: datetime,
) -> int:
    """Write the identity's referrals (none for most people); returns how many."""
    count = 0
    while rng.random() < (0.3 if count == 0 else 0.25) and count < 3:
        moment = _later(rng, begin, 0, (end - begin).total_seconds())
        _referral(life, rng, life.record_at(records, moment, rng), moment)
        count += 1
    return count


def _reference(life: "LifeWriter", rng: random.Random) -> str:
    while True:
        reference = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if reference not in life.references:
            life.references.add(reference)
            return reference


def _referral(life: "LifeWriter", rng: random.Random, record: "Record", received: datetime) -> None:
    world, codec, writer = life.world, life.codec, life.writer
    anchor, today = world.anchor, world.today
    agency_type, bodies, _ = rng.choices(REFERRERS, [w for *_, w in REFERRERS])[0]
    referrer = rng.choice(world.referrers.get(agency_type) or world.staff[agency_type])
    pathway = PATHWAYS.get(agency_type, Pathway.NONE) if rng.random() < 0.5 else Pathway.NONE
    spec = record.spec
    given = typo(rng, spec.given) if rng.random() < 0.1 else spec.given
    family = typo(rng, spec.family) if rng.random() < 0.1 else spec.family
    born = spec.birth_date if spec.precision == BirthDatePrecision.EXACT else None
    situation = _weighted(
        rng,
        (
            (HousingSituation.THREATENED, 30),
            (HousingSituation.HOMELESS, 35),
            (HousingSituation.ROUGH_SLEEPING, 35),
        ),
    )
    reason = (
        ReferralReason.LEAVING_INSTITUTION if pathway != Pathway.NONE else _weighted(rng, REASONS)
    )
    referral_id = new_uuid(rng)
    reference = _reference(life, rng)
    received_on = local_date(received)
    housing = world.agencies[AgencyType.HOUSING_OPTIONS].pk
    caseworker = life.staff(rng, AgencyType.HOUSING_OPTIONS)

    status = ReferralStatus.WAITING
    person = accepted_at = first_contact = closed_at = None
    closure = ""
    version = 1
    roll = rng.random()
    if received < anchor - timedelta(days=3) and roll < 0.85:
        accepted_at = _later(rng, received, 2 * HOUR, 3 * DAY)
        status, person, version = ReferralStatus.ACCEPTED, record.id, 2
        record.lead_worker = caseworker
        record.touch(accepted_at)
        contact = _later(rng, accepted_at, 0, 4 * DAY)
        if contact < anchor:
            first_contact, version = contact, version + 1
        _triage(life, rng, referral_id, situation, accepted_at, caseworker)
        last_duty, versions = _duties(life, rng, referral_id, situation, accepted_at, caseworker)
        version += versions
        if last_duty is not None and rng.random() < 0.8:
            closing = _later(rng, noon(last_duty), 0, 14 * DAY)
            if closing < anchor:
                status, closure, closed_at = (
                    ReferralStatus.CLOSED,
                    ClosureReason.DUTY_ENDED,
                    closing,
                )
                version += 1
    elif received < anchor - timedelta(days=3) and roll < 0.99:
        closed_at = _later(rng, received, 2 * HOUR, 5 * DAY)
        status, closure, version = ReferralStatus.CLOSED, rng.choice(NOT_ACCEPTED), 2
    writer.add(
        tables.REFERRAL,
        (
            codec.id(referral_id),
            reference,
            codec.at(received),
            codec.id(life.partnership_id),
            codec.id(world.agencies[agency_type].pk),
            codec.id(referrer),
            rng.choice(bodies),
            rng.choice((ConsentMethod.VERBAL, ConsentMethod.WRITTEN)),
            codec.on(received_on),
            given,
            family,
            codec.on(born) if born else None,
            rng.choice((ContactMethod.REFERRER, ContactMethod.PHONE)),
            match_key(given, family, born),
            situation,
            reason,
            rng.choice(texts.REASON_DETAILS),
            pathway,
            status,
            codec.id(person) if person else None,
            codec.at(accepted_at) if accepted_at else None,
            codec.id(caseworker) if accepted_at else None,
            codec.id(caseworker) if accepted_at else None,
            codec.id(housing) if accepted_at else None,
            codec.at(first_contact) if first_contact else None,
            codec.at(closed_at) if closed_at else None,
            codec.id(caseworker) if closed_at else None,
            closure,
            version,
        ),
    )
    if pathway != Pathway.NONE:
        _discharge(life, rng, referral_id, pathway, received, today)


def _triage(
    life: "LifeWriter",
    rng: random.Random,
    referral_id: object,
    situation: str,
    accepted_at: datetime,
    by: object,
) -> None:
    codec = life.codec
    connection = _weighted(
        rng,
        (
            (LocalConnection.HERE, 70),
            (LocalConnection.ELSEWHERE, 15),
            (LocalConnection.NONE, 8),
            (LocalConnection.NOT_KNOWN, 7),
        ),
    )
    funds = _weighted(
        rng,
        ((PublicFunds.HAS_RECOURSE, 85), (PublicFunds.NRPF, 8), (PublicFunds.NOT_KNOWN, 7)),
    )
    if funds == PublicFunds.NRPF and rng.random() < 0.6:
        route = TriageRoute.NRPF_PATHWAY
    elif connection == LocalConnection.ELSEWHERE and rng.random() < 0.4:
        route = TriageRoute.RECONNECTION
    elif situation == HousingSituation.THREATENED:
        route = TriageRoute.PREVENTION
    else:
        route = rng.choice((TriageRoute.EMERGENCY_BED, TriageRoute.TEMPORARY_ACCOMMODATION))
    eligibility = _weighted(
        rng,
        ((Eligibility.ELIGIBLE, 88), (Eligibility.NOT_ELIGIBLE, 4), (Eligibility.NOT_KNOWN, 8)),
    )
    recorded = min(_later(rng, accepted_at, 0, 2 * DAY), life.world.anchor)
    life.writer.add(
        tables.TRIAGE,
        (
            codec.id(new_uuid(rng)),
            codec.id(referral_id),
            eligibility,
            connection,
            "Another area" if connection == LocalConnection.ELSEWHERE else "",
            funds,
            route,
            codec.at(recorded),
            codec.id(by),
        ),
    )


def _duties(
    life: "LifeWriter",
    rng: random.Random,
    referral_id: object,
    situation: str,
    accepted_at: datetime,
    by: object,
) -> tuple[date | None, int]:
    """The prevention or relief duty from acceptance (relief after a prevention duty that
    ended in homelessness). Returns the day the last duty ended (None while one is open) and
    how many changes were saved on the referral."""
    codec, today = life.codec, life.world.today
    kind = DutyKind.PREVENTION if situation == HousingSituation.THREATENED else DutyKind.RELIEF
    started = local_date(accepted_at)
    saves = 0
    while True:
        ended: date | None = started + timedelta(days=rng.randint(10, DUTY_DAYS + 14))
        outcome = ""
        if ended is not None and ended >= today:
            ended = None
        if ended is not None:
            outcome = _weighted(rng, OUTCOMES)
            if kind == DutyKind.RELIEF and outcome == DutyOutcome.BECAME_HOMELESS:
                outcome = DutyOutcome.DAYS_ELAPSED
        life.writer.add(
            tables.DUTY,
            (
                codec.id(new_uuid(rng)),
                codec.id(referral_id),
                kind,
                codec.on(started),
                codec.on(started + timedelta(days=DUTY_DAYS)),
                codec.id(by),
                codec.on(ended) if ended else None,
                outcome,
                codec.id(by) if ended else None,
            ),
        )
        saves += 2 if ended else 1
        if ended is None:
            return None, saves
        if outcome != DutyOutcome.BECAME_HOMELESS:
            return ended, saves
        kind, started = DutyKind.RELIEF, ended


def _discharge(
    life: "LifeWriter",
    rng: random.Random,
    referral_id: object,
    pathway: str,
    received: datetime,
    today: date,
) -> None:
    codec = life.codec
    received_on = local_date(received)
    expected = received_on + timedelta(days=rng.randint(1, 21))
    confirmed = rng.random() < 0.5
    confirmed_type = _weighted(rng, WENT_TO[1:]) if confirmed else ""
    confirmed_at = _later(rng, received, 6 * HOUR, 5 * DAY) if confirmed else None
    if confirmed_at is not None and confirmed_at >= life.world.anchor:
        confirmed, confirmed_type, confirmed_at = False, "", None
    discharged = expected + timedelta(days=rng.randint(-1, 2))
    discharged = max(discharged, received_on + timedelta(days=1))
    outcome = ""
    if discharged < today:
        outcome = confirmed_type if confirmed and rng.random() < 0.9 else _weighted(rng, WENT_TO)
    life.writer.add(
        tables.DISCHARGE,
        (
            codec.id(new_uuid(rng)),
            codec.id(referral_id),
            codec.on(expected),
            INSTITUTIONS[pathway],
            rng.choice(texts.NEEDS_ON_RELEASE),
            confirmed,
            confirmed_type,
            codec.at(confirmed_at) if confirmed_at else None,
            codec.on(discharged) if outcome else None,
            outcome,
        ),
    )
