"""Helpers for alert tests: a valid public form, and an alert as the public would send it."""

from datetime import date, timedelta
from typing import Any

from waypost.referrals.actions import receive_alert
from waypost.referrals.models import Alert


def form_data(**overrides: Any) -> dict[str, Any]:
    """What a member of the public types into the alert form (everything valid)."""
    seen = date.today() - timedelta(days=1)
    data = {
        "street": "Hertford Street",
        "building": "Boots",
        "postcode": "cv1 1la",
        "town": "Coventry",
        "location_description": "In the doorway of Boots, opposite the bus stop",
        "latitude": "",
        "longitude": "",
        "seen_on_0": str(seen.day),
        "seen_on_1": str(seen.month),
        "seen_on_2": str(seen.year),
        "seen_time": "early_morning",
        "how_often": "regularly",
        "appearance": "Man in a green coat with a blue sleeping bag and a small dog",
        "age_range": "36_50",
        "gender": "man",
        "name_if_known": "Dave",
        "concerns": "Coughing badly",
        "alerter_type": "public",
        "wants_feedback": "on",
        "alerter_email": "alerter@example.com",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_alert(**fields: Any) -> Alert:
    """An alert received now, routed like the real thing (needs the `areas` fixture to land
    in a partnership)."""
    fields.setdefault("street", "Hertford Street")
    fields.setdefault("postcode", "CV1 1LA")
    fields.setdefault("town", "Coventry")
    fields.setdefault("location_description", "In the doorway of Boots, opposite the bus stop")
    fields.setdefault("seen_on", date.today())
    fields.setdefault("seen_time", "early_morning")
    fields.setdefault("how_often", "regularly")
    fields.setdefault("appearance", "Man in a green coat with a blue sleeping bag")
    fields.setdefault("age_range", "36_50")
    fields.setdefault("gender", "man")
    fields.setdefault("alerter_type", "public")
    return receive_alert(**fields)
