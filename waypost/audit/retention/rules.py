"""Retention periods: a default per record type, which a partnership's officer may change.

Storage limitation (UK GDPR Art. 5(1)(e)): keep personal data no longer than needed. The
defaults are starting points for a partnership's retention schedule, not legal advice: six
years follows the Limitation Act 1980 (most claims must be brought within six years), the
period most local authority and charity schedules use for case files.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.audit.models import RecordType, RetentionRule
from waypost.audit.subject_access.deadlines import add_months


@dataclass(frozen=True)
class Default:
    months: int
    counted_from: str
    what_happens: str


DEFAULTS: dict[str, Default] = {
    RecordType.PERSON: Default(
        72,
        "the last time anything was recorded about the person",
        "The person is anonymised: names become “Anonymised”; date of birth, other names, "
        "identifiers, contact details, safe addresses, care-of addresses, ID checks and the "
        "text of notes, needs, housing history and warnings are removed; uploaded consent "
        "forms are deleted. Ids, dates and categories (such as kinds of need) stay, for "
        "statistics.",
    ),
    RecordType.NOTES: Default(
        72,
        "the day the note was recorded",
        "The note's text is removed; its kind and date stay.",
    ),
    RecordType.CONSENT_FORMS: Default(
        72,
        "the day the decision was recorded, once a newer decision has replaced it",
        "The uploaded form and the witness's name are removed; the decision itself stays.",
    ),
    RecordType.BREAK_GLASS: Default(
        24,
        "the day emergency access ended",
        "The reason and review notes are removed; who, when and which agency stay.",
    ),
    RecordType.SUBJECT_ACCESS_EXPORTS: Default(
        12,
        "the day the request was closed",
        "The export file is deleted; the request record stays.",
    ),
    # Never linked to a person record, so the person rule above never reaches them.
    RecordType.UNIDENTIFIED: Default(
        24,
        "the day the alert or referral was closed",
        "What describes or names the person, contact details, the exact place (a postcode is "
        "cut to its district) and free text are removed; dates, the district, categories and "
        "outcomes stay, for statistics.",
    ),
}


@dataclass(frozen=True)
class Period:
    record_type: str
    months: int
    is_default: bool

    @property
    def label(self) -> str:
        return str(RecordType(self.record_type).label)

    @property
    def text(self) -> str:
        return describe_months(self.months)

    @property
    def default_text(self) -> str:
        return describe_months(DEFAULTS[self.record_type].months)

    @property
    def default(self) -> Default:
        return DEFAULTS[self.record_type]

    def cutoff(self, now: datetime | None = None) -> datetime:
        """Records older than this are past the period."""
        return months_before(now or timezone.now(), self.months)


def periods_for(partnership: Partnership) -> list[Period]:
    """Every record type's period for the partnership, its own rule or the default."""
    rules = dict(
        RetentionRule.objects.filter(partnership=partnership).values_list(
            "record_type", "period_months"
        )
    )
    return [
        Period(record_type=t, months=rules.get(t, DEFAULTS[t].months), is_default=t not in rules)
        for t in RecordType.values
    ]


def describe_months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (the month's last day when shorter)."""
    day = add_months(moment.date(), -months)
    return moment.replace(year=day.year, month=day.month, day=day.day)
