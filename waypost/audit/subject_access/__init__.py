"""Subject access requests (UK GDPR Art. 15): deadlines, finding the person, the export.

This package is also the audit app's own registration (see registry.py): what the audit app
holds about a person and whether the export includes it.

- Access events are exported as "Who has seen your record": the person is entitled to know
  who their data has been disclosed to (Art. 15(1)(c)). Each event shows when, which agency,
  which part of the record and how; not the name of the member of staff, which is someone
  else's data and is not needed to answer that question. Reasons are free text and flagged.
- The requests themselves are the officer's case file, not exported (the person has them).
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="audit.AccessEvent",
        person_path="person_id",
        title="Who has seen your record",
        section=Section.AUDIT,
        fields=("occurred_at", "agency", "section", "channel", "reason"),
        review_fields=("reason",),
        labels={
            "occurred_at": "When",
            "agency": "Agency",
            "section": "Part of your record",
            "channel": "How",
            "reason": "Reason given",
        },
        explanation="Every time staff looked at, searched for or exported your information.",
    ),
]

EXCLUDED = [
    Excluded(
        "audit.SubjectAccessRequest",
        "The data protection officer's record of handling this and earlier requests; the "
        "person already has their requests and the replies.",
    ),
]
