"""What the funds app holds about a person, for subject access exports (UK GDPR Art. 15).

Requests for money made for them, reconnection offers and personal budgets: all in the
support section. Reasons, refusal reasons, details and notes are written by staff and may
name other people, so they are flagged for review. Ledgers hold no personal data.
See waypost.audit.subject_access.registry for what each entry means.
"""

from waypost.audit.models import Section
from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED = [
    Exported(
        model="funds.GrantRequest",
        person_path="person",
        title="Money asked for on your behalf",
        section=Section.SUPPORT,
        fields=(
            "requested_at",
            "purpose",
            "amount_pence",
            "reason",
            "pay_to",
            "fund.name",
            "recorded_by_agency",
            "status",
            "decided_at",
            "refusal_reason",
            "paid_at",
        ),
        review_fields=("reason", "pay_to", "refusal_reason"),
        labels={
            "requested_at": "Asked on",
            "purpose": "What it was for",
            "amount_pence": "Amount in pence",
            "reason": "Why",
            "pay_to": "Who was to be paid",
            "fund.name": "Fund",
            "recorded_by_agency": "Asked by",
            "decided_at": "Decided on",
            "refusal_reason": "Why it was refused",
            "paid_at": "Paid on",
        },
        explanation=(
            "Staff can ask the partnership's funds for money to help you, such as for ID "
            "documents, a deposit or travel. Amounts are in pence: 4000 is £40."
        ),
    ),
    Exported(
        model="funds.ReconnectionOffer",
        person_path="person",
        title="Help to return to where you have support",
        section=Section.SUPPORT,
        fields=(
            "offered_on",
            "destination",
            "connection",
            "details",
            "recorded_by_agency",
            "status",
            "travelled_on",
            "followed_up_on",
            "follow_up",
            "follow_up_notes",
        ),
        review_fields=("destination", "details", "follow_up_notes"),
        labels={
            "offered_on": "Offered on",
            "connection": "Who or what is there",
            "recorded_by_agency": "Offered by",
            "travelled_on": "Travelled on",
            "followed_up_on": "Checked on",
            "follow_up": "How it went",
            "follow_up_notes": "What we found",
        },
    ),
    Exported(
        model="funds.PersonalBudget",
        person_path="person",
        title="Personal budgets",
        section=Section.SUPPORT,
        fields=("agreed_on", "amount_pence", "ends_on", "notes", "recorded_by_agency"),
        review_fields=("notes",),
        labels={
            "agreed_on": "Agreed on",
            "amount_pence": "Amount in pence",
            "ends_on": "Ends on",
            "recorded_by_agency": "Agreed by",
        },
    ),
]

EXCLUDED = [
    Excluded(
        model="funds.Approval",
        reason="Which budget holder approved a request: about staff, and the request's "
        "status and dates are exported with it.",
    ),
    Excluded(
        model="funds.LedgerEntry",
        reason="The fund's accounts: amounts and dates with no personal data; a payment for "
        "someone is exported as their request.",
    ),
]
