"""The threshold model's arithmetic (plan P1.5): rules and facts in, score, tier and the reasons
out. Pure: no database, no clock, no randomness, so the same inputs always give the same tier
and every tier can be explained to the person and to the partners who act on it.

The rules are a ThresholdModel version's JSON (see its docstring):

- `domains`: {domain: {level: points}}, levels as strings "0" to "3";
- `nps`: points for using synthetic cannabinoids or other new psychoactive substances;
- `months_rough`: bands [[at least this many months, points], ...];
- `returns`: bands [[at least this many returns, points], ...];

and the tiers are cut-offs, highest need first: [[1, min score], [2, min score], [3, 0]].

Each explanation factor carries the section of the record it came from, so a page can hide a
factor from someone who may not see that section while the points still add up.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from waypost.audit.models import Section
from waypost.cases.models import DOMAIN_SECTIONS, Domain, Level, Tier

# How far back street work counts: months with a bedded-down sighting, and returns.
LOOKBACK_MONTHS = 24
BANDS = 4  # rows of each band table the edit form offers
MAX_POINTS = 100
MAX_CUT_OFF = 1000

# The partnership's first version. Risk and health weigh more than practical needs: they are
# where a person is most likely to come to harm without a multi-agency response.
HEAVY_DOMAINS = frozenset(
    {
        Domain.PHYSICAL_HEALTH,
        Domain.MENTAL_HEALTH,
        Domain.DRUGS_ALCOHOL,
        Domain.SAFEGUARDING,
        Domain.RISK_TO_SELF,
        Domain.RISK_TO_OTHERS,
        Domain.RISK_FROM_OTHERS,
    }
)
HEAVY_POINTS = {"0": 0, "1": 2, "2": 4, "3": 6}
LIGHT_POINTS = {"0": 0, "1": 1, "2": 2, "3": 3}
DEFAULT_RULES: dict[str, Any] = {
    "domains": {
        domain.value: dict(HEAVY_POINTS if domain in HEAVY_DOMAINS else LIGHT_POINTS)
        for domain in Domain
    },
    "nps": 4,
    "months_rough": [[1, 1], [3, 3], [6, 6], [12, 10]],
    "returns": [[1, 3], [2, 6], [3, 9], [5, 12]],
}
DEFAULT_TIERS: list[list[int]] = [[Tier.ONE, 40], [Tier.TWO, 20], [Tier.THREE, 0]]

NPS_LABEL = "Uses synthetic cannabinoids or other new psychoactive substances"
# Street work is contact and location data (StreetContact, StatusChange).
STREET_SECTION = Section.CONTACT
DRUGS_SECTION = DOMAIN_SECTIONS[Domain.DRUGS_ALCOHOL]


@dataclass(frozen=True)
class Inputs:
    """What a tier is worked out from: the levels of the assessment's answered domains, NPS
    use, months seen bedded down and returns to sleeping rough in the look-back period."""

    levels: Mapping[str, int]
    uses_nps: bool = False
    months_rough: int = 0
    returns: int = 0


@dataclass(frozen=True)
class Factor:
    factor: str
    label: str
    section: str
    points: int

    def as_json(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "section": self.section,
            "points": self.points,
        }


@dataclass(frozen=True)
class Scored:
    score: int
    tier: int
    explanation: tuple[Factor, ...]

    def explanation_json(self) -> list[dict[str, Any]]:
        return [factor.as_json() for factor in self.explanation]


def band_points(value: int, bands: Sequence[Sequence[int]]) -> int:
    """The points of the highest band `value` reaches (0 below the first)."""
    best: tuple[int, int] | None = None
    for at_least, points in bands:
        if value >= int(at_least) and (best is None or int(at_least) > best[0]):
            best = (int(at_least), int(points))
    return best[1] if best else 0


def tier_for(score: int, tiers: Sequence[Sequence[int]]) -> int:
    """The highest-need tier whose cut-off the score reaches; the lowest tier otherwise."""
    ordered = sorted((int(tier), int(cut_off)) for tier, cut_off in tiers)
    for tier, cut_off in ordered:
        if score >= cut_off:
            return tier
    return ordered[-1][0] if ordered else Tier.THREE


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def score(rules: Mapping[str, Any], tiers: Sequence[Sequence[int]], inputs: Inputs) -> Scored:
    """Score `inputs` under `rules` and place the score in a tier.

    The explanation lists each domain and NPS factor that earned points (in the order of the
    assessment form), then always the two street factors, so a tier 3 still says why. Its
    points sum to the score.
    """
    factors: list[Factor] = []
    domain_points = rules.get("domains", {})
    for domain in Domain:
        if domain.value not in inputs.levels:
            continue
        level = int(inputs.levels[domain.value])
        points = int(domain_points.get(domain.value, {}).get(str(level), 0))
        if points:
            factors.append(
                Factor(
                    f"domain:{domain.value}",
                    f"{domain.label}: {Level(level).label.lower()}",
                    DOMAIN_SECTIONS[domain].value,
                    points,
                )
            )
        if domain == Domain.DRUGS_ALCOHOL and inputs.uses_nps and int(rules.get("nps", 0)):
            factors.append(Factor("nps", NPS_LABEL, DRUGS_SECTION.value, int(rules["nps"])))
    months = inputs.months_rough
    factors.append(
        Factor(
            "months_rough",
            f"Seen bedded down in {months} of the last {LOOKBACK_MONTHS} months",
            STREET_SECTION.value,
            band_points(months, rules.get("months_rough", [])),
        )
    )
    returns = inputs.returns
    factors.append(
        Factor(
            "returns",
            f"No return to sleeping rough in the last {LOOKBACK_MONTHS} months"
            if returns == 0
            else f"Returned to sleeping rough {_times(returns)} in the last "
            f"{LOOKBACK_MONTHS} months",
            STREET_SECTION.value,
            band_points(returns, rules.get("returns", [])),
        )
    )
    total = sum(f.points for f in factors)
    return Scored(score=total, tier=tier_for(total, tiers), explanation=tuple(factors))


# --- What changed between two versions ----------------------------------------------------------


def _band_text(bands: Sequence[Sequence[int]], unit: str) -> str:
    if not bands:
        return "none"
    return ", ".join(f"{at_least}+ {unit}: {points}" for at_least, points in bands)


def describe_changes(
    old_rules: Mapping[str, Any],
    old_tiers: Sequence[Sequence[int]],
    new_rules: Mapping[str, Any],
    new_tiers: Sequence[Sequence[int]],
) -> list[str]:
    """Each difference between two versions, in plain English, like
    "Mental health, high: 6 → 8 points" or "Tier 1 cut-off: 40 → 36"."""
    changes = []
    old_domains, new_domains = old_rules.get("domains", {}), new_rules.get("domains", {})
    for domain in Domain:
        for level in Level:
            before = int(old_domains.get(domain.value, {}).get(str(level.value), 0))
            after = int(new_domains.get(domain.value, {}).get(str(level.value), 0))
            if before != after:
                changes.append(f"{domain.label}, {level.label.lower()}: {before} → {after} points")
    if int(old_rules.get("nps", 0)) != int(new_rules.get("nps", 0)):
        changes.append(
            f"Synthetic cannabinoids or other NPS: {old_rules.get('nps', 0)} → "
            f"{new_rules.get('nps', 0)} points"
        )
    for key, name, unit in (
        ("months_rough", "Months seen bedded down", "months"),
        ("returns", "Returns to sleeping rough", "returns"),
    ):
        before_bands = [list(b) for b in old_rules.get(key, [])]
        after_bands = [list(b) for b in new_rules.get(key, [])]
        if before_bands != after_bands:
            changes.append(
                f"{name} (points by band): {_band_text(before_bands, unit)} → "
                f"{_band_text(after_bands, unit)}"
            )
    before_cuts = dict((int(t), int(c)) for t, c in old_tiers)
    after_cuts = dict((int(t), int(c)) for t, c in new_tiers)
    for tier in sorted(set(before_cuts) | set(after_cuts)):
        if before_cuts.get(tier) != after_cuts.get(tier):
            changes.append(
                f"Tier {tier} cut-off: {before_cuts.get(tier, '-')} → {after_cuts.get(tier, '-')}"
            )
    return changes
