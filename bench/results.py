"""Benchmark results: measured rows, the issue's targets beside them, and bench/results.md.

A row carries the numbers measured; its figures text and its pass/miss are both derived from
those numbers, so the table can only say what was measured.
"""

import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SECTION_HEADING = "## {kind}: {scale}"
# The kinds of section, in the file's order: the benchmarks, then the load test with faults
# (bench/load_faults.py), which is run on its own and keeps its own section.
SECTION_KINDS = ("Scale", "Faults")
RESULTS_TITLE = "# Waypost benchmarks"
RESULTS_INTRO = (
    "Written by `make bench` (bench/run.py): `--scale quick` (10k people, 200k street contacts; "
    "minutes) or `--scale full` (the issue's sizes; hours). Each run replaces its own scale's "
    "section; the load test with faults (`make bench ONLY=faults`) keeps a section of its own. "
    "Times are wall-clock on the machine described, shared with the load generator "
    "and the database server."
)


@dataclass
class Target:
    """A goal from the issue: `metric` compared with `value` by `op`, set at a given size."""

    metric: str
    op: str  # "<=" or ">="
    value: float
    text: str  # as the table shows it, e.g. "p95 ≤ 50 ms at 1M people"
    at_size: int = 0  # the size (people, contacts or rows) the target is set at

    def is_met(self, measured: float) -> bool:
        if self.op == "<=":
            return measured <= self.value
        if self.op == ">=":
            return measured >= self.value
        raise ValueError(f"unknown comparison {self.op!r}")


@dataclass
class Row:
    """One line of the table: what was timed, at what size, on which engine, and the numbers."""

    benchmark: str
    engine: str
    scale: str  # as the table shows it, e.g. "10k people, 200k contacts"
    size: int  # people, contacts or rows: what the target's size is compared with
    numbers: dict[str, float]
    figures: str
    target: Target | None = None
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        measured = self.numbers.get(self.target.metric)
        if measured is None:
            return None
        if self.numbers.get("failures", 0) > 0:
            return False  # a fast page that fails has not met anything
        return self.target.is_met(measured)

    @property
    def met_text(self) -> str:
        met = self.met
        if met is None:
            return "—"
        word = "pass" if met else "miss"
        if self.target is not None and self.size < self.target.at_size:
            return f"{word}*"
        return word

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Row":
        target = data.get("target")
        return cls(**{**data, "target": Target(**target) if target else None})


def rows_to_file(rows: list[Row], path: Path) -> None:
    path.write_text(json.dumps([row.to_json() for row in rows], indent=1))


def rows_from_file(path: Path) -> list[Row]:
    return [Row.from_json(item) for item in json.loads(path.read_text())]


def short(number: float) -> str:
    """10000 → "10k", 2000000 → "2M", 1500 → "1.5k": sizes as the issue writes them."""
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if number >= factor:
            text = f"{number / factor:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return f"{number:g}"


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (no interpolation): a value that was actually measured."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = math.ceil(round(share * len(ordered), 9))  # round: 0.95 * 100 is 95.00000000000001
    return ordered[min(len(ordered), max(rank, 1)) - 1]


# --- The table and bench/results.md --------------------------------------------------------------

COLUMNS = ("benchmark", "scale", "engine", "figures", "target", "met?")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The rows as one Markdown table (readable as plain text too)."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    for row in rows:
        cells = (
            row.benchmark,
            row.scale,
            row.engine,
            row.figures,
            row.target.text if row.target else "—",
            row.met_text,
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


@dataclass
class Section:
    scale: str
    machine: dict[str, str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    kind: str = "Scale"

    def markdown(self) -> str:
        parts = [SECTION_HEADING.format(kind=self.kind, scale=self.scale), "", "Machine:", ""]
        parts += [f"- {key}: {value}" for key, value in self.machine.items()]
        parts += ["", table(self.rows), ""]
        if any(row.met_text.endswith("*") for row in self.rows):
            parts += [
                "\\* Measured below the size the target is set at: a pass here does not show "
                "the target is met at that size.",
                "",
            ]
        notes = self.notes + [
            f"{row.benchmark} ({row.engine}): {row.note}" for row in self.rows if row.note
        ]
        if notes:
            parts += ["Notes:", ""] + [f"- {note}" for note in notes] + [""]
        return "\n".join(parts)


_SECTION = re.compile(rf"^## ({'|'.join(SECTION_KINDS)}): (\S+)\s*$", re.MULTILINE)


def _section_order(key: tuple[str, str]) -> tuple[int, int, str]:
    kind, scale = key
    known = ("quick", "full")
    return SECTION_KINDS.index(kind), known.index(scale) if scale in known else 2, scale


def merge_section(existing: str, section: Section) -> str:
    """bench/results.md with `section` in place of the same kind and scale's (others kept)."""
    sections: dict[tuple[str, str], str] = {}
    matches = list(_SECTION.finditer(existing))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(existing)
        sections[(match.group(1), match.group(2))] = existing[match.start() : end].strip() + "\n"
    sections[(section.kind, section.scale)] = section.markdown().strip() + "\n"
    body = "\n".join(sections[key] for key in sorted(sections, key=_section_order))
    return f"{RESULTS_TITLE}\n\n{RESULTS_INTRO}\n\n{body}"


def write_section(path: Path, section: Section) -> None:
    existing = path.read_text() if path.exists() else ""
    path.write_text(merge_section(existing, section))
