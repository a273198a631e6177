"""Property test (hypothesis): over any valid model and any assessment and street history, the
tier is deterministic (the same facts always give the same tier, whatever order they come in),
the explanation's points sum to the score, and the tier is the one the cut-offs give."""

from hypothesis import given, settings
from hypothesis import strategies as st

from waypost.audit.models import Section
from waypost.cases.models import Domain, Level, Tier
from waypost.cases.scoring import LOOKBACK_MONTHS, Inputs, score

points = st.integers(min_value=0, max_value=100)
level_points = st.fixed_dictionaries({str(level.value): points for level in Level})
bands = st.lists(st.tuples(st.integers(min_value=1, max_value=99), points).map(list), max_size=4)
rules = st.fixed_dictionaries(
    {
        "domains": st.fixed_dictionaries({d.value: level_points for d in Domain}),
        "nps": points,
        "months_rough": bands,
        "returns": bands,
    }
)


@st.composite
def tiers(draw):
    """Cut-offs, highest need first: tier 1 above tier 2 above 0, in any order in the JSON."""
    two = draw(st.integers(min_value=1, max_value=500))
    one = draw(st.integers(min_value=two + 1, max_value=1000))
    cut_offs = [[Tier.ONE, one], [Tier.TWO, two], [Tier.THREE, 0]]
    return draw(st.permutations(cut_offs))


inputs = st.builds(
    Inputs,
    levels=st.dictionaries(
        st.sampled_from(Domain.values), st.sampled_from(Level.values), max_size=len(Domain)
    ),
    uses_nps=st.booleans(),
    months_rough=st.integers(min_value=0, max_value=LOOKBACK_MONTHS),
    returns=st.integers(min_value=0, max_value=60),
)


def _reversed(mapping):
    """The same mapping, its keys in the opposite order (JSON from elsewhere)."""
    return {key: mapping[key] for key in reversed(list(mapping))}


@settings(max_examples=300, deadline=None)
@given(rules=rules, tiers=tiers(), facts=inputs)
def test_the_tier_is_deterministic_and_explained(rules, tiers, facts):
    result = score(rules, tiers, facts)

    # Deterministic: again, and with every mapping and the cut-offs in another order.
    assert score(rules, tiers, facts) == result
    shuffled_rules = {
        **_reversed(rules),
        "domains": {d: _reversed(levels) for d, levels in _reversed(rules["domains"]).items()},
    }
    shuffled_facts = Inputs(
        _reversed(dict(facts.levels)), facts.uses_nps, facts.months_rough, facts.returns
    )
    assert score(shuffled_rules, list(reversed(tiers)), shuffled_facts) == result

    # The explanation adds up to the score, and every factor says where it came from.
    assert sum(factor.points for factor in result.explanation) == result.score
    assert all(factor.points >= 0 and factor.label for factor in result.explanation)
    assert {factor.section for factor in result.explanation} <= set(Section.values)
    assert len({factor.factor for factor in result.explanation}) == len(result.explanation)

    # The tier is the one the cut-offs give.
    cut = {int(tier): cut_off for tier, cut_off in tiers}
    if result.score >= cut[Tier.ONE]:
        assert result.tier == Tier.ONE
    elif result.score >= cut[Tier.TWO]:
        assert result.tier == Tier.TWO
    else:
        assert result.tier == Tier.THREE


@settings(max_examples=100, deadline=None)
@given(rules=rules, tiers=tiers(), facts=inputs, more=st.integers(min_value=1, max_value=12))
def test_more_time_rough_sleeping_never_lowers_the_score_with_rising_bands(
    rules, tiers, facts, more
):
    # With bands whose points rise with the months (as the form's defaults do), another
    # month seen bedded down can only raise the score.
    rising = sorted(rules["months_rough"])
    running, fixed = 0, []
    for at_least, band_points in rising:
        running = max(running, band_points)
        fixed.append([at_least, running])
    rules = {**rules, "months_rough": fixed}
    longer = Inputs(facts.levels, facts.uses_nps, facts.months_rough + more, facts.returns)
    assert score(rules, tiers, longer).score >= score(rules, tiers, facts).score
