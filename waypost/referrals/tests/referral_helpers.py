"""Helpers for referral tests: a valid referral as a referrer would send it."""

from datetime import date, timedelta
from typing import Any

from waypost.accounts.models import Agency, Partnership, User
from waypost.referrals.models import Pathway, Referral
from waypost.referrals.referral_actions import make_referral


def referral_fields(**overrides: Any) -> dict[str, Any]:
    """What a referrer at a hospital types about a patient (everything valid)."""
    fields: dict[str, Any] = {
        "body_type": "hospital_inpatient",
        "referrer_phone": "024 7696 4000",
        "referrer_email": "discharge.team@uhcw.example",
        "consent_given": True,
        "consent_method": "verbal",
        "consent_given_on": date.today(),
        "given_name": "Dawn",
        "family_name": "Hartley",
        "date_of_birth": date(1979, 4, 12),
        "phone": "07700 900123",
        "email": "",
        "contact_method": "phone",
        "safe_to_leave_message": True,
        "contact_notes": "On ward 12 until discharge",
        "situation": "threatened",
        "reason": "family_friends",
        "reason_detail": "Her sister can no longer put her up after she leaves hospital.",
    }
    fields.update(overrides)
    return fields


def discharge_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "expected_on": date.today() + timedelta(days=10),
        "institution": "University Hospital Coventry",
        "ward_or_wing": "Ward 12",
        "contact_name": "Sam Okafor",
        "contact_role": "Discharge nurse",
        "contact_phone": "024 7696 4001",
        "contact_email": "",
        "needs_on_release": "Wound dressing changed daily; needs a ground-floor room.",
    }
    fields.update(overrides)
    return fields


def make_test_referral(
    *,
    by: User,
    agency: Agency,
    partnership: Partnership,
    discharge: dict[str, Any] | None = None,
    **overrides: Any,
) -> Referral:
    """A referral received now through make_referral (a new one: fails on a duplicate)."""
    if discharge is not None:
        overrides.setdefault("pathway", Pathway.HOSPITAL)
    result = make_referral(
        by=by,
        agency=agency,
        partnership=partnership,
        discharge=discharge,
        **referral_fields(**overrides),
    )
    assert result.created, "make_test_referral made a same-day duplicate: change the name"
    return result.referral
