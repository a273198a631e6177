"""The opening hours part of the service form: a weekly grid (each day closed, or its opening
and closing times; a closing time earlier than the opening time runs past midnight) and what
happens on bank holidays, read from and written to HSDS Schedule rows.

Times are typed as people say them (9am, 17:30, midday) and shown back on the 24-hour clock.
"""

import re
from datetime import time
from typing import Any

from django import forms

from waypost.directory.manage_actions import WeeklyHours
from waypost.directory.models import BankHolidays, Schedule
from waypost.directory.opening import DAY_CODES, DAY_NAMES, computable

# --- Times -------------------------------------------------------------------------------------
_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """'9', '9am', '9:30pm', '0930', '21.30', 'midday', 'midnight' -> a time; ValueError if not."""
    compact = text.strip().lower().replace(" ", "")
    if compact in {"midday", "noon", "12noon"}:
        return time(12, 0)
    if compact in {"midnight", "12midnight"}:
        return time(0, 0)
    match = _TIME.match(compact)
    if not match:
        raise ValueError(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return time(hour, minute)


def time_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _pair(
    data: dict[str, Any],
    opens_key: str,
    closes_key: str,
    what: str,
    add_error: Any,
) -> tuple[time, time] | None:
    """Both times or neither; each a real time. Errors go on the field at fault."""
    raw_opens = (data.get(opens_key) or "").strip()
    raw_closes = (data.get(closes_key) or "").strip()
    if not raw_opens and not raw_closes:
        return None
    opens = closes = None
    try:
        opens = parse_time(raw_opens) if raw_opens else None
    except ValueError:
        add_error(opens_key, f"Enter the time {what} opens as a time, like 09:00 or 9am")
    try:
        closes = parse_time(raw_closes) if raw_closes else None
    except ValueError:
        add_error(closes_key, f"Enter the time {what} closes as a time, like 17:00 or 5pm")
    if not raw_opens:
        add_error(opens_key, f"Enter the time {what} opens, or leave both times empty")
    if not raw_closes:
        add_error(closes_key, f"Enter the time {what} closes, or leave both times empty")
    if opens is None or closes is None:
        return None
    if opens == closes and opens != time(0, 0):
        add_error(
            closes_key,
            f"{what[0].upper()}{what[1:]} opens and closes at the same time: enter when it "
            "closes (for open all day and night, enter 00:00 and 00:00)",
        )
        return None
    return opens, closes


# --- Opening hours -----------------------------------------------------------------------------
KEEP, REPLACE = "keep", "replace"


def grid_from(
    schedules: list[Schedule],
) -> tuple[dict[int, tuple[time, time]], tuple[time, time] | None] | None:
    """The weekly grid for these rules, or None when the grid cannot show them (two sessions
    on one day, dated or monthly rules, rules in words only)."""
    days: dict[int, tuple[time, time]] = {}
    holiday: tuple[time, time] | None = None
    for schedule in schedules:
        if not computable(schedule) or schedule.valid_from or schedule.valid_to:
            return None
        if schedule.dtstart or schedule.until:
            return None
        assert schedule.opens_at is not None and schedule.closes_at is not None
        pair = (schedule.opens_at, schedule.closes_at)
        if schedule.bank_holidays_only:
            if holiday is not None:
                return None
            holiday = pair
            continue
        codes = [c.strip().upper()[-2:] for c in schedule.byday.split(",") if c.strip()]
        weekdays = (
            [DAY_CODES.index(c) for c in codes if c in DAY_CODES] if codes else list(range(7))
        )
        for day in weekdays:
            if day in days:
                return None
            days[day] = pair
    return days, holiday


class HoursForm(forms.Form):
    """The weekly grid (each day closed, or its opening and closing times) and bank holidays.
    With the prefix "hours" in the service form."""

    bank_holidays = forms.ChoiceField(
        label="On bank holidays",
        choices=BankHolidays.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens on bank holidays"},
    )
    holiday_opens = forms.CharField(label="Opens", required=False, max_length=10)
    holiday_closes = forms.CharField(label="Closes", required=False, max_length=10)

    def __init__(self, *args: Any, can_keep: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in DAY_CODES:
            for part, label in (("opens", "Opens"), ("closes", "Closes")):
                self.fields[f"{code.lower()}_{part}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=10,
                    widget=forms.TextInput(
                        attrs={"class": "govuk-input--width-5", "spellcheck": "false"}
                    ),
                )
        for key in ("holiday_opens", "holiday_closes"):
            self.fields[key].widget.attrs.update(
                {"class": "govuk-input--width-5", "spellcheck": "false"}
            )
        self.can_keep = can_keep
        if can_keep:
            self.fields["keep"] = forms.ChoiceField(
                label="Its opening hours",
                choices=[
                    (KEEP, "Keep the hours as they are"),
                    (REPLACE, "Replace them with the hours below"),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose whether to keep its hours or replace them"},
            )
        days = [f"{c.lower()}_{part}" for c in DAY_CODES for part in ("opens", "closes")]
        self.order_fields(["keep", *days])

    @classmethod
    def initial_for(cls, schedules: list[Schedule], bank_holidays: str) -> dict[str, Any]:
        initial: dict[str, Any] = {"bank_holidays": bank_holidays}
        grid = grid_from(schedules)
        if grid is None:
            initial["keep"] = KEEP
            return initial
        days, holiday = grid
        for day, (opens, closes) in days.items():
            code = DAY_CODES[day].lower()
            initial[f"{code}_opens"] = time_text(opens)
            initial[f"{code}_closes"] = time_text(closes)
        if holiday:
            initial["holiday_opens"], initial["holiday_closes"] = map(time_text, holiday)
        return initial

    def day_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, list[str]]]:
        """(day name, opens field, closes field, errors) for the template."""
        rows = []
        for day, code in enumerate(DAY_CODES):
            opens, closes = self[f"{code.lower()}_opens"], self[f"{code.lower()}_closes"]
            rows.append((DAY_NAMES[day], opens, closes, [*opens.errors, *closes.errors]))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days: dict[int, tuple[time, time]] = {}
        data["days"], data["holiday_hours"] = days, None
        if self.can_keep and data.get("keep") == KEEP:
            return data  # the grid is not used: nothing typed in it can be wrong
        for day, code in enumerate(DAY_CODES):
            pair = _pair(
                self.data_for(),
                f"{code.lower()}_opens",
                f"{code.lower()}_closes",
                DAY_NAMES[day],
                self.add_error,
            )
            if pair is not None:
                days[day] = pair
        if data.get("bank_holidays") == BankHolidays.SPECIAL:
            pair = _pair(self.data_for(), "holiday_opens", "holiday_closes", "it", self.add_error)
            if (
                pair is None
                and not self.has_error("holiday_opens")
                and not self.has_error("holiday_closes")
            ):
                self.add_error("holiday_opens", "Enter the bank holiday opening and closing times")
            data["holiday_hours"] = pair
        return data

    def data_for(self) -> dict[str, str]:
        """The raw typed values, unprefixed."""
        return {
            name: self.data.get(self.add_prefix(name), "") if self.data else ""
            for name in self.fields
        }

    @property
    def keeps_hours(self) -> bool:
        return self.can_keep and self.cleaned_data.get("keep") == KEEP

    def hours(self) -> WeeklyHours | None:
        """The hours to save, or None to keep the ones the grid cannot show."""
        if self.keeps_hours:
            return None
        data = self.cleaned_data
        return WeeklyHours(
            days=data["days"],
            bank_holidays=data["bank_holidays"],
            holiday_hours=data["holiday_hours"],
        )
