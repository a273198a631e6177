"""What the cases app holds about a person, for subject access exports (UK GDPR Art. 15).

Assessments, tiers, support plans, meeting minutes, enforcement and death reviews. Minutes and
reviews are written by staff and may name other people, so they are flagged for review.
See waypost.audit.subject_access.registry for what each entry means.
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import PER_RECORD, Excluded, Exported

EXPORTED = [
    Exported(
        model="cases.Assessment",
        person_path="person",
        title="Assessments of your needs",
        section=Section.SUPPORT,
        fields=("assessed_on", "summary", "recorded_by_agency"),
        review_fields=("summary",),
        labels={"assessed_on": "Assessed on", "recorded_by_agency": "Assessed by"},
    ),
    Exported(
        model="cases.AssessmentAnswer",
        person_path="assessment__person",
        title="What each assessment found",
        section=PER_RECORD,
        fields=("assessment.assessed_on", "domain", "level", "uses_nps", "details"),
        review_fields=("details",),
        labels={
            "assessment.assessed_on": "Assessed on",
            "domain": "Area of need",
            "uses_nps": "Uses synthetic cannabinoids or other new psychoactive substances",
        },
    ),
    Exported(
        model="cases.TierResult",
        person_path="person",
        title="Your tier under the partnership's threshold model",
        section=Section.SUPPORT,
        fields=("calculated_at", "tier", "score", "model.version", "explanation"),
        labels={"calculated_at": "Worked out", "model.version": "Model version"},
        explanation=(
            "The partnership scores need to decide which meeting discusses someone's support. "
            "Each tier lists the factors and points that led to it."
        ),
    ),
    Exported(
        model="cases.Goal",
        person_path="person",
        title="Goals in your support plan",
        section=Section.SUPPORT,
        fields=("recorded_at", "text", "status"),
        review_fields=("text",),
    ),
    Exported(
        model="cases.PlanAction",
        person_path="person",
        title="Actions in your support plan",
        section=Section.SUPPORT,
        fields=("text", "owner_agency", "due_on", "status", "completed_at", "outcome"),
        review_fields=("text", "outcome"),
        labels={"owner_agency": "Who is doing it", "due_on": "Due"},
    ),
    Exported(
        model="cases.Minute",
        person_path="person",
        title="What meetings said about you",
        section=PER_RECORD,
        fields=("meeting.starts_at", "meeting.kind", "text", "recorded_by_agency"),
        review_fields=("text",),
        labels={"meeting.starts_at": "Meeting", "meeting.kind": "Kind of meeting"},
    ),
    Exported(
        model="cases.EnforcementAction",
        person_path="person",
        title="Enforcement action",
        section=Section.OFFENDING,
        fields=("taken_on", "kind", "details", "recorded_by_agency"),
        review_fields=("details",),
        labels={"taken_on": "When", "recorded_by_agency": "Taken by"},
    ),
]

EXCLUDED = [
    Excluded(
        model="cases.AgendaItem",
        reason="Only says which meeting discussed someone; what it said is in the minutes.",
    ),
    Excluded(
        model="cases.DeathNotification",
        reason="About someone who has died: UK GDPR covers living people only.",
    ),
    Excluded(
        model="cases.DeathReview",
        reason="About someone who has died: UK GDPR covers living people only.",
    ),
]
