"""Hand-worked examples of the default model (version 1), so a partner can check the
arithmetic on paper: docs/threshold-model.md shows the same sums."""

import pytest

from waypost.cases.models import Domain, Tier
from waypost.cases.scoring import (
    DEFAULT_RULES,
    DEFAULT_TIERS,
    Inputs,
    band_points,
    describe_changes,
    score,
    tier_for,
)


def _factors(result):
    return {factor.factor: factor.points for factor in result.explanation}


def test_someone_with_high_mental_health_need_who_uses_spice_is_tier_2():
    result = score(
        DEFAULT_RULES,
        DEFAULT_TIERS,
        Inputs(
            levels={Domain.MENTAL_HEALTH: 3, Domain.DRUGS_ALCOHOL: 2, Domain.FINANCES: 1},
            uses_nps=True,
            months_rough=7,
            returns=2,
        ),
    )
    # 6 (mental health, high) + 4 (drugs, medium) + 4 (NPS) + 1 (finances, low)
    # + 6 (6 to 11 months bedded down) + 6 (2 returns) = 27: at least 20, under 40.
    assert _factors(result) == {
        "domain:mental_health": 6,
        "domain:drugs_alcohol": 4,
        "nps": 4,
        "domain:finances": 1,
        "months_rough": 6,
        "returns": 6,
    }
    assert result.score == 27
    assert result.tier == Tier.TWO
    labels = [factor.label for factor in result.explanation]
    assert "Mental health: high" in labels
    assert "Uses synthetic cannabinoids or other new psychoactive substances" in labels
    assert "Seen bedded down in 7 of the last 24 months" in labels
    assert "Returned to sleeping rough 2 times in the last 24 months" in labels


def test_someone_entrenched_with_high_risks_is_tier_1():
    result = score(
        DEFAULT_RULES,
        DEFAULT_TIERS,
        Inputs(
            levels={
                Domain.RISK_TO_SELF: 3,
                Domain.RISK_FROM_OTHERS: 3,
                Domain.SAFEGUARDING: 3,
                Domain.MENTAL_HEALTH: 3,
                Domain.PHYSICAL_HEALTH: 2,
                Domain.HOUSING_HISTORY: 3,
            },
            months_rough=12,
            returns=0,
        ),
    )
    # 6 + 6 + 6 + 6 + 4 + 3 + 10 (12 months or more) + 0 = 41
    assert result.score == 41
    assert result.tier == Tier.ONE


def test_no_needs_and_no_street_history_is_tier_3_and_still_says_why():
    result = score(DEFAULT_RULES, DEFAULT_TIERS, Inputs(levels={Domain.FINANCES: 0}))
    assert result.score == 0
    assert result.tier == Tier.THREE
    assert [(f.factor, f.label, f.points) for f in result.explanation] == [
        ("months_rough", "Seen bedded down in 0 of the last 24 months", 0),
        ("returns", "No return to sleeping rough in the last 24 months", 0),
    ]


def test_nps_counts_only_with_a_drugs_and_alcohol_answer():
    # NPS use is recorded within drugs and alcohol; an assessment without that domain has none.
    result = score(DEFAULT_RULES, DEFAULT_TIERS, Inputs(levels={}, uses_nps=True))
    assert "nps" not in _factors(result)


@pytest.mark.parametrize(
    ("months", "points"),
    [(0, 0), (1, 1), (2, 1), (3, 3), (5, 3), (6, 6), (11, 6), (12, 10), (24, 10)],
)
def test_months_rough_sleeping_bands(months, points):
    assert band_points(months, DEFAULT_RULES["months_rough"]) == points


@pytest.mark.parametrize(
    ("returns", "points"), [(0, 0), (1, 3), (2, 6), (3, 9), (4, 9), (5, 12), (9, 12)]
)
def test_returns_bands(returns, points):
    assert band_points(returns, DEFAULT_RULES["returns"]) == points


@pytest.mark.parametrize(("total", "tier"), [(0, 3), (19, 3), (20, 2), (39, 2), (40, 1), (86, 1)])
def test_the_default_cut_offs(total, tier):
    assert tier_for(total, DEFAULT_TIERS) == tier


def test_what_changed_between_versions_is_said_plainly():
    new_rules = {
        **DEFAULT_RULES,
        "domains": {**DEFAULT_RULES["domains"], "mental_health": {"0": 0, "1": 2, "2": 4, "3": 8}},
        "nps": 6,
        "returns": [[1, 3], [2, 6], [3, 9], [4, 12]],
    }
    new_tiers = [[1, 36], [2, 20], [3, 0]]
    assert describe_changes(DEFAULT_RULES, DEFAULT_TIERS, new_rules, new_tiers) == [
        "Mental health, high: 6 → 8 points",
        "Synthetic cannabinoids or other NPS: 4 → 6 points",
        "Returns to sleeping rough (points by band): 1+ returns: 3, 2+ returns: 6, "
        "3+ returns: 9, 5+ returns: 12 → 1+ returns: 3, 2+ returns: 6, 3+ returns: 9, "
        "4+ returns: 12",
        "Tier 1 cut-off: 40 → 36",
    ]
    assert describe_changes(DEFAULT_RULES, DEFAULT_TIERS, DEFAULT_RULES, DEFAULT_TIERS) == []
