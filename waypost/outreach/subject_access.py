"""What the outreach app holds about a person, for subject access exports (UK GDPR Art. 15).

Street contacts say where and when the outreach team met someone. A contact recorded before
the person was identified joins their record when it is linked to them, and is exported then.
See waypost.audit.subject_access.registry for what each entry means.
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="outreach.StreetContact",
        person_path="person",
        title="Times the outreach team met you",
        section=Section.CONTACT,
        fields=(
            "contacted_at",
            "place.name",
            "location_detail",
            "bedded_down",
            "activities",
            "offered",
            "accepted",
            "description",
            "notes",
            "recorded_by_agency",
        ),
        review_fields=("description", "notes"),
        labels={
            "contacted_at": "When",
            "place.name": "Where",
            "location_detail": "Where exactly",
            "bedded_down": "Seen bedded down",
            "offered": "What was offered",
            "accepted": "What you accepted",
            "recorded_by_agency": "Outreach team",
        },
        explanation=(
            "Outreach workers record each time they meet someone sleeping rough, what they "
            "offered and what was accepted, so help can follow up."
        ),
    ),
    Exported(
        model="outreach.ByNameEntry",
        person_path="person",
        title="Your place on the partnership's by-name list",
        section=Section.CONTACT,
        fields=("status", "status_since", "added_at", "last_contact_at", "tier"),
        labels={"status_since": "Since", "added_at": "Added", "last_contact_at": "Last met"},
        explanation=(
            "The partnership keeps a list of everyone known to be sleeping rough or at risk, "
            "so nobody is forgotten."
        ),
    ),
    Exported(
        model="outreach.StatusChange",
        person_path="person",
        title="Changes to your status on the by-name list",
        section=Section.CONTACT,
        fields=("changed_at", "previous_status", "status", "recorded_by_agency"),
        labels={"changed_at": "When", "previous_status": "From", "status": "To"},
    ),
    Exported(
        model="outreach.CountedPerson",
        person_path="person",
        title="Street counts you were counted in",
        section=Section.CONTACT,
        fields=("count.night", "count.kind", "gender", "age", "nationality", "description"),
        review_fields=("description",),
        labels={"count.night": "Night", "count.kind": "Kind of count"},
    ),
]

EXCLUDED: list[Excluded] = [
    Excluded(
        "outreach.BeddedDownMonth",
        "Derived from the street contacts (the months and nights seen bedded down, already "
        "exported with each contact), for the monthly return: nothing that is not in them.",
    ),
]
