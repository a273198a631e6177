"""Likely duplicate alerts: the same place and the same description, sent close together.

Several people often alert about the same person in the same doorway. Outreach see them as one
group in the queue and verify the group at once. Nothing is merged: each alert keeps its
reference, and each alerter gets their own update.
"""

import re
from collections.abc import Sequence
from datetime import timedelta

from rapidfuzz import fuzz

from waypost.referrals.models import Alert, AlertStatus
from waypost.referrals.routing import normalise_place

WINDOW = timedelta(hours=72)
PLACE_SIMILARITY = 85  # rapidfuzz token-set ratio, 0 to 100
DESCRIPTION_SIMILARITY = 60

_ABBREVIATIONS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "ln": "lane",
    "sq": "square",
    "pl": "place",
    "cres": "crescent",
    "dr": "drive",
    "nr": "near",
    "opp": "opposite",
}


def _words(text: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in normalise_place(text).split())


def _similar(a: str, b: str, threshold: int) -> bool:
    a, b = _words(a), _words(b)
    return bool(a and b) and fuzz.token_set_ratio(a, b) >= threshold


def _full_postcode(alert: Alert) -> str:
    return alert.postcode if re.search(r"\s", alert.postcode) else ""


def same_place(a: Alert, b: Alert) -> bool:
    """The same full postcode, a similar street or building, or (when neither gives any of
    those) the same town."""
    if _full_postcode(a) and _full_postcode(a) == _full_postcode(b):
        return True
    if _similar(a.street, b.street, PLACE_SIMILARITY):
        return True
    if _similar(a.building, b.building, PLACE_SIMILARITY):
        return True
    neither_precise = not any((a.street, a.building, b.street, b.building))
    return neither_precise and bool(a.town) and _words(a.town) == _words(b.town)


def similar_description(a: Alert, b: Alert) -> bool:
    """What the alerters wrote about the place and the person reads alike."""
    return _similar(
        f"{a.location_description} {a.appearance}",
        f"{b.location_description} {b.appearance}",
        DESCRIPTION_SIMILARITY,
    )


def likely_same(a: Alert, b: Alert) -> bool:
    return (
        a.partnership_id == b.partnership_id
        and abs(a.received_at - b.received_at) <= WINDOW
        and same_place(a, b)
        and similar_description(a, b)
    )


def group_duplicates(alerts: Sequence[Alert]) -> list[list[Alert]]:
    """The alerts in groups of likely duplicates (most are alone), each group in the order
    received, groups ordered by their oldest alert. Compares only alerts received within
    WINDOW of each other."""
    ordered = sorted(alerts, key=lambda a: (a.received_at, str(a.pk)))
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            second = ordered[j]
            if second.received_at - first.received_at > WINDOW:
                break
            if likely_same(first, second):
                parent[find(j)] = find(i)
    groups: dict[int, list[Alert]] = {}
    for i, alert in enumerate(ordered):
        groups.setdefault(find(i), []).append(alert)
    return sorted(groups.values(), key=lambda g: (g[0].received_at, str(g[0].pk)))


def likely_duplicates(alert: Alert) -> list[Alert]:
    """The other alerts in this alert's group, as the queue groups them: alerts waiting for
    outreach in the same partnership, likely about the same person and place (one query)."""
    if alert.partnership_id is None or alert.status != AlertStatus.WAITING:
        return []
    waiting = list(
        Alert.objects.filter(partnership_id=alert.partnership_id, status=AlertStatus.WAITING)
    )
    for group in group_duplicates(waiting):
        if any(member.pk == alert.pk for member in group):
            return [member for member in group if member.pk != alert.pk]
    return []
