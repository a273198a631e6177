"""Match weights: how much each level of agreement on each field says about two records being
one person (Fellegi–Sunter, as in Splink: weight = log2(m / u)).

The newest `MatcherWeights` row (written by `manage.py train_matcher`) is used; without one,
the defaults shipped beside this file. Each process keeps the weights for a minute, so a
retrained model reaches every web process within a minute without a query per match.
"""

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypost.people.models import MatcherWeights

DEFAULT_WEIGHTS_PATH = Path(__file__).with_name("default_weights.json")
CACHE_SECONDS = 60

# Comparisons and their levels, most specific first. "missing" (one side unknown) always
# weighs nothing. Splink's settings (splink_model.py) use the same names.
LEVELS: dict[str, tuple[str, ...]] = {
    "given_name": ("exact", "nickname", "similar", "initial", "close", "different"),
    "family_name": ("exact", "similar", "close", "different"),
    "date_of_birth": ("exact", "swapped", "typo", "year", "near", "different"),
    "gender": ("same", "different"),
    "identifiers": ("exact", "different"),
}
# How much less (in bits) each looser level weighs than the stricter one before it, at least.
LOOSER_MARGIN = 1.0
# Bounds keep a level seen once or never in training from dominating every score.
_MIN_PROBABILITY = 1e-7


@dataclass(frozen=True)
class Weights:
    prior_weight: float
    level_weights: dict[str, dict[str, float]]
    source: str

    def weight(self, comparison: str, level: str) -> float:
        return self.level_weights.get(comparison, {}).get(level, 0.0)


# One query against a partnership of about 10,000 people: the prior for interactive matching
# when the weights do not say (train_matcher sets it to 1 / the number of people).
DEFAULT_QUERY_PRIOR = 1e-4


def weights_from_parameters(
    parameters: dict[str, Any], source: str, *, batch: bool = False
) -> Weights:
    """Weights from the JSON shape {"probability_two_random_records_match": λ,
    "probability_query_matches_a_record": p, "comparisons": {comparison: {level: {"m": m,
    "u": u}}}}.

    The prior differs by use: the batch compares every pair of records (Splink's λ); a query
    is one person looked for among the partnership's records (about 1 / their number).
    """
    if batch:
        prior = float(parameters["probability_two_random_records_match"])
    else:
        prior = float(parameters.get("probability_query_matches_a_record", DEFAULT_QUERY_PRIOR))
    prior = min(max(prior, _MIN_PROBABILITY), 1 - _MIN_PROBABILITY)
    levels = {
        comparison: {level: math.log2(mu["m"] / mu["u"]) for level, mu in by_level.items()}
        for comparison, by_level in monotone(parameters)["comparisons"].items()
    }
    return Weights(prior_weight=math.log2(prior / (1 - prior)), level_weights=levels, source=source)


def monotone(parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters with each looser level weighing at least a bit (LOOSER_MARGIN) less
    than the stricter one before it, by lowering m/u through u. Without term frequencies,
    "similar" can out-score "exact" only because common names collide; the interactive
    matcher and the batch (Splink) both use these."""
    result = {key: value for key, value in parameters.items() if key != "comparisons"}
    result["comparisons"] = {}
    for comparison, by_level in parameters["comparisons"].items():
        order = LEVELS.get(comparison, ())
        ceiling = math.inf
        adjusted = {}
        for level in sorted(by_level, key=lambda name: order.index(name) if name in order else 99):
            m = max(float(by_level[level]["m"]), _MIN_PROBABILITY)
            u = max(float(by_level[level]["u"]), _MIN_PROBABILITY)
            weight = min(math.log2(m / u), ceiling - LOOSER_MARGIN)
            u = m / 2**weight
            # Keep both probabilities at most 1 (Splink checks): the ratio is what counts.
            adjusted[level] = {"m": m, "u": u} if u <= 1 else {"m": 2**weight, "u": 1.0}
            ceiling = weight
        result["comparisons"][comparison] = adjusted
    return result


def default_parameters() -> dict[str, Any]:
    return json.loads(DEFAULT_WEIGHTS_PATH.read_text())


_cache: tuple[float, Weights] | None = None


def parameters_in_use() -> dict[str, Any]:
    """The m/u parameters in use (weights JSON shape): newest trained, else the defaults."""
    trained = MatcherWeights.objects.order_by("-trained_at").values("weights").first()
    return trained["weights"] if trained is not None else default_parameters()


def current_weights() -> Weights:
    """The weights in use: the newest trained ones, else the shipped defaults."""
    global _cache
    now = time.monotonic()
    if _cache is not None and now - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    trained = MatcherWeights.objects.order_by("-trained_at").values("id", "weights").first()
    if trained is not None:
        weights = weights_from_parameters(trained["weights"], source=f"trained {trained['id']}")
    else:
        weights = weights_from_parameters(default_parameters(), source="default")
    _cache = (now, weights)
    return weights


def forget_cached_weights() -> None:
    """Drop this process's cached weights (after training, and between tests)."""
    global _cache
    _cache = None


def probability(total_weight: float) -> float:
    """Match probability from a total match weight (prior included)."""
    return 1.0 / (1.0 + 2.0 ** (-total_weight))
