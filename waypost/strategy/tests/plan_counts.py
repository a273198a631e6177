"""An independent count of each action plan's rows, read from the source text's table layout.

It does not read the JSON: it walks the PDF-to-text tables line by line (cells are separated by
tabs) so the load test can compare what `load_plan` stored with what the plan itself holds.

First plan (Coventry): "Principle N" starts a theme. A line whose first cell is a number starts
a commitment. A line that holds a due date cell ("Apr-20", "April 20", "Review Jan-20 ...",
"Annual as of April 20", "tbc", "on going") is an action row: a wrapped cell's continuation
lines never hold one, whichever columns the PDF shifted them into.

Second plan (Birmingham): a line followed by the "AIM ACTION ..." header starts a theme. A line
whose first cell is text that does not start in lower case starts an aim (a lower-case first
cell is the rest of an aim cut by a page break). Every line with an action cell is one action
row, however many sub-actions (i., ii., bullets) the cell holds.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "plans" / "sources"
COVENTRY = SOURCES / "coventry-action-plan.txt"
BIRMINGHAM = SOURCES / "birmingham-action-plan.txt"

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_DUE_CELL = re.compile(
    r"^(?:(?:Review (?:current practice\. )?|Annual as of )?" + _MONTHS + r"(?: ?- ?| )\d{2}\b"
    r"|tbc$|on ?-? ?going$)"
)


@dataclass
class CommitmentCount:
    number: str
    actions: int = 0


@dataclass
class ThemeCount:
    heading: str
    commitments: list[CommitmentCount] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the theme's part of the source text

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def count_coventry(text: str | None = None) -> list[ThemeCount]:
    text = COVENTRY.read_text(encoding="utf-8") if text is None else text
    themes: list[ThemeCount] = []
    for line in text.splitlines():
        heading = re.fullmatch(r"(Principle \d+)\s*", line)
        if heading:
            themes.append(ThemeCount(heading.group(1)))
            continue
        if not themes or not line.strip():
            continue
        theme = themes[-1]
        theme.lines.append(line)
        cells = _cells(line)
        if cells[0] == "No":
            continue  # the table's header row
        if re.fullmatch(r"\d+", cells[0]):
            theme.commitments.append(CommitmentCount(cells[0]))
        if any(_DUE_CELL.match(cell) for cell in cells[1:]):
            theme.commitments[-1].actions += 1
    return themes


def count_birmingham(text: str | None = None) -> list[ThemeCount]:
    text = BIRMINGHAM.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    themes: list[ThemeCount] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith("AIM\t"):
            themes.append(ThemeCount(line.strip()))
            continue
        cells = _cells(line)
        if not themes or len(cells) < 2 or cells[0] == "AIM":
            continue  # before the first table, a page-break note, or a header row
        theme = themes[-1]
        theme.lines.append(line)
        first = cells[0]
        if first and not first[0].islower():
            number = re.match(r"(\d+)\.", first)
            theme.commitments.append(CommitmentCount(number.group(1) if number else ""))
        if cells[1]:
            theme.commitments[-1].actions += 1
    return themes
