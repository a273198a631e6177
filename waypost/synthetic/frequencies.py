"""How often things happen in a synthetic population: weighted tables the life generator
draws from (`pick`). The weights are plausible proportions for a city's rough sleeping
population, not measurements; codes are the models' own choices.
"""

import json
import random
from typing import Any

from waypost.accounts.models import AgencyType
from waypost.housing.models import EndReason
from waypost.outreach.models import Activity, Offer
from waypost.people.models import Ethnicity, ImmigrationStatus, LocalConnection, NoteKind

RECORDING_AGENCIES = (
    (AgencyType.OUTREACH, 0.40),
    (AgencyType.HOUSING_OPTIONS, 0.30),
    (AgencyType.CHARITY, 0.12),
    (AgencyType.HOSPITAL, 0.10),
    (AgencyType.PROBATION, 0.08),
)


def _ordered(codes: tuple[str, ...], choices: Any) -> str:
    """Codes in the order the form lists them, as the contact action stores them, encoded
    once as the JSON every codec writes."""
    return json.dumps([code for code in choices.values if code in codes])


def _table(rows: list[tuple[Any, ...]]) -> tuple[list[Any], list[float]]:
    """Values and cumulative weights for rng.choices."""
    values, total, cumulative = [], 0.0, []
    for *value, weight in rows:
        values.append(value[0] if len(value) == 1 else tuple(value))
        total += weight
        cumulative.append(total)
    return values, cumulative


def _activities(rows: list[tuple[tuple[str, ...], int]]) -> tuple[list[Any], list[float]]:
    return _table([(_ordered(codes, Activity), weight) for codes, weight in rows])


def _offers(
    rows: list[tuple[tuple[str, ...], tuple[str, ...], int]],
) -> tuple[list[Any], list[float]]:
    return _table([(_ordered(o, Offer), _ordered(a, Offer), weight) for o, a, weight in rows])


# Hours (UTC) of street contacts: outreach rounds are early in the morning and late at night.
CONTACT_HOURS = _table(
    [(h, 8) for h in (5, 6, 7)]
    + [(h, 3) for h in range(8, 19)]
    + [(h, 6) for h in (19, 20, 21, 22)]
    + [(h, 2) for h in (23, 0, 1, 2, 3, 4)]
)

A = Activity
O = Offer  # noqa: E741
# What someone was doing when met, and what was offered and taken up: typical combinations.
ACTIVITIES = {
    True: _activities(
        [
            ((), 50),
            ((A.BEGGING,), 14),
            ((A.STREET_DRINKING,), 8),
            ((A.TENTS,), 10),
            ((A.BEGGING, A.STREET_DRINKING), 5),
            ((A.DRUG_USE,), 5),
            ((A.BEGGING, A.DRUG_USE), 3),
            ((A.STREET_DRINKING, A.DRUG_USE), 2),
            ((A.SEX_WORK,), 1),
            ((A.OTHER,), 2),
        ]
    ),
    False: _activities(
        [
            ((), 45),
            ((A.BEGGING,), 25),
            ((A.STREET_DRINKING,), 10),
            ((A.SELLING,), 6),
            ((A.BEGGING, A.STREET_DRINKING), 6),
            ((A.DRUG_USE,), 4),
            ((A.SEX_WORK,), 2),
            ((A.OTHER,), 2),
        ]
    ),
}
OFFERS = {
    True: _offers(
        [
            ((), (), 10),
            ((O.ACCOMMODATION, O.FOOD), (O.FOOD,), 14),
            ((O.ACCOMMODATION, O.FOOD), (O.ACCOMMODATION, O.FOOD), 6),
            ((O.ACCOMMODATION,), (), 10),
            ((O.ACCOMMODATION,), (O.ACCOMMODATION,), 5),
            ((O.FOOD, O.BLANKETS), (O.FOOD, O.BLANKETS), 12),
            ((O.ACCOMMODATION, O.ASSESSMENT), (O.ASSESSMENT,), 6),
            ((O.ACCOMMODATION, O.BLANKETS, O.DAY_CENTRE), (O.BLANKETS,), 6),
            ((O.HEALTH,), (O.HEALTH,), 3),
            ((O.DRUG_ALCOHOL,), (), 4),
            ((O.DRUG_ALCOHOL,), (O.DRUG_ALCOHOL,), 2),
            ((O.MENTAL_HEALTH,), (O.MENTAL_HEALTH,), 2),
            ((O.RECONNECTION,), (), 2),
            ((O.ACCOMMODATION, O.RECONNECTION), (O.RECONNECTION,), 1),
            ((O.DAY_CENTRE, O.BENEFITS), (O.BENEFITS,), 5),
            ((O.FOOD,), (O.FOOD,), 12),
        ]
    ),
    False: _offers(
        [
            ((), (), 25),
            ((O.FOOD,), (O.FOOD,), 15),
            ((O.DAY_CENTRE,), (O.DAY_CENTRE,), 12),
            ((O.ASSESSMENT,), (), 8),
            ((O.ASSESSMENT,), (O.ASSESSMENT,), 8),
            ((O.BENEFITS,), (O.BENEFITS,), 8),
            ((O.HEALTH, O.DAY_CENTRE), (O.DAY_CENTRE,), 6),
            ((O.DRUG_ALCOHOL,), (), 5),
            ((O.MENTAL_HEALTH,), (), 3),
            ((O.ACCOMMODATION, O.ASSESSMENT), (O.ASSESSMENT,), 6),
            ((O.RECONNECTION,), (O.RECONNECTION,), 2),
            ((O.OTHER,), (O.OTHER,), 2),
        ]
    ),
}
FIRST_STAYS = _table([("night_shelter", 3), ("emergency", 2), ("hostel", 4), ("temporary", 2)])
NEXT_STAYS = _table(
    [
        ("hostel", 2),
        ("supported", 4),
        ("temporary", 1),
        ("social_tenancy", 2),
        ("private_tenancy", 1),
    ]
)
END_REASONS = _table(
    [
        (EndReason.MOVE_ON, 62),
        (EndReason.EVICTION, 9),
        (EndReason.ABANDONMENT, 12),
        (EndReason.CUSTODY, 4),
        (EndReason.HOSPITAL, 4),
        (EndReason.OTHER, 9),
    ]
)
NOTE_KINDS = _table(
    [
        (NoteKind.GENERAL, 35),
        (NoteKind.CONTACT, 15),
        (NoteKind.SUPPORT, 20),
        (NoteKind.HEALTH, 10),
        (NoteKind.HOUSING, 12),
        (NoteKind.SAFEGUARDING, 4),
        (NoteKind.OFFENDING, 2),
        (NoteKind.IMMIGRATION, 2),
    ]
)
# Who writes which kind of note (an outreach worker's role does not cover offending).
NOTE_AGENCIES = {
    NoteKind.OFFENDING: (AgencyType.PROBATION, AgencyType.HOUSING_OPTIONS),
    NoteKind.HEALTH: (AgencyType.HOSPITAL, AgencyType.HOUSING_OPTIONS, AgencyType.CHARITY),
    NoteKind.CONTACT: (AgencyType.OUTREACH, AgencyType.CHARITY),
}
ANY_NOTE_AGENCY = (
    AgencyType.HOUSING_OPTIONS,
    AgencyType.OUTREACH,
    AgencyType.CHARITY,
    AgencyType.HOSPITAL,
    AgencyType.PROBATION,
)
ASSESSING_AGENCIES = _table(
    [(AgencyType.HOUSING_OPTIONS, 55), (AgencyType.OUTREACH, 25), (AgencyType.CHARITY, 20)]
)
ETHNICITIES = _table(
    [
        (Ethnicity.WHITE_BRITISH, 55),
        (Ethnicity.WHITE_IRISH, 4),
        (Ethnicity.WHITE_OTHER, 12),
        (Ethnicity.BLACK_AFRICAN, 6),
        (Ethnicity.BLACK_CARIBBEAN, 3),
        (Ethnicity.ASIAN_PAKISTANI, 3),
        (Ethnicity.ASIAN_INDIAN, 2),
        (Ethnicity.ASIAN_BANGLADESHI, 1),
        (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 3),
        (Ethnicity.OTHER_ARAB, 2),
        (Ethnicity.OTHER, 3),
        (Ethnicity.NOT_SAID, 6),
    ]
)
# Nationality, first language, and the immigration statuses usual for it.
NATIONALITIES = _table(
    [
        ("British", "English", (ImmigrationStatus.BRITISH_IRISH,), 70),
        ("Irish", "English", (ImmigrationStatus.BRITISH_IRISH,), 3),
        ("Polish", "Polish", (ImmigrationStatus.SETTLED, ImmigrationStatus.PRE_SETTLED), 5),
        ("Romanian", "Romanian", (ImmigrationStatus.SETTLED, ImmigrationStatus.PRE_SETTLED), 5),
        ("Lithuanian", "Lithuanian", (ImmigrationStatus.SETTLED, ImmigrationStatus.NO_LEAVE), 2),
        ("Ukrainian", "Ukrainian", (ImmigrationStatus.LIMITED_LEAVE,), 2),
        ("Eritrean", "Tigrinya", (ImmigrationStatus.REFUGEE, ImmigrationStatus.ASYLUM_SEEKER), 2),
        ("Sudanese", "Arabic", (ImmigrationStatus.REFUGEE, ImmigrationStatus.ASYLUM_SEEKER), 2),
        ("Somali", "Somali", (ImmigrationStatus.REFUGEE, ImmigrationStatus.LIMITED_LEAVE), 2),
        ("", "", (ImmigrationStatus.UNKNOWN,), 7),
    ]
)
NO_RECOURSE = (ImmigrationStatus.NO_LEAVE, ImmigrationStatus.ASYLUM_SEEKER)
LOCAL_CONNECTIONS = _table(
    [
        (LocalConnection.HAS, 65),
        (LocalConnection.ELSEWHERE, 15),
        (LocalConnection.NONE, 5),
        (LocalConnection.UNKNOWN, 15),
    ]
)


def pick(rng: random.Random, table: tuple[list[Any], list[float]]) -> Any:
    values, cumulative = table
    return rng.choices(values, cum_weights=cumulative)[0]
