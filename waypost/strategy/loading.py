"""Loading an action plan from its structured JSON (`waypost/strategy/plans/*.json`).

`load_plan(partnership, data)` writes a plan into the strategy tables and can be run again: the
strategy is found by (partnership, title), themes, commitments and actions by their positions,
and their texts are updated in place. Statuses people have set are never touched by a reload;
a new action starts with the status its latest review note agreed, if any. Review rounds named
in the file are found by title and their notes are rewritten from the file.

`parse_due_date(text)` works out a date from a due date as the plan wrote it ("Apr-20",
"End of April 2019", "June 2019 – April 2020"); see the README beside the plans for the rules.
"""

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from waypost.strategy.models import (
    Action,
    ActionStatus,
    Commitment,
    ReviewNote,
    ReviewRound,
    Strategy,
    Theme,
)

PLANS_DIR = Path(__file__).resolve().parent / "plans"
SCHEMA_VERSION = 1
# The partnership (by slug) each bundled plan belongs to in the demo.
DEMO_PLANS = {"coventry": "coventry", "birmingham": "birmingham"}

_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# A month and a year: "Apr-20", "April 20", "Jun- 20", "Sep -20", "Dec 19", "December 2019".
_MONTH_YEAR = re.compile(
    r"\b" + _MONTH.format(g="month") + r"\.?\s*-?\s*(?P<year>\d{4}|\d{2})\b", re.IGNORECASE
)
# A range at the start: "June 2019 – April 2020", "July to December 2019". The end counts.
_RANGE = re.compile(
    r"^\s*"
    + _MONTH.format(g="first")
    + r"(?:\s*-?\s*(?:\d{4}|\d{2}))?\s*(?:–|—|-|to)\s*"
    + _MONTH.format(g="month")
    + r"\.?\s*-?\s*(?P<year>\d{4}|\d{2})\b",
    re.IGNORECASE,
)
# Work that was folded into the Covid-19 proposal has no date of its own, even when the remark
# says when it was folded in ("Part of Covid-19 proposal May 2020").
_NO_DATE_PREFIX = re.compile(r"^\s*(?:part of\s+)?covid-19 proposal", re.IGNORECASE)


def _month_end(month_name: str, year_text: str) -> date:
    month = _MONTH_NUMBERS[month_name[:3].lower()]
    year = int(year_text)
    if year < 100:
        year += 2000
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_due_date(text: str) -> date | None:
    """The last day of the month a due date as written names, or None when it names none.

    A range at the start ("June 2019 – April 2020") gives its end; otherwise the first month
    named counts ("December 2019 mobilised ...", "Review Jan-20 review on an annual basis").
    "ongoing", "tbc", blank and the Covid-19 proposal remarks give None.
    """
    if not text or _NO_DATE_PREFIX.match(text):
        return None
    found = _RANGE.match(text) or _MONTH_YEAR.search(text)
    if found is None:
        return None
    return _month_end(found.group("month"), found.group("year"))


class PlanDataError(ValueError):
    """The plan's data cannot be used; the message names the field and its position."""


# --- Reading and checking the data -------------------------------------------------------


def plan_data(name: str) -> dict:
    """The bundled plan called `name` ("coventry" or "birmingham")."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
        raise PlanDataError(f"No bundled plan is called {name!r}.")
    return read_plan_file(PLANS_DIR / f"{name}.json")


def read_plan_file(path: Path) -> dict:
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlanDataError(f"There is no file {path}.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise PlanDataError(f"{path} cannot be read as UTF-8 text: {error}") from error
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PlanDataError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    if not isinstance(data, dict):
        raise PlanDataError(f"{path} must hold one JSON object (a plan), not a list or value.")
    return data


@dataclass(frozen=True)
class _Field:
    name: str
    required: bool = False
    max_length: int | None = None


def _text(item: dict, where: str, spec: _Field) -> str:
    value = item.get(spec.name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise PlanDataError(f"{where}.{spec.name}: must be text, not {type(value).__name__}.")
    if spec.required and not value.strip():
        raise PlanDataError(f"{where}.{spec.name}: is missing or blank.")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise PlanDataError(
            f"{where}.{spec.name}: is {len(value)} characters long; at most {spec.max_length}."
        )
    return value.strip()


def _list(item: dict, where: str, name: str, *, required: bool = True) -> list:
    value = item.get(name, [] if not required else None)
    if not isinstance(value, list):
        raise PlanDataError(f"{where}.{name}: must be a list.")
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise PlanDataError(f"{where}.{name}[{index}]: must be an object.")
    return value


def _target(item: dict, where: str) -> Decimal | None:
    value = item.get("measure_target")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PlanDataError(f"{where}.measure_target: must be a number or null.")
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise PlanDataError(f"{where}.measure_target: {value!r} is not a number.") from error
    if not number.is_finite() or abs(number) >= Decimal("1e9"):
        raise PlanDataError(f"{where}.measure_target: {value!r} is out of range.")
    return number.quantize(Decimal("0.1"))


def _review_date(item: dict, where: str) -> date:
    value = item.get("held_on")
    if not isinstance(value, str):
        raise PlanDataError(f"{where}.held_on: must be a date written YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PlanDataError(f"{where}.held_on: {value!r} is not a date (YYYY-MM-DD).") from error


def validate_plan(data: Any) -> dict:
    """The plan, checked and tidied into plain values; PlanDataError names what is wrong."""
    if not isinstance(data, dict):
        raise PlanDataError("plan: must be a JSON object.")
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise PlanDataError(f"schema: this Waypost reads version {SCHEMA_VERSION}, not {schema!r}.")
    plan = {
        "title": _text(data, "plan", _Field("title", required=True, max_length=300)),
        "period": _text(data, "plan", _Field("period", max_length=200)),
        "source": _text(data, "plan", _Field("source", max_length=100)),
        "reviews": [],
        "themes": [],
    }
    review_titles: set[str] = set()
    for r, review in enumerate(_list(data, "plan", "reviews", required=False)):
        where = f"reviews[{r}]"
        title = _text(review, where, _Field("title", required=True, max_length=200))
        if title in review_titles:
            raise PlanDataError(f"{where}.title: {title!r} appears twice.")
        review_titles.add(title)
        plan["reviews"].append(
            {
                "title": title,
                "held_on": _review_date(review, where),
                "summary": _text(review, where, _Field("summary")),
            }
        )
    themes = _list(data, "plan", "themes")
    if not themes:
        raise PlanDataError("themes: a plan needs at least one theme.")
    codes: set[str] = set()
    for t, theme in enumerate(themes):
        where = f"themes[{t}]"
        code = _text(theme, where, _Field("code", required=True, max_length=20))
        if code in codes:
            raise PlanDataError(f"{where}.code: {code!r} appears twice.")
        codes.add(code)
        commitments = []
        for c, commitment in enumerate(_list(theme, where, "commitments")):
            c_where = f"{where}.commitments[{c}]"
            actions = []
            for a, action in enumerate(_list(commitment, c_where, "actions")):
                a_where = f"{c_where}.actions[{a}]"
                notes = []
                for n, note in enumerate(_list(action, a_where, "review_notes", required=False)):
                    n_where = f"{a_where}.review_notes[{n}]"
                    review = _text(note, n_where, _Field("review", required=True))
                    if review not in review_titles:
                        raise PlanDataError(
                            f"{n_where}.review: {review!r} is not one of the plan's reviews."
                        )
                    status = _text(note, n_where, _Field("status"))
                    if status and status not in ActionStatus.values:
                        raise PlanDataError(
                            f"{n_where}.status: {status!r} is not one of "
                            f"{', '.join(ActionStatus.values)}."
                        )
                    notes.append(
                        {
                            "review": review,
                            "text": _text(note, n_where, _Field("text", required=True)),
                            "status": status,
                        }
                    )
                actions.append(
                    {
                        "text": _text(action, a_where, _Field("text", required=True)),
                        "due_text": _text(action, a_where, _Field("due_text", max_length=300)),
                        "lead_text": _text(action, a_where, _Field("lead_text", max_length=500)),
                        "other_agencies_text": _text(
                            action, a_where, _Field("other_agencies_text", max_length=500)
                        ),
                        "review_notes": notes,
                    }
                )
            commitments.append(
                {
                    "number": _text(commitment, c_where, _Field("number", max_length=10)),
                    "text": _text(commitment, c_where, _Field("text", required=True)),
                    "success_text": _text(commitment, c_where, _Field("success_text")),
                    "measure_code": _text(
                        commitment, c_where, _Field("measure_code", max_length=60)
                    ),
                    "measure_target": _target(commitment, c_where),
                    "actions": actions,
                }
            )
        plan["themes"].append(
            {
                "code": code,
                "title": _text(theme, where, _Field("title", required=True, max_length=300)),
                "commitments": commitments,
            }
        )
    return plan


# --- Writing ------------------------------------------------------------------------------


def _update(instance, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return bool(changed)


@transaction.atomic
def load_plan(partnership, data: dict) -> Strategy:
    """Write the plan into `partnership`'s strategies; running it again updates in place."""
    plan = validate_plan(data)
    strategy, created = Strategy.objects.get_or_create(
        partnership=partnership,
        title=plan["title"],
        defaults={"period": plan["period"], "source": plan["source"]},
    )
    if not created and _update(strategy, {"period": plan["period"], "source": plan["source"]}):
        strategy.save(update_fields=["period", "source"])

    rounds: dict[str, ReviewRound] = {}
    for review in plan["reviews"]:
        round_, _ = ReviewRound.objects.update_or_create(
            strategy=strategy,
            title=review["title"],
            defaults={"held_on": review["held_on"], "summary": review["summary"]},
        )
        rounds[review["title"]] = round_
    # The notes of the file's review rounds come from the file: rewritten, never doubled.
    ReviewNote.objects.filter(review__in=rounds.values()).delete()

    existing_themes = {theme.position: theme for theme in strategy.themes.all()}
    # Codes are unique within a strategy: park moved codes first so a reorder cannot clash.
    wanted_codes = {t["code"]: position for position, t in enumerate(plan["themes"], start=1)}
    for position, theme in existing_themes.items():
        if theme.code in wanted_codes and wanted_codes[theme.code] != position:
            theme.code = f"~{theme.pk}"
            theme.save(update_fields=["code"])

    new_notes: list[ReviewNote] = []
    for t_pos, theme_data in enumerate(plan["themes"], start=1):
        theme = existing_themes.get(t_pos)
        values = {"code": theme_data["code"], "title": theme_data["title"]}
        if theme is None:
            theme = Theme.objects.create(strategy=strategy, position=t_pos, **values)
        elif _update(theme, values):
            theme.save(update_fields=list(values))
        existing_commitments = {c.position: c for c in theme.commitments.all()}
        for c_pos, commitment_data in enumerate(theme_data["commitments"], start=1):
            commitment = existing_commitments.get(c_pos)
            values = {
                key: commitment_data[key]
                for key in ("number", "text", "success_text", "measure_code", "measure_target")
            }
            if commitment is None:
                commitment = Commitment.objects.create(theme=theme, position=c_pos, **values)
            elif _update(commitment, values):
                commitment.save(update_fields=list(values))
            existing_actions = {a.position: a for a in commitment.actions.all()}
            for a_pos, action_data in enumerate(commitment_data["actions"], start=1):
                action = existing_actions.get(a_pos)
                values = {
                    "text": action_data["text"],
                    "due_text": action_data["due_text"],
                    "due_date": parse_due_date(action_data["due_text"]),
                    "lead_text": action_data["lead_text"],
                    "other_agencies_text": action_data["other_agencies_text"],
                }
                if action is None:
                    agreed = [
                        note["status"]
                        for note in sorted(
                            action_data["review_notes"],
                            key=lambda note: rounds[note["review"]].held_on,
                        )
                        if note["status"]
                    ]
                    action = Action.objects.create(
                        commitment=commitment,
                        position=a_pos,
                        status=agreed[-1] if agreed else ActionStatus.NOT_STARTED,
                        **values,
                    )
                elif _update(action, values):
                    # A form opened before the reload must not write over the new text.
                    action.version += 1
                    action.save(update_fields=[*values, "version"])
                new_notes.extend(
                    ReviewNote(
                        review=rounds[note["review"]],
                        action=action,
                        text=note["text"],
                        status=note["status"],
                    )
                    for note in action_data["review_notes"]
                )
            commitment.actions.filter(position__gt=len(commitment_data["actions"])).delete()
        theme.commitments.filter(position__gt=len(theme_data["commitments"])).delete()
    strategy.themes.filter(position__gt=len(plan["themes"])).delete()
    ReviewNote.objects.bulk_create(new_notes)
    return strategy


# --- Demo ---------------------------------------------------------------------------------

# Demo statuses for the first plan, by due date: work due before the plan's first January
# is shown as done, January and February 2020 as on track; everything else stays not started.
_DEMO_DONE_BEFORE = date(2020, 1, 1)
_DEMO_ON_TRACK_BEFORE = date(2020, 3, 1)


def seed_strategy_demo(partnership) -> Strategy | None:
    """Load the bundled plan that belongs to `partnership` (by slug) and give it a few demo
    statuses; a partnership with no bundled plan gets nothing. Safe to run again."""
    name = DEMO_PLANS.get(partnership.slug)
    if name is None:
        return None
    strategy = load_plan(partnership, plan_data(name))
    untouched = Action.objects.filter(
        commitment__theme__strategy=strategy,
        status=ActionStatus.NOT_STARTED,
        status_changed_at__isnull=True,
    )
    if name == "coventry":
        untouched.filter(due_date__lt=_DEMO_DONE_BEFORE).update(status=ActionStatus.DONE)
        untouched.filter(
            due_date__gte=_DEMO_DONE_BEFORE, due_date__lt=_DEMO_ON_TRACK_BEFORE
        ).update(status=ActionStatus.ON_TRACK)
    return strategy
