"""Demo referrals for `seed_demo` (everyone in them is fictional): Duty to Refer referrals
waiting for triage, one accepted with a prevention duty about to expire, one whose duty ended
with accommodation secured, and hospital and prison discharges on the countdown board.

Idempotent: a partnership that already has demo referrals is left as it is.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, User
from waypost.referrals import discharge_actions, triage_actions
from waypost.referrals.models import (
    AccommodationType,
    DutyKind,
    DutyOutcome,
    Pathway,
    Referral,
    TriageRoute,
)
from waypost.referrals.referral_actions import make_referral

DEMO_MARK = "(demo)"  # in every demo referral's contact notes, to find them again


def _person(given: str, family: str, born: date, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "consent_given": True,
        "consent_method": "verbal",
        "consent_given_on": today,
        "phone": "07700 900" + str(sum(map(ord, given + family)) % 900 + 100),
        "contact_method": "phone",
        "safe_to_leave_message": True,
        "contact_notes": f"Best reached in the afternoon {DEMO_MARK}",
        "situation": "threatened",
        "reason": "family_friends",
        "reason_detail": "Staying with a friend who has asked them to leave by the end of "
        "the month.",
    }
    fields.update(extra)
    return fields


def seed_referral_demo(
    agencies: dict[str, Agency], *, referrer: User, housing: User, coordinator: User
) -> None:
    """Demo referrals into the partnership of `agencies`, triaged by `housing` (a housing
    options caseworker) and `coordinator`."""
    partnership = agencies[AgencyType.HOUSING_OPTIONS].partnership
    if Referral.objects.filter(partnership=partnership, contact_notes__contains=DEMO_MARK).exists():
        return
    today = timezone.localdate()
    hospital, prison = agencies[AgencyType.HOSPITAL], agencies[AgencyType.PRISON]
    dwp, probation = agencies[AgencyType.DWP], agencies[AgencyType.PROBATION]

    def refer(
        agency: Agency,
        by: User,
        discharge: dict[str, Any] | None = None,
        days_ago: int = 0,
        **fields: Any,
    ) -> Referral:
        referral = make_referral(
            by=by, agency=agency, partnership=partnership, discharge=discharge, **fields
        ).referral
        if days_ago:  # demo history: as if it had arrived that many days ago
            referral.received_at = timezone.now() - timedelta(days=days_ago)
            Referral.objects.filter(pk=referral.pk).update(received_at=referral.received_at)
        return referral

    # Waiting for triage: from Jobcentre Plus and from probation.
    refer(
        dwp,
        coordinator,
        **_person(
            "Kelly",
            "Marsh",
            date(1991, 3, 8),
            body_type="jobcentre_plus",
            reason="end_private_tenancy",
            reason_detail="Section 21 notice ends in five weeks; cannot afford a deposit.",
        ),
    )
    refer(
        probation,
        coordinator,
        **_person(
            "Tomasz",
            "Zielinski",
            date(1984, 11, 23),
            body_type="probation",
            situation="homeless",
            reason="relationship",
            reason_detail="Relationship ended; sleeping on a friend's sofa night to night.",
        ),
    )

    # Accepted, first contact made, prevention duty with five days left.
    late = refer(
        hospital,
        referrer,
        days_ago=52,
        **_person("Grace", "Adeyemi", date(1969, 6, 14), body_type="emergency_department"),
    )
    late = triage_actions.accept_referral(late, version=late.version, assign_to=housing, by=housing)
    late = triage_actions.record_first_contact(
        late, version=late.version, at=timezone.now() - timedelta(days=50), by=housing
    )
    late.refresh_from_db()
    triage_actions.start_duty(
        late,
        version=late.version,
        kind=DutyKind.PREVENTION,
        started_on=today - timedelta(days=51),
        by=housing,
    )

    # Duty ended with accommodation secured: a successful intervention.
    done = refer(
        dwp,
        coordinator,
        days_ago=33,
        **_person("Owen", "Price", date(1995, 1, 30), body_type="jobcentre_plus"),
    )
    done = triage_actions.accept_referral(done, version=done.version, assign_to=housing, by=housing)
    done.refresh_from_db()
    duty = triage_actions.start_duty(
        done,
        version=done.version,
        kind=DutyKind.PREVENTION,
        started_on=today - timedelta(days=30),
        by=housing,
    )
    done.refresh_from_db()
    triage_actions.end_duty(
        duty,
        version=done.version,
        outcome=DutyOutcome.SECURED_6_MONTHS,
        ended_on=today - timedelta(days=2),
        by=housing,
    )
    done.refresh_from_db()
    triage_actions.record_triage(
        done,
        version=done.version,
        eligibility="eligible",
        local_connection="here",
        connection_area="",
        public_funds="has_recourse",
        route=TriageRoute.PREVENTION,
        out_of_hours=False,
        notes="Mediation with the landlord; tenancy sustained.",
        by=housing,
    )

    # Discharges on the countdown board: one due in 5 days with nowhere confirmed, one in
    # 12 days with somewhere confirmed, one prison release in 20 days.
    def discharge(days: int, institution: str, contact: str, role: str) -> dict[str, Any]:
        return {
            "expected_on": today + timedelta(days=days),
            "institution": institution,
            "ward_or_wing": "Ward 12" if role == "Discharge nurse" else "B wing",
            "contact_name": contact,
            "contact_role": role,
            "contact_phone": "01632 960123",
            "contact_email": "",
            "needs_on_release": "A ground-floor room; prescriptions for 7 days on release.",
        }

    refer(
        hospital,
        referrer,
        discharge(5, hospital.name, "Sam Okafor", "Discharge nurse"),
        **_person(
            "Derek",
            "Lowe",
            date(1958, 9, 2),
            body_type="hospital_inpatient",
            pathway=Pathway.HOSPITAL,
            reason="leaving_institution",
            reason_detail="Lost his room while in hospital for eight weeks.",
        ),
    )
    confirmed = refer(
        hospital,
        referrer,
        discharge(12, hospital.name, "Sam Okafor", "Discharge nurse"),
        **_person(
            "Amira",
            "Haddad",
            date(1977, 2, 19),
            body_type="hospital_inpatient",
            pathway=Pathway.HOSPITAL,
            reason="leaving_institution",
            reason_detail="Cannot return to a first-floor flat after surgery.",
        ),
    )
    confirmed = triage_actions.accept_referral(
        confirmed, version=confirmed.version, assign_to=housing, by=housing
    )
    plan = confirmed.discharge
    discharge_actions.confirm_accommodation(
        plan,
        version=plan.version,
        accommodation=AccommodationType.SUPPORTED,
        confirmed_on=today,
        by=housing,
    )
    refer(
        prison,
        coordinator,
        discharge(20, prison.name, "Jo Bright", "Prison resettlement officer"),
        **_person(
            "Lee",
            "Carter",
            date(1988, 7, 5),
            body_type="prison",
            pathway=Pathway.PRISON,
            reason="leaving_institution",
            reason_detail="Release from a 14-month sentence; no address to go to.",
        ),
    )
