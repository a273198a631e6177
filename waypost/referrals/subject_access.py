"""What the referrals app holds about a person, for subject access exports (UK GDPR Art. 15).

An alert becomes part of a person's record when outreach link it to them. What the alerter
wrote about the person is the person's data; the alerter's email address is the alerter's,
so it is never exported.
See waypost.audit.subject_access.registry for what each entry means.
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="referrals.Alert",
        person_path="person",
        title="Alerts that someone was sleeping rough",
        section=Section.CONTACT,
        fields=(
            "received_at",
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
            "outcome",
            "closed_at",
        ),
        # Written by a member of the public: may name or describe other people.
        review_fields=("location_description", "appearance", "concerns", "name_if_known"),
        labels={
            "received_at": "Received",
            "location_description": "Where, as described",
            "seen_on": "Seen on",
            "seen_time": "Time of day seen",
            "how_often": "How often seen there",
            "appearance": "Description",
            "name_if_known": "Name given",
            "concerns": "What outreach should be aware of",
            "alerter_type": "Who sent the alert",
            "closed_at": "Outcome recorded",
        },
        explanation=(
            "Someone told the outreach team they had seen you sleeping rough, so the team "
            "could come and offer help. Who sent each alert is not included."
        ),
    ),
    Exported(
        model="referrals.AlertVisit",
        person_path="alert__person",
        title="Visits by the outreach team after an alert",
        section=Section.CONTACT,
        fields=("visited_at", "outcome", "notes", "recorded_by_agency"),
        review_fields=("notes",),
        labels={"visited_at": "Visited", "recorded_by_agency": "Outreach team"},
    ),
]

REFERRALS: list[Exported] = [
    Exported(
        model="referrals.Referral",
        person_path="person",
        title="Referrals to a housing options team",
        section=Section.HOUSING_HISTORY,
        fields=(
            "received_at",
            "referring_agency",
            "body_type",
            "consent_method",
            "consent_given_on",
            "given_name",
            "family_name",
            "date_of_birth",
            "phone",
            "email",
            "contact_method",
            "contact_notes",
            "situation",
            "reason",
            "reason_detail",
            "pathway",
            "status",
            "accepted_at",
            "lead_agency",
            "first_contact_at",
            "closed_at",
            "closure_reason",
        ),
        # Written by the referrer: may name other people (family, a partner).
        review_fields=("reason_detail", "contact_notes"),
        labels={
            "received_at": "Received",
            "referring_agency": "Referred by",
            "body_type": "Type of organisation referring",
            "consent_method": "How you agreed to the referral",
            "consent_given_on": "When you agreed",
            "reason_detail": "Why you were referred",
            "contact_notes": "How to contact you",
            "lead_agency": "Agency responsible",
            "first_contact_at": "First contacted",
        },
        explanation=(
            "An organisation such as a hospital, prison or Jobcentre referred you to the "
            "council's housing options team, with your agreement, because you were homeless "
            "or might become homeless."
        ),
    ),
    Exported(
        model="referrals.Duty",
        person_path="referral__person",
        title="The council's duties to help you find a home",
        section=Section.HOUSING_HISTORY,
        fields=("kind", "started_on", "ends_on", "ended_on", "outcome", "outcome_notes"),
        review_fields=("outcome_notes",),
        labels={"kind": "Duty", "ends_on": "Due to end", "outcome_notes": "Notes"},
    ),
    Exported(
        model="referrals.Triage",
        person_path="referral__person",
        title="What the housing options team found and decided",
        section=Section.HOUSING_HISTORY,
        fields=(
            "recorded_at",
            "eligibility",
            "local_connection",
            "connection_area",
            "public_funds",
            "route",
            "out_of_hours",
            "notes",
        ),
        review_fields=("notes",),
        labels={"recorded_at": "Recorded", "public_funds": "Recourse to public funds"},
    ),
    Exported(
        model="referrals.ReconnectionOffer",
        person_path="referral__person",
        title="Offers to help you return to another area",
        section=Section.HOUSING_HISTORY,
        fields=(
            "destination",
            "destination_contact",
            "offer",
            "offered_on",
            "response",
            "followed_up_on",
            "follow_up_outcome",
            "follow_up_notes",
        ),
        review_fields=("destination_contact", "follow_up_notes"),
        labels={"destination": "Area", "destination_contact": "Who would meet you there"},
    ),
    Exported(
        model="referrals.Discharge",
        person_path="referral__person",
        title="Plans for leaving hospital or prison",
        section=Section.HOUSING_HISTORY,
        fields=(
            "expected_on",
            "institution",
            "ward_or_wing",
            "contact_name",
            "contact_role",
            "needs_on_release",
            "accommodation_confirmed",
            "confirmed_accommodation",
            "discharged_on",
            "outcome",
        ),
        review_fields=("needs_on_release",),
        labels={
            "expected_on": "Expected to leave",
            "institution": "Hospital or prison",
            "contact_name": "Named contact",
            "confirmed_accommodation": "Somewhere to go, confirmed",
            "discharged_on": "Left on",
            "outcome": "Where you went",
        },
    ),
]
EXPORTED += REFERRALS

EXCLUDED: list[Excluded] = [
    Excluded(
        model="referrals.DischargeReminder",
        reason="Only when staff were reminded about a discharge: no information about the "
        "person beyond the discharge plan, which is exported.",
    ),
]
