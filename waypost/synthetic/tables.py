"""The tables the generator fills, with the columns each row gives (in order) and constants
for the rest. Nullable columns left out are stored as NULL."""

from waypost.cases.models import Assessment, AssessmentAnswer, TierResult
from waypost.housing.models import Placement
from waypost.outreach.models import BeddedDownMonth, ByNameEntry, StatusChange, StreetContact
from waypost.people.models import (
    Alias,
    Identifier,
    MatchKey,
    Note,
    Person,
    StaffSafetyWarning,
)
from waypost.referrals.models import Discharge, Duty, Referral, ReferralSource, Triage
from waypost.sharing.models import (
    Article6,
    Article9,
    LawfulBasis,
    PermittedSection,
    Schedule1Condition,
    SharingPermission,
)
from waypost.synthetic.writer import Table

# Columns every record about a person has (PersonRecord).
RECORD = ("id", "person_id", "recorded_by_agency_id", "recorded_by_id", "recorded_at")

PERSON = Table(
    Person,
    (
        "id",
        "partnership_id",
        "recorded_by_agency_id",
        "recorded_by_id",
        "created_at",
        "updated_at",
        "last_activity_at",
        "preferred_name",
        "given_name",
        "family_name",
        "birth_date",
        "birth_date_precision",
        "estimated_age_years",
        "estimated_on",
        "gender",
        "ethnicity",
        "nationality",
        "first_language",
        "needs_interpreter",
        "immigration_status",
        "public_funds",
        "local_connection",
        "lead_worker_id",
    ),
    {
        "version": 1,
        "gender_self_description": "",
        "pronouns": "",
        "local_connection_area": "",
        "restricted_reason": "",
    },
)
ALIAS = Table(Alias, (*RECORD, "kind", "given_name", "family_name"))
IDENTIFIER = Table(Identifier, (*RECORD, "kind", "value", "partnership_id"), {"system": ""})
MATCH_KEY = Table(MatchKey, ("person_id", "partnership_id", "value"))
PERMISSION = Table(
    SharingPermission,
    (
        "id",
        "person_id",
        "status",
        "obtained_how",
        "recorded_by_id",
        "recorded_by_agency_id",
        "recorded_at",
    ),
    {
        "all_agencies": True,
        "proforma": "",
        "witness_name": "Second worker present",
        "best_interests_decision": "",
        "gateway": "",
        "gateway_justification": "",
        "is_current": True,
    },
)
PERMITTED_SECTION = Table(PermittedSection, ("permission_id", "section"))
LAWFUL_BASIS = Table(
    LawfulBasis,
    ("id", "person_id", "recorded_by_id", "recorded_by_agency_id", "recorded_at"),
    {
        # Public task, and for health and social care data its Article 9 and Schedule 1
        # conditions (DPA 2018 s.10).
        "article_6": Article6.PUBLIC_TASK,
        "article_9": Article9.HEALTH_SOCIAL_CARE,
        "article_10": "",
        "schedule_1": Schedule1Condition.HEALTH_SOCIAL_CARE,
        "notes": "",
        "is_current": True,
    },
)
STREET_CONTACT = Table(
    StreetContact,
    (
        "id",
        "partnership_id",
        "person_id",
        "description",
        "contacted_at",
        "place_id",
        "location_detail",
        "latitude",
        "longitude",
        "bedded_down",
        "activities",
        "offered",
        "accepted",
        "notes",
        "recorded_by_agency_id",
        "recorded_by_id",
        "recorded_at",
        "identified_at",
        "identified_by_id",
    ),
)
BEDDED_DOWN_MONTH = Table(
    BeddedDownMonth, ("person_id", "partnership_id", "month", "nights", "months_before")
)
BY_NAME_ENTRY = Table(
    ByNameEntry,
    (
        "id",
        "partnership_id",
        "person_id",
        "status",
        "status_since",
        "added_at",
        "added_by_agency_id",
        "last_contact_at",
        "tier",
        "version",
    ),
)
STATUS_CHANGE = Table(
    StatusChange,
    (
        "id",
        "entry_id",
        "person_id",
        "status",
        "previous_status",
        "changed_at",
        "recorded_by_agency_id",
        "recorded_by_id",
    ),
)
PLACEMENT = Table(
    Placement,
    (
        *RECORD,
        "partnership_id",
        "unit_id",
        "scheme_id",
        "started_on",
        "expected_end_on",
        "ended_on",
        "end_reason",
        "version",
    ),
    {"end_notes": "", "notes": ""},
)
REFERRAL = Table(
    Referral,
    (
        "id",
        "reference",
        "received_at",
        "partnership_id",
        "referring_agency_id",
        "referred_by_id",
        "body_type",
        "consent_method",
        "consent_given_on",
        "given_name",
        "family_name",
        "date_of_birth",
        "contact_method",
        "match_key",
        "situation",
        "reason",
        "reason_detail",
        "pathway",
        "status",
        "person_id",
        "accepted_at",
        "accepted_by_id",
        "assigned_to_id",
        "lead_agency_id",
        "first_contact_at",
        "closed_at",
        "closed_by_id",
        "closure_reason",
        "version",
    ),
    {
        "source": ReferralSource.WEB,
        "referrer_phone": "",
        "referrer_email": "",
        "consent_given": True,
        "phone": "",
        "email": "",
        "safe_to_leave_message": False,
        "contact_notes": "",
    },
)
DUTY = Table(
    Duty,
    (
        "id",
        "referral_id",
        "kind",
        "started_on",
        "ends_on",
        "started_by_id",
        "ended_on",
        "outcome",
        "ended_by_id",
    ),
    {"outcome_notes": ""},
)
TRIAGE = Table(
    Triage,
    (
        "id",
        "referral_id",
        "eligibility",
        "local_connection",
        "connection_area",
        "public_funds",
        "route",
        "recorded_at",
        "recorded_by_id",
    ),
    {"out_of_hours": False, "notes": ""},
)
DISCHARGE = Table(
    Discharge,
    (
        "id",
        "referral_id",
        "expected_on",
        "institution",
        "needs_on_release",
        "accommodation_confirmed",
        "confirmed_accommodation",
        "confirmed_at",
        "discharged_on",
        "outcome",
    ),
    {
        "ward_or_wing": "",
        "contact_name": "Discharge coordinator",
        "contact_role": "Discharge coordinator",
        "contact_phone": "",
        "contact_email": "",
        "version": 1,
    },
)
ASSESSMENT = Table(Assessment, (*RECORD, "assessed_on", "summary"))
ASSESSMENT_ANSWER = Table(
    AssessmentAnswer, ("id", "assessment_id", "domain", "level", "details", "uses_nps")
)
TIER_RESULT = Table(
    TierResult,
    (
        "id",
        "person_id",
        "model_id",
        "assessment_id",
        "score",
        "tier",
        "explanation",
        "calculated_at",
        "recorded_by_agency_id",
    ),
)
STAFF_SAFETY_WARNING = Table(StaffSafetyWarning, (*RECORD, "text"))
NOTE = Table(Note, (*RECORD, "kind", "text"))

# Every table written, children after parents (the order --replace deletes them in reverse).
ALL_TABLES = (
    PERSON,
    ALIAS,
    IDENTIFIER,
    MATCH_KEY,
    PERMISSION,
    PERMITTED_SECTION,
    LAWFUL_BASIS,
    STREET_CONTACT,
    BEDDED_DOWN_MONTH,
    BY_NAME_ENTRY,
    STATUS_CHANGE,
    PLACEMENT,
    REFERRAL,
    DUTY,
    TRIAGE,
    DISCHARGE,
    ASSESSMENT,
    ASSESSMENT_ANSWER,
    TIER_RESULT,
    STAFF_SAFETY_WARNING,
    NOTE,
)
