"""What the sharing app holds about a person, for subject access exports (UK GDPR Art. 15).

See waypost.audit.subject_access.registry for what each entry means. These records say how the
person's information may be shared and why it is held: the person is entitled to both
(Art. 15(1)(a)-(c)).
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="sharing.SharingPermission",
        person_path="person",
        title="Your choices about sharing",
        section=Section.AUDIT,
        fields=(
            "status",
            "sections.section",
            "all_agencies",
            "agencies",
            "obtained_how",
            "proforma",
            "witness_name",
            "best_interests_decision",
            "gateway",
            "gateway_justification",
            "review_on",
            "recorded_at",
            "recorded_by_agency",
            "is_current",
        ),
        # The uploaded form and the witness are other people's details; the decisions are
        # free text.
        review_fields=(
            "proforma",
            "witness_name",
            "best_interests_decision",
            "gateway_justification",
        ),
        labels={
            "status": "Decision",
            "sections.section": "Parts of your record it covers",
            "all_agencies": "Shared with every agency that signed the agreement",
            "agencies": "Shared with",
            "obtained_how": "How it was recorded",
            "proforma": "Signed consent form",
            "gateway": "Lawful reason to share without consent",
            "gateway_justification": "Why",
            "review_on": "To be reviewed on",
            "recorded_at": "Recorded on",
            "recorded_by_agency": "Recorded by",
            "is_current": "Current decision",
        },
        explanation="What you agreed to share and with whom, or why it was shared without "
        "your consent. A newer decision replaces an older one.",
    ),
    Exported(
        model="sharing.LawfulBasis",
        person_path="person",
        title="Why we may hold your information",
        section=Section.AUDIT,
        fields=(
            "article_6",
            "article_9",
            "article_10",
            "schedule_1",
            "notes",
            "recorded_at",
            "recorded_by_agency",
            "is_current",
        ),
        review_fields=("notes",),
        labels={
            "article_6": "Lawful basis (UK GDPR Article 6)",
            "article_9": "Condition for health and other special data (Article 9)",
            "article_10": "Condition for criminal offence data (Article 10)",
            "schedule_1": "Data Protection Act 2018 Schedule 1 condition",
            "recorded_at": "Recorded on",
            "recorded_by_agency": "Recorded by",
            "is_current": "Current",
        },
        explanation="The law that allows the partnership to hold and use your information.",
    ),
    Exported(
        model="sharing.BreakGlass",
        person_path="person",
        title="Emergency access to your record",
        section=Section.AUDIT,
        fields=("agency", "reason", "started_at", "expires_at", "ended_at", "reviewed_at"),
        review_fields=("reason",),
        labels={
            "agency": "Agency",
            "reason": "Reason given",
            "started_at": "Started",
            "expires_at": "Access expired",
            "ended_at": "Ended early",
            "reviewed_at": "Checked by the data protection officer on",
        },
        explanation="Times staff looked at your record without your consent because they "
        "believed it was urgent. Each use is checked by a data protection officer.",
    ),
]

EXCLUDED = [
    Excluded(
        "sharing.PermittedSection",
        "Exported inside each sharing decision, as 'Parts of your record it covers'.",
    ),
]
