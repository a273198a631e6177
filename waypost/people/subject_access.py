"""What the people app holds about a person, for subject access exports (UK GDPR Art. 15).

See waypost.audit.subject_access.registry for what each entry means.
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import PER_RECORD, Excluded, Exported

RECORDED = ("recorded_at", "recorded_by_agency")
RECORDED_LABELS = {"recorded_at": "Recorded on", "recorded_by_agency": "Recorded by"}

EXPORTED = [
    Exported(
        model="people.Person",
        person_path="pk",
        title="Your details",
        section=Section.IDENTITY,
        fields=(
            "preferred_name",
            "given_name",
            "family_name",
            "birth_date",
            "birth_date_precision",
            "estimated_age_years",
            "estimated_on",
            "gender",
            "gender_self_description",
            "pronouns",
            "ethnicity",
            "nationality",
            "first_language",
            "needs_interpreter",
            "lead_worker",
            "created_at",
            "recorded_by_agency",
            "restricted_at",
            "merged_at",
        ),
        # The lead worker is a member of staff: their name is someone else's data.
        review_fields=("lead_worker",),
        labels={
            "preferred_name": "Name you like to be called",
            "given_name": "First name",
            "family_name": "Last name",
            "birth_date": "Date of birth",
            "birth_date_precision": "How exact the date of birth is",
            "estimated_age_years": "Estimated age",
            "estimated_on": "Age estimated on",
            "gender_self_description": "Gender in your words",
            "needs_interpreter": "Needs an interpreter",
            "lead_worker": "Lead worker",
            "created_at": "Record created",
            "recorded_by_agency": "Record created by",
            "restricted_at": "Use of the record restricted on",
            "merged_at": "Combined with another record on",
        },
        explanation="The main details on your record.",
    ),
    Exported(
        model="people.Person",
        person_path="pk",
        title="Immigration and recourse to public funds",
        section=Section.IMMIGRATION,
        fields=("immigration_status", "public_funds"),
        labels={"public_funds": "Recourse to public funds"},
    ),
    Exported(
        model="people.Person",
        person_path="pk",
        title="Local connection",
        section=Section.HOUSING_HISTORY,
        fields=("local_connection", "local_connection_area"),
        labels={"local_connection_area": "Area of local connection"},
    ),
    Exported(
        model="people.Alias",
        person_path="person",
        title="Other names you are known by",
        section=Section.IDENTITY,
        fields=("kind", "given_name", "family_name", *RECORDED),
        labels={"given_name": "First name", "family_name": "Last name", **RECORDED_LABELS},
    ),
    Exported(
        model="people.Identifier",
        person_path="person",
        title="Reference numbers",
        section=PER_RECORD,
        fields=("kind", "system", "value", *RECORDED),
        labels={"system": "System", "value": "Number", **RECORDED_LABELS},
        explanation="Numbers other services use for you, such as your NHS number.",
    ),
    Exported(
        model="people.ContactDetail",
        person_path="person",
        title="Contact details",
        section=Section.CONTACT,
        fields=("kind", "value", "notes", *RECORDED),
        review_fields=("notes",),
        labels={"value": "Detail", **RECORDED_LABELS},
    ),
    Exported(
        model="people.IdVerification",
        person_path="person",
        title="Confirmation of who you are",
        section=Section.IDENTITY,
        fields=(
            "verifier_name",
            "verifier_role",
            "verifier_organisation",
            "verified_on",
            "criteria.text",
            "notes",
            *RECORDED,
        ),
        # The verifier is another person, named.
        review_fields=("verifier_name", "notes"),
        labels={"criteria.text": "How they know you", **RECORDED_LABELS},
        explanation="A professional who knows you confirmed who you are.",
    ),
    Exported(
        model="people.CareOfAddress",
        person_path="person",
        title="Addresses where your post is kept",
        section=Section.CONTACT,
        fields=("hub.name", "address", "starts_on", "ends_on", *RECORDED),
        labels={"hub.name": "Kept by", "starts_on": "From", "ends_on": "Until", **RECORDED_LABELS},
    ),
    Exported(
        model="people.PostItem",
        person_path="care_of__person",
        title="Post received for you",
        section=Section.CONTACT,
        fields=("received_on", "description", "collected_at"),
        labels={"collected_at": "Collected"},
    ),
    Exported(
        model="people.SupportNeed",
        person_path="person",
        title="Support needs",
        section=Section.SUPPORT,
        fields=("kind", "detail", *RECORDED),
        review_fields=("detail",),
        labels={"kind": "Need", **RECORDED_LABELS},
    ),
    Exported(
        model="people.HousingHistoryEntry",
        person_path="person",
        title="Where you have lived",
        section=Section.HOUSING_HISTORY,
        fields=("accommodation", "from_on", "to_on", "reason_left", *RECORDED),
        review_fields=("reason_left",),
        labels={"from_on": "From", "to_on": "Until", **RECORDED_LABELS},
    ),
    Exported(
        model="people.Note",
        person_path="person",
        title="Notes",
        section=PER_RECORD,
        fields=("kind", "text", *RECORDED),
        review_fields=("text",),
        labels={"kind": "About", **RECORDED_LABELS},
        explanation="Notes staff wrote about their work with you.",
    ),
    Exported(
        model="people.StaffSafetyWarning",
        person_path="person",
        title="Warnings for staff safety",
        section=Section.SAFEGUARDING,
        fields=("text", "ended_at", *RECORDED),
        review_fields=("text",),
        labels={"text": "Warning", "ended_at": "Ended", **RECORDED_LABELS},
    ),
    Exported(
        model="people.Merge",
        person_path="kept",
        title="Records combined into yours",
        section=Section.IDENTITY,
        fields=("merged", "merged_at", "undone_at"),
        labels={"merged": "Record combined", "merged_at": "Combined on", "undone_at": "Undone on"},
        explanation="Two records were found to be about you and were combined into one.",
    ),
]

EXCLUDED = [
    Excluded(
        "people.SafeAddress",
        "Sealed: never exported or printed, so the export cannot lead anyone to a refuge or "
        "safe house. The officer tells the person it is held, if appropriate, by other means.",
    ),
    Excluded(
        "people.DuplicatePair",
        "A matching suggestion that pairs the person with someone else's record: the other "
        "record is another person's data. A confirmed match is exported as a merge.",
    ),
    Excluded(
        "people.MatchKey",
        "Derived search codes (phonetic codes of names already exported); no information "
        "that is not in the exported details.",
    ),
]
