"""Forms for the by-name list: filtering and sorting it, changing a status, putting someone on
it, and the partnership's "no contact" setting. Errors say what is wrong and how to fix it."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Agency, Partnership
from waypost.outreach.list_access import DEFAULT_SORT, NO_TIER, SORTS, TIERS, ListQuery
from waypost.outreach.models import CLOSED_STATUSES, ByNameEntry, ListStatus
from waypost.people.forms import GovukDateField

MIN_NO_CONTACT_DAYS = 1
MAX_NO_CONTACT_DAYS = 365


class ListFilterForm(forms.Form):
    """The list's filters and sort, from the query string. Anything that is not one of the
    choices is ignored (the list shows unfiltered), except a partnership the user does not
    work in, which the view answers with 404."""

    partnership = forms.ChoiceField(label="Partnership", required=False)
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=ListStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tier = forms.MultipleChoiceField(
        label="Tier",
        required=False,
        choices=[(str(t), f"Tier {t}") for t in TIERS] + [(NO_TIER, "No tier yet")],
        widget=forms.CheckboxSelectMultiple,
    )
    agency = forms.ChoiceField(label="Lead worker’s agency", required=False)
    no_contact = forms.BooleanField(label="No contact", required=False)
    mine = forms.BooleanField(label="Only people I am lead worker for", required=False)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    order = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])

    def __init__(
        self,
        data: Any,
        *,
        partnerships: Sequence[Partnership],
        agencies: Sequence[Agency] = (),
        no_contact_days: int | None = None,
    ) -> None:
        super().__init__(data)
        self.partnerships = {p.slug: p for p in partnerships}
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["partnership"].choices = [  # type: ignore[attr-defined]
            (p.slug, p.name) for p in partnerships
        ]
        self.fields["agency"].choices = [("", "Any agency")] + [  # type: ignore[attr-defined]
            (str(a.pk), a.name) for a in agencies
        ]
        if no_contact_days is not None:
            self.fields["no_contact"].label = f"No contact for {no_contact_days} days or more"

    @property
    def shows_partnership_choice(self) -> bool:
        return len(self.partnerships) > 1

    def chosen_partnership(self) -> Partnership | None:
        """The partnership asked for (the first when none is), or None when it is not one of
        the user's."""
        slug = (self.data.get("partnership") or "").strip() if self.data else ""
        if not slug:
            return next(iter(self.partnerships.values()), None)
        return self.partnerships.get(slug)

    def query(self, partnership: Partnership) -> ListQuery:
        """What to show. Invalid parts are dropped one by one, never the whole query."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def valid(name: str, default: Any) -> Any:
            return default if name in self.errors else data.get(name, default)

        sort = valid("sort", "") or DEFAULT_SORT
        return ListQuery(
            partnership=partnership,
            statuses=list(valid("status", [])),
            tiers=list(valid("tier", [])),
            agency=self.agencies.get(valid("agency", "") or ""),
            no_contact=bool(valid("no_contact", False)),
            mine=bool(valid("mine", False)),
            sort=sort,
            descending=valid("order", "") == "desc",
        )


def _moment_hint(entry: ByNameEntry | None) -> str:
    return "For example, 27 3 2026. Leave it as today’s date if it changed today." + (
        ""
        if entry is None
        else f" It cannot be before {timezone.localtime(entry.status_since):%-d %B %Y}, "
        "when their current status was recorded."
    )


class StatusForm(forms.Form):
    """A person's status now, and the date it changed. Also used to put someone on the list
    (then only the statuses of someone currently known, and no version)."""

    status = forms.ChoiceField(
        label="What is their situation now?",
        choices=ListStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their situation now"},
    )
    changed_on = GovukDateField(what="the date it changed", label="When did it change?")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, data: Any = None, *, entry: ByNameEntry | None = None, today: date | None = None
    ) -> None:
        self.today = today or timezone.localdate()
        initial: dict[str, Any] = {"changed_on": self.today}
        if entry is not None:
            initial["version"] = entry.version
        super().__init__(data, initial=initial)
        self.entry = entry
        self.fields["changed_on"].help_text = _moment_hint(entry)
        if entry is None:
            self.fields["status"].label = "What is their situation?"
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in ListStatus.choices
                if value not in CLOSED_STATUSES
            ]  # fmt: skip
            self.fields["changed_on"].label = "Since when?"
            self.fields[
                "changed_on"
            ].help_text = (
                "The date they were first known to be in this situation, for example, 27 3 2026"
            )
            del self.fields["version"]

    def clean_changed_on(self) -> date:
        day: date | None = self.cleaned_data.get("changed_on")
        if day is None:
            raise ValidationError("Enter the date it changed")
        if day > self.today:
            raise ValidationError("The date it changed must be today or in the past")
        if self.entry is not None:
            current = timezone.localtime(self.entry.status_since).date()
            if day < current:
                raise ValidationError(
                    f"The date it changed must be on or after {current:%-d %B %Y}, when their "
                    "current status was recorded"
                )
        return day

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        if self.entry is not None and status == self.entry.status:
            raise ValidationError(
                f"Their status is already “{self.entry.get_status_display()}”: choose what "
                "it is now"
            )
        return status


class NoContactDaysForm(forms.Form):
    """The partnership's "no contact" threshold, in days."""

    no_contact_days = forms.CharField(
        label="Days without contact",
        help_text=(
            "Someone not met for this many days shows as “No contact” on the by-name list. "
            f"A whole number from {MIN_NO_CONTACT_DAYS} to {MAX_NO_CONTACT_DAYS}."
        ),
        error_messages={"required": "Enter the number of days, like 28"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_no_contact_days(self) -> int:
        text = self.cleaned_data["no_contact_days"].strip()
        if not text.isdigit():
            raise ValidationError("Enter the number of days as a whole number, like 28")
        days = int(text)
        if not MIN_NO_CONTACT_DAYS <= days <= MAX_NO_CONTACT_DAYS:
            raise ValidationError(
                f"The number of days must be between {MIN_NO_CONTACT_DAYS} and "
                f"{MAX_NO_CONTACT_DAYS}"
            )
        return days


MAX_FLOW_MONTHS = 60


class FlowsForm(PartnershipChoiceForm):
    """Which partnership (when the user works in more than one) and which months."""

    start_on = GovukDateField(
        what="the first month",
        with_day=False,
        label="From",
        help_text="The first month to show, for example, 4 2025",
    )
    end_on = GovukDateField(
        what="the last month",
        with_day=False,
        label="To",
        help_text="The last month to show, for example, 3 2026",
    )

    def __init__(
        self, data: Any, *, partnerships: Sequence[Partnership], today: date, **kwargs: Any
    ) -> None:
        super().__init__(data, partnerships=partnerships, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_on"), data.get("end_on")
        this_month = self.today.replace(day=1)
        if start and start > this_month:
            self.add_error("start_on", "The first month must be this month or earlier")
        if end and end > this_month:
            self.add_error("end_on", "The last month must be this month or earlier")
        if start and end and "start_on" not in self.errors and "end_on" not in self.errors:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months < 1:
                self.add_error("end_on", "The last month must be the same as or after the first")
            elif months > MAX_FLOW_MONTHS:
                self.add_error(
                    "end_on",
                    f"Choose at most {MAX_FLOW_MONTHS} months: a later first month or an "
                    "earlier last month",
                )
        return data
