"""Who ends up in which tier, by gender, ethnic group and age group, so that bias is visible.

VI-SPDAT, the assessment many homelessness services scored people with, was withdrawn by its
authors in 2020 after studies found it gave Black and other minoritised people, and women,
lower priority for the same needs. A scoring model can be unfair without anyone intending it;
showing the tier distribution for each group beside the model is how a partnership notices.

Aggregates only: grouped counts from the database (three queries), of everyone with a current
tier (their newest tier result), leaving out people merged into another record, anonymised, or
under a restriction of processing. How counts are shown to whom (small numbers) is the page's
business, not this module's.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When

from waypost.accounts.models import Partnership
from waypost.cases.models import Tier, TierResult
from waypost.people.models import Ethnicity, Gender, Person

TIERS = [tier.value for tier in Tier]
NOT_RECORDED = "not_recorded"
# The ONS 2021 census's five high-level ethnic groups, then "prefers not to say" and nothing
# recorded. High-level groups, because the 19 detailed ones would leave most cells too small
# to show.
ETHNIC_GROUPS: list[tuple[str, str]] = [
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    (Ethnicity.NOT_SAID.value, "Prefers not to say"),
    (NOT_RECORDED, "Not recorded"),
]
# Age on the day the figures are made, from the date of birth (or the one an estimated age
# implies); "not known" when there is neither.
AGE_GROUPS: list[tuple[str, str, int | None]] = [  # key, label, youngest age in the group
    ("under_18", "Under 18", None),
    ("18_24", "18 to 24", 18),
    ("25_34", "25 to 34", 25),
    ("35_44", "35 to 44", 35),
    ("45_54", "45 to 54", 45),
    ("55_64", "55 to 64", 55),
    ("65_plus", "65 or over", 65),
    ("not_known", "Not known", None),
]


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    by_tier: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_tier.values())

    def count(self, tier: int) -> int:
        return self.by_tier.get(tier, 0)

    def percent(self, tier: int) -> float | None:
        """The share of this group in `tier`."""
        return 100 * self.count(tier) / self.total if self.total else None


@dataclass(frozen=True)
class Distribution:
    key: str  # gender, ethnicity, age
    title: str
    group_name: str
    rows: list[GroupRow]
    everyone: GroupRow


def ethnic_group(ethnicity: str) -> str:
    """The high-level group of an ONS category ("white_irish" → "white")."""
    if not ethnicity:
        return NOT_RECORDED
    if ethnicity == Ethnicity.NOT_SAID:
        return ethnicity
    prefix = ethnicity.split("_", 1)[0]
    return prefix if prefix in {"asian", "black", "mixed", "white"} else "other"


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_group_case(today: date) -> Case:
    """The age group as a database expression: born after the day someone turned `n` today
    means younger than `n`."""
    whens = [When(birth_date__isnull=True, then=Value("not_known"))]
    bounds = [(key, youngest) for key, _, youngest in AGE_GROUPS if youngest is not None]
    previous = "under_18"
    for key, youngest in bounds:
        whens.append(When(birth_date__gt=_years_before(today, youngest), then=Value(previous)))
        previous = key
    return Case(*whens, default=Value(previous), output_field=CharField())


def tiered_people(partnership: Partnership) -> QuerySet[Person]:
    """People in the partnership with a current tier, annotated with it (`current_tier`)."""
    newest = TierResult.objects.filter(person=OuterRef("pk")).order_by("-calculated_at", "-id")
    return (
        Person.objects.filter(partnership=partnership)
        .live()
        .unrestricted()
        .annotate(current_tier=Subquery(newest.values("tier")[:1]))
        .filter(~Q(current_tier=None))
    )


def _grouped(people: QuerySet[Person], field: str) -> dict[str, dict[int, int]]:
    table: dict[str, dict[int, int]] = defaultdict(dict)
    for row in people.order_by().values(field, "current_tier").annotate(n=Count("pk")):
        table[row[field] or ""][row["current_tier"]] = row["n"]
    return table


def _rows(groups: list[tuple[str, str]], counts: dict[str, dict[int, int]]) -> list[GroupRow]:
    return [GroupRow(key, label, dict(counts.get(key, {}))) for key, label in groups]


def _everyone(rows: list[GroupRow]) -> GroupRow:
    by_tier = {tier: sum(row.count(tier) for row in rows) for tier in TIERS}
    return GroupRow("everyone", "Everyone with a tier", by_tier)


def tier_distribution(partnership: Partnership, today: date) -> list[Distribution]:
    """The current tiers of the partnership's people by gender, ethnic group and age group."""
    people = tiered_people(partnership)
    genders = _grouped(people, "gender")
    gender_rows = _rows([(g.value, str(g.label)) for g in Gender], genders)

    folded: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for ethnicity, by_tier in _grouped(people, "ethnicity").items():
        for tier, n in by_tier.items():
            folded[ethnic_group(ethnicity)][tier] += n
    ethnic_rows = _rows(ETHNIC_GROUPS, folded)

    ages = _grouped(people.annotate(age_group=age_group_case(today)), "age_group")
    age_rows = _rows([(key, label) for key, label, _ in AGE_GROUPS], ages)
    return [
        Distribution("gender", "Tiers by gender", "Gender", gender_rows, _everyone(gender_rows)),
        Distribution(
            "ethnicity",
            "Tiers by ethnic group",
            "Ethnic group",
            ethnic_rows,
            _everyone(ethnic_rows),
        ),
        Distribution("age", "Tiers by age group", "Age group", age_rows, _everyone(age_rows)),
    ]
