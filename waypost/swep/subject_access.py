"""What the SWEP app holds about a person, for subject access exports (UK GDPR Art. 15).
See waypost.audit.subject_access.registry for what each entry means."""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="swep.SweepRecord",
        person_path="person",
        title="Beds offered to you in severe weather",
        section=Section.HOUSING_HISTORY,
        fields=(
            "night",
            "activation.kind",
            "outcome",
            "declined_reason",
            "placement.scheme.name",
            "recorded_by_agency",
        ),
        review_fields=("declined_reason",),
        labels={
            "activation.kind": "Weather",
            "declined_reason": "Why you said no",
            "placement.scheme.name": "Where you stayed",
            "recorded_by_agency": "Outreach team",
        },
        explanation=(
            "In severe weather outreach teams look for everyone sleeping rough and offer a bed."
        ),
    ),
]

EXCLUDED: list[Excluded] = []
