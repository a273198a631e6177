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

EXCLUDED: list[Excluded] = []
