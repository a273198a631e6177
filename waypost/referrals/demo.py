"""Demo alert areas and a few alerts for `seed_demo` (everyone in them is fictional).

Idempotent: areas are set to the same lists each run, and demo alerts carry fixed references
so that seeding again finds them instead of adding more.
"""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, Role
from waypost.lib.working_days import add_working_days
from waypost.referrals import actions
from waypost.referrals.models import DUE_WORKING_DAYS, Alert

AREAS: dict[str, tuple[list[str], list[str]]] = {
    "coventry": (
        [f"CV{n}" for n in range(1, 8)],
        [
            "Coventry", "Allesley", "Bell Green", "Binley", "Canley", "Chapelfields",
            "Cheylesmore", "Coundon", "Earlsdon", "Finham", "Foleshill", "Gosford Green",
            "Hillfields", "Holbrooks", "Keresley", "Radford", "Spon End", "Stoke Aldermoor",
            "Styvechale", "Tile Hill", "Walsgrave", "Whoberley", "Willenhall", "Wyken",
        ],
    ),
    "birmingham": (
        [f"B{n}" for n in range(1, 49)],
        [
            "Birmingham", "Aston", "Balsall Heath", "Bordesley", "Digbeth", "Edgbaston",
            "Erdington", "Handsworth", "Harborne", "Hockley", "Jewellery Quarter",
            "Kings Heath", "Ladywood", "Lozells", "Moseley", "Nechells", "Northfield",
            "Saltley", "Selly Oak", "Small Heath", "Sparkbrook", "Washwood Heath",
        ],
    ),
}  # fmt: skip

# (reference, hours ago, fields): two likely duplicates, one overdue, one closed.
DEMO_ALERTS: dict[str, list[tuple[str, int, dict[str, object]]]] = {
    "coventry": [
        (
            "CVDEM00001",
            30,
            {
                "street": "Hertford Street",
                "building": "Boots",
                "postcode": "CV1 1LF",
                "town": "Coventry",
                "location_description": "In the doorway of Boots, opposite the bus stops",
                "appearance": "Man in a green parka with a blue sleeping bag",
                "age_range": "36_50",
                "gender": "man",
                "how_often": "regularly",
                "seen_time": "early_morning",
                "alerter_type": "public",
            },
        ),
        (
            "CVDEM00002",
            4,
            {
                "street": "Hertford St",
                "town": "Coventry city centre",
                "location_description": "Boots doorway on Hertford St",
                "appearance": "Man, green coat, blue sleeping bag, has a small dog",
                "age_range": "36_50",
                "gender": "man",
                "how_often": "sometimes",
                "seen_time": "night",
                "concerns": "The dog seemed unwell",
                "alerter_type": "public",
                "wants_feedback": True,
                "alerter_email": "alerter@example.com",
            },
        ),
        (
            "CVDEM00003",
            24 * 20,
            {
                "street": "Spencer Avenue",
                "town": "Earlsdon",
                "location_description": "On the bench by the tennis courts in Spencer Park",
                "appearance": "Older woman with a shopping trolley full of bags",
                "age_range": "51_65",
                "gender": "woman",
                "how_often": "regularly",
                "seen_time": "evening",
                "alerter_type": "friend_family",
            },
        ),
        (
            "CVDEM00004",
            24 * 6,
            {
                "street": "Far Gosford Street",
                "postcode": "CV1 5DZ",
                "town": "Coventry",
                "location_description": "Car park stairwell behind the shops",
                "appearance": "Young man in a grey hoodie",
                "age_range": "18_25",
                "gender": "man",
                "how_often": "first_time",
                "seen_time": "daytime",
                "alerter_type": "health",
            },
        ),
    ],
    "birmingham": [
        (
            "BMDEM00001",
            10,
            {
                "street": "Digbeth High Street",
                "postcode": "B5 6DY",
                "town": "Digbeth",
                "location_description": "Under the railway arches near the coach station",
                "appearance": "Two people in a small green tent",
                "age_range": "26_35",
                "gender": "not_sure",
                "how_often": "regularly",
                "seen_time": "night",
                "alerter_type": "agency",
            },
        ),
    ],
}


def seed_alert_demo(partnership: Partnership) -> None:
    """The partnership's alert area and demo alerts (Coventry and Birmingham only)."""
    if partnership.slug not in AREAS:
        return
    districts, places = AREAS[partnership.slug]
    actions.set_alert_area(partnership, districts=districts, places=places, by=None)
    for reference, hours_ago, fields in DEMO_ALERTS.get(partnership.slug, []):
        if Alert.objects.filter(reference=reference).exists():
            continue
        received_at = timezone.now() - timedelta(hours=hours_ago)
        alert = actions.receive_alert(
            seen_on=timezone.localdate(received_at),
            **fields,  # type: ignore[arg-type]
        )
        Alert.objects.filter(pk=alert.pk).update(
            reference=reference,
            received_at=received_at,
            due_on=add_working_days(timezone.localdate(received_at), DUE_WORKING_DAYS),
        )
        if reference == "CVDEM00004":
            _close_as_engaging(alert)


def _close_as_engaging(alert: Alert) -> None:
    membership = (
        Membership.objects.active()
        .filter(role=Role.OUTREACH_WORKER, agency__partnership_id=alert.partnership_id)
        .select_related("user", "agency")
        .first()
    )
    if membership is None:
        return
    alert.refresh_from_db()
    actions.record_visit(
        alert,
        version=alert.version,
        visited_at=timezone.now() - timedelta(days=5),
        outcome="engaging",
        notes="Found in the stairwell; came to the hub for breakfast and an assessment.",
        by=membership.user,
        agency=membership.agency,
    )
