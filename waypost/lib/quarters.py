"""Financial quarters: April to June is Q1 of the year that starts in April ("2025/26")."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

SLUG = re.compile(r"^(\d{4})-q([1-4])$")
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in
    number: int  # 1 to 4

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def current(cls) -> "Quarter":
        return cls.containing(timezone.localdate())

    @classmethod
    def from_slug(cls, slug: str) -> "Quarter | None":
        match = SLUG.match(slug or "")
        if not match:
            return None
        return cls(int(match[1]), int(match[2]))

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def starts_on(self) -> date:
        month = 4 + (self.number - 1) * 3
        return date(self.year, month, 1) if month <= 12 else date(self.year + 1, month - 12, 1)

    @property
    def ends_on(self) -> date:
        return self.next().starts_on - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def last(self, count: int) -> list["Quarter"]:
        """This quarter and the ones before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.insert(0, quarters[0].previous())
        return quarters

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def short(self) -> str:
        return f"Q{self.number} {self.financial_year}"

    @property
    def months(self) -> str:
        start, end = self.starts_on, self.ends_on
        return f"{MONTH_NAMES[start.month - 1]} to {MONTH_NAMES[end.month - 1]} {end.year}"

    @property
    def label(self) -> str:
        return f"{self.short} ({self.months})"

    def __str__(self) -> str:
        return self.label


def year_quarters(year: int) -> list[Quarter]:
    return [Quarter(year, n) for n in range(1, 5)]


def quarters_between(first: date, last: date) -> list[Quarter]:
    """The quarters from the one holding `first` to the one holding `last`."""
    found, quarter, end = [], Quarter.containing(first), Quarter.containing(last)
    while quarter <= end:
        found.append(quarter)
        quarter = quarter.next()
    return found
