"""The batch model: the same comparisons as compare.py, in Splink 5 on DuckDB.

DuckDB cannot load extensions here (and should not need to in production), so the input is
built from the ORM as a pyarrow table and every comparison uses only DuckDB's built-in
functions: jaro_winkler_similarity, damerau_levenshtein, list_has_any, date parts. The level
names match weights.LEVELS, so trained m and u probabilities feed the interactive matcher.

The same model runs on Spark (spark.py): the SQL is written once, and the few functions whose
names differ between DuckDB and Spark (with the similarity functions Splink ships as a jar) are
looked up per dialect, so both backends score the same levels with the same weights.

One row per name a person goes by (their own name, known name and each alias), so an alias
can match another record; rows of one person are never paired with each other for dedupe.
"""

import logging
from collections.abc import Collection, Iterable
from typing import Any

import pyarrow as pa
from django.db.models import Q

from waypost.people.matching.compare import UNIQUE_KINDS
from waypost.people.matching.normalise import (
    canonical_names,
    date_key,
    family_key,
    normalise_identifier_value,
    normalise_name,
    phonetic,
)
from waypost.people.matching.weights import LEVELS
from waypost.people.models import Alias, BirthDatePrecision, Gender, Identifier, Person

logger = logging.getLogger(__name__)

_UNKNOWN_GENDERS = {"", Gender.UNKNOWN, Gender.NOT_SAID, Gender.SELF_DESCRIBED}

# Blocking rules for predictions: a pair is scored when it shares any of these. Each keeps a
# person's own rows apart.
PREDICTION_RULES = [
    "l.dob_key = r.dob_key",
    # Day and month with a name: a slip in the year of an exact date (1980 → 1908).
    "l.given_block = r.given_block and l.dob_day_month = r.dob_day_month",
    "l.family_ph = r.family_ph and l.dob_day_month = r.dob_day_month",
    "l.family_ph = r.family_ph and l.birth_year = r.birth_year",
    "l.given_block = r.given_block and l.birth_year = r.birth_year",
    "l.given_block = r.given_block and l.family_ph = r.family_ph",
    "l.nhs_number = r.nhs_number",
    "l.ni_number = r.ni_number",
    "l.prison_number = r.prison_number",
]


def _not_same_person(rule: str) -> str:
    return f"{rule} and l.person_id <> r.person_id"


DIALECTS = ("duckdb", "spark")
# Functions whose names differ by backend. On Spark, jaro_winkler and damerau_levenshtein are
# the UDFs in Splink's similarity jar (registered by SparkAPI); the rest are built in.
_FUNCTIONS: dict[str, dict[str, str]] = {
    "duckdb": {
        "jaro_winkler": "jaro_winkler_similarity",
        "damerau_levenshtein": "damerau_levenshtein",
        "arrays_overlap": "list_has_any",
    },
    "spark": {
        "jaro_winkler": "jaro_winkler",
        "damerau_levenshtein": "damerau_levenshtein",
        "arrays_overlap": "arrays_overlap",
    },
}


# Name frequencies from fewer rows than this are noise: below it, exact names weigh the same
# whatever the name.
TERM_FREQUENCY_MIN_ROWS = 2000


def _level(
    name: str, sql: str, *, null: bool = False, frequencies_of: str | None = None
) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": name}
    if null:
        level["is_null_level"] = True
    if frequencies_of:
        level["tf_adjustment_column"] = frequencies_of
        level["tf_adjustment_weight"] = 1.0
    return level


def comparisons(dialect: str = "duckdb", *, term_frequencies: bool = False) -> list[dict[str, Any]]:
    """Splink comparison dicts for `dialect` ("duckdb" or "spark"); levels in weights.LEVELS
    order after the null level. With `term_frequencies`, an exact first or family name weighs
    more the rarer it is among the rows (Splink's term frequency adjustment): two records of
    a rare name are likelier one person than two of a common one."""
    fn = _FUNCTIONS[dialect]

    def _jw(column: str) -> str:
        return f"{fn['jaro_winkler']}({column}_l, {column}_r)"

    def _dl(left: str, right: str) -> str:
        return f"{fn['damerau_levenshtein']}({left}, {right})"

    gf = "given_first"
    fam = "family_norm"
    exact_both = "precision_l = 'exact' and precision_r = 'exact'"
    estimated = "(precision_l = 'estimated' or precision_r = 'estimated')"
    ids_agree = f"{fn['arrays_overlap']}(ids_l, ids_r)"
    ids_conflict = " or ".join(
        f"({k}_l is not null and {k}_r is not null and {k}_l <> {k}_r)"
        for k in sorted(UNIQUE_KINDS)
    )
    return [
        {
            "output_column_name": "given_name",
            "comparison_levels": [
                _level("missing", f"{gf}_l is null or {gf}_r is null", null=True),
                _level(
                    "exact", f"{gf}_l = {gf}_r", frequencies_of=gf if term_frequencies else None
                ),
                _level("nickname", f"{fn['arrays_overlap']}(given_canon_l, given_canon_r)"),
                _level("similar", f"{_jw(gf)} >= 0.92"),
                _level(
                    "initial",
                    f"(length({gf}_l) = 1 or length({gf}_r) = 1) "
                    f"and substr({gf}_l, 1, 1) = substr({gf}_r, 1, 1)",
                ),
                _level("close", f"{_jw(gf)} >= 0.8"),
                _level("different", "ELSE"),
            ],
        },
        {
            "output_column_name": "family_name",
            "comparison_levels": [
                _level("missing", f"{fam}_l is null or {fam}_r is null", null=True),
                _level(
                    "exact", f"{fam}_l = {fam}_r", frequencies_of=fam if term_frequencies else None
                ),
                _level(
                    "similar",
                    f"{_jw(fam)} >= 0.92 or {_dl(f'{fam}_l', f'{fam}_r')} <= 1",
                ),
                _level("close", f"{_jw(fam)} >= 0.8"),
                _level("different", "ELSE"),
            ],
        },
        {
            "output_column_name": "date_of_birth",
            "comparison_levels": [
                _level("missing", "birth_date_l is null or birth_date_r is null", null=True),
                _level("exact", f"{exact_both} and birth_date_l = birth_date_r"),
                _level(
                    "swapped",
                    f"{exact_both} and year(birth_date_l) = year(birth_date_r) "
                    "and day(birth_date_l) = month(birth_date_r) "
                    "and month(birth_date_l) = day(birth_date_r) "
                    "and day(birth_date_l) <> month(birth_date_l)",
                ),
                _level(
                    "typo",
                    f"{exact_both} and "
                    f"{_dl('cast(birth_date_l as string)', 'cast(birth_date_r as string)')} <= 1",
                ),
                # Two exact dates more than a slip apart disagree, same year or not: one
                # person's records almost never do that, while one in 55 random pairs share a
                # year (bench/dedupe_quality.py: most false pairs were these).
                _level(
                    "year",
                    f"birth_year_l = birth_year_r and not ({exact_both}) and ({estimated} "
                    "or precision_l = 'year' or precision_r = 'year' "
                    "or month(birth_date_l) = month(birth_date_r))",
                ),
                _level("near", f"{estimated} and abs(birth_year_l - birth_year_r) <= 2"),
                _level("different", "ELSE"),
            ],
        },
        {
            "output_column_name": "gender",
            "comparison_levels": [
                _level("missing", "gender_l is null or gender_r is null", null=True),
                _level("same", "gender_l = gender_r"),
                _level("different", "ELSE"),
            ],
        },
        {
            "output_column_name": "identifiers",
            "comparison_levels": [
                # Neither shared nor conflicting ids: says nothing (as compare.py).
                _level("missing", f"not ({ids_agree}) and not ({ids_conflict})", null=True),
                _level("exact", ids_agree),
                _level("different", "ELSE"),
            ],
        },
    ]


def settings(
    parameters: dict[str, Any] | None = None,
    dialect: str = "duckdb",
    *,
    rows: int | None = None,
) -> dict[str, Any]:
    """Splink settings for `dialect`, with m and u from `parameters` (weights JSON shape) when
    given. Given the number of `rows` to be scored, the prior is the one for that many
    (prior_for_rows) and, from TERM_FREQUENCY_MIN_ROWS rows, exact names weigh by rarity."""
    comps = comparisons(
        dialect, term_frequencies=rows is not None and rows >= TERM_FREQUENCY_MIN_ROWS
    )
    if parameters is not None:
        for comparison in comps:
            trained = parameters["comparisons"].get(comparison["output_column_name"], {})
            for level in comparison["comparison_levels"]:
                mu = trained.get(level["label_for_charts"])
                if mu and not level.get("is_null_level"):
                    level["m_probability"] = mu["m"]
                    level["u_probability"] = mu["u"]
    result: dict[str, Any] = {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comps,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": _not_same_person(rule)} for rule in PREDICTION_RULES
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
    }
    if parameters is not None:
        result["probability_two_random_records_match"] = (
            parameters["probability_two_random_records_match"]
            if rows is None
            else prior_for_rows(parameters, rows)
        )
    return result


# The prior is capped: in a handful of records, evidence should still decide.
_MAX_PRIOR = 0.01


def prior_for_rows(parameters: dict[str, Any], rows: int) -> float:
    """Splink's prior (two random rows are one person) for a table of `rows` rows.

    Duplicates grow with the number of records, pairs with its square: a prior estimated on
    20,000 records is ten times too small for 2,000. So the weights carry
    "duplicate_pairs_per_record" (true pairs / rows where they were estimated) and the prior
    is 2 × that / (rows − 1). Weights without it keep their fixed prior.
    """
    per_record = parameters.get("duplicate_pairs_per_record")
    if per_record is None or rows < 2:
        return float(parameters["probability_two_random_records_match"])
    return min(2 * float(per_record) / (rows - 1), _MAX_PRIOR)


def parameters_from_model(model: dict[str, Any]) -> dict[str, Any]:
    """Splink's model dict → the weights JSON shape (level name → m and u)."""
    out: dict[str, Any] = {
        "probability_two_random_records_match": model["probability_two_random_records_match"],
        "comparisons": {},
    }
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels: dict[str, dict[str, float]] = {}
        for level in comparison["comparison_levels"]:
            label = level.get("label_for_charts")
            if level.get("is_null_level") or label not in LEVELS.get(name, ()):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is None or u is None:
                continue
            levels[label] = {"m": float(m), "u": float(u)}
        out["comparisons"][name] = levels
    return out


def person_rows(partnership_id: Any, *, also: Collection[Any] = ()) -> pa.Table:
    """One row per name each live, unrestricted person in the partnership goes by (and the
    people in `also` whatever their state: training uses reviewed pairs whose records have
    since been merged)."""
    scope = Q(partnership_id=partnership_id) & (
        Q(merged_into__isnull=True, anonymised_at__isnull=True, restricted_at__isnull=True)
        | Q(pk__in=list(also))
    )
    people = Person.objects.filter(scope).values_list(
        "id",
        "given_name",
        "preferred_name",
        "family_name",
        "birth_date",
        "birth_date_precision",
        "gender",
    )
    in_scope = Q(person__in=Person.objects.filter(scope).values("pk"))
    aliases: dict[Any, list[tuple[str, str]]] = {}
    for person_id, given, family in Alias.objects.filter(in_scope).values_list(
        "person_id", "given_name", "family_name"
    ):
        aliases.setdefault(person_id, []).append((given, family))
    ids: dict[Any, list[tuple[str, str]]] = {}
    for person_id, kind, value in Identifier.objects.filter(in_scope).values_list(
        "person_id", "kind", "value"
    ):
        ids.setdefault(person_id, []).append((kind, normalise_identifier_value(value)))
    return rows_table(
        (row, aliases.get(row[0], []), ids.get(row[0], [])) for row in people.iterator()
    )


def rows_table(
    people: Iterable[tuple[tuple[Any, ...], list[tuple[str, str]], list[tuple[str, str]]]],
) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in _SCHEMA.names}
    for (pk, given, preferred, family, birth_date, precision, gender), aliases, ids in people:
        names = [(given or preferred, family)]
        if preferred and given and preferred != given:
            names.append((preferred, family))
        names += [(g or given, f or family) for g, f in aliases]
        known = birth_date is not None and precision != BirthDatePrecision.UNKNOWN
        by_kind = {kind: value for kind, value in sorted(ids)}
        for n, (g, f) in enumerate(names):
            given_norm = normalise_name(g)
            first = given_norm.split()[0] if given_norm else None
            family_norm = normalise_name(f).replace(" ", "") or None
            columns["unique_id"].append(f"{pk}:{n}")
            columns["person_id"].append(str(pk))
            columns["given_first"].append(first)
            columns["given_canon"].append(sorted(canonical_names(first)) if first else [])
            columns["given_block"].append(_given_block(g))
            columns["family_norm"].append(family_norm)
            columns["family_ph"].append(family_key(f) or None)
            columns["birth_date"].append(birth_date if known else None)
            columns["precision"].append(precision if known else None)
            columns["birth_year"].append(birth_date.year if known else None)
            exact = known and precision == BirthDatePrecision.EXACT
            columns["dob_key"].append(date_key(birth_date) if exact else None)
            columns["dob_day_month"].append(date_key(birth_date)[4:] if exact else None)
            columns["gender"].append(None if gender in _UNKNOWN_GENDERS else gender)
            columns["nhs_number"].append(by_kind.get("nhs_number"))
            columns["ni_number"].append(by_kind.get("ni_number"))
            columns["prison_number"].append(by_kind.get("prison_number"))
            columns["ids"].append(sorted(f"{k}:{v}" for k, v in ids))
    return pa.table(columns, schema=_SCHEMA)


def _given_block(given: str) -> str | None:
    """One blocking code per first name: the sound of the (first) formal name it may be short
    for, else of itself, so "Bob" and "Robert" block together."""
    tokens = normalise_name(given).split()
    if not tokens:
        return None
    formal = sorted(canonical_names(tokens[0]) - {tokens[0]}) or [tokens[0]]
    return phonetic(formal[0])


_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("person_id", pa.string()),
        ("given_first", pa.string()),
        ("given_canon", pa.list_(pa.string())),
        ("given_block", pa.string()),
        ("family_norm", pa.string()),
        ("family_ph", pa.string()),
        ("birth_date", pa.date32()),
        ("precision", pa.string()),
        ("birth_year", pa.int32()),
        ("dob_key", pa.string()),
        ("dob_day_month", pa.string()),
        ("gender", pa.string()),
        ("nhs_number", pa.string()),
        ("ni_number", pa.string()),
        ("prison_number", pa.string()),
        ("ids", pa.list_(pa.string())),
    ]
)
