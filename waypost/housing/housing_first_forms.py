"""Forms for Housing First: the referral, each step of a case, closing it, and the housing
settings. Field names match the keys of the actions' ValidationErrors, so a refusal from an
action lands on the field it is about. Errors say what is wrong and how to fix it."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.housing.housing_first_access import offerable_properties
from waypost.housing.housing_first_actions import MAX_TARGET, MAX_TEXT, MAX_WINDOW_DAYS
from waypost.housing.models import HousingFirstCase, HousingSettings, PanelDecision
from waypost.people.forms import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_HINT = "For example, 27 3 2026"


def _text_field(label: str, *, required: str = "", hint: str = "", rows: int = 4) -> forms.Field:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": f"Use {MAX_TEXT:,} characters or fewer",
        },
    )


def _yes_no(label: str, required: str, hint: str = "") -> forms.Field:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def _check_date(value: date | None, *, what: str, not_before: date | None, since: str) -> date:
    """Today or earlier, and not before `not_before` (`since` says what that date is)."""
    if value is None:
        raise ValidationError(f"Enter {what}")
    if value > timezone.localdate():
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be today or earlier")
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"{what[0].upper()}{what[1:]} must be on or after {not_before:%-d %B %Y}, {since}"
        )
    return value


class ReferralForm(forms.Form):
    reason = _text_field(
        "Why are you referring them to Housing First?",
        required="Enter why they are being referred",
        hint="What they have tried before and what has not worked, and what they want. The "
        "panel reads this.",
        rows=6,
    )
    referred_on = GovukDateField(
        what="the date of the referral", label="Date of the referral", help_text=DATE_HINT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"referred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_referred_on(self) -> date:
        return _check_date(
            self.cleaned_data.get("referred_on"),
            what="the date of the referral",
            not_before=None,
            since="",
        )


class CaseStepForm(forms.Form):
    """A step of a case: carries the version of the case the user saw, and knows the date the
    case reached its current stage (a step's date cannot be earlier)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data: Any = None, *, case: HousingFirstCase, **kwargs: Any) -> None:
        initial = {"version": case.version, **kwargs.pop("initial", {})}
        super().__init__(data, initial=initial, **kwargs)
        self.case = case
        self.stage_began = timezone.localdate(case.stage_since)

    def dated(self, name: str, what: str) -> date:
        return _check_date(
            self.cleaned_data.get(name),
            what=what,
            not_before=self.stage_began,
            since=f"when the case reached “{self.case.get_stage_display()}”",
        )


class EligibilityForm(CaseStepForm):
    eligible = _yes_no(
        "Are they eligible for Housing First?",
        "Select yes if they are eligible for Housing First, or no if they are not",
    )
    notes = _text_field(
        "Notes on eligibility",
        hint="What the check found. If they are not eligible, say why: the case will close "
        "with this as the reason.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("eligible") == "no" and not (data.get("notes") or "").strip():
            self.add_error("notes", "Enter why they are not eligible")
        return data


class PanelForm(CaseStepForm):
    panel_on = GovukDateField(
        what="the date of the panel", label="Date of the panel", help_text=DATE_HINT
    )
    decision = forms.ChoiceField(
        label="What did the panel decide?",
        choices=PanelDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel’s decision"},
    )
    reason = _text_field(
        "Why the panel declined",
        hint="Only if the panel declined: the case will close with this as the reason.",
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"panel_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_panel_on(self) -> date:
        return self.dated("panel_on", "the date of the panel")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        declined = data.get("decision") == PanelDecision.DECLINED
        if declined and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the panel declined")
        return data


class OfferForm(CaseStepForm):
    property = forms.ModelChoiceField(
        label="Which home are you offering?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the home you are offering",
            "invalid_choice": "That home is no longer free to offer: select one of the homes "
            "listed",
        },
    )
    offered_on = GovukDateField(
        what="the date of the offer", label="Date of the offer", help_text=DATE_HINT
    )

    def __init__(self, *args: Any, case: HousingFirstCase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"offered_on": timezone.localdate()})
        super().__init__(*args, case=case, **kwargs)
        self.homes = list(offerable_properties(case))
        field = self.fields["property"]
        field.queryset = offerable_properties(case)  # type: ignore[attr-defined]

    def clean_offered_on(self) -> date:
        return self.dated("offered_on", "the date of the offer")


class TenancyForm(CaseStepForm):
    started_on = GovukDateField(
        what="the date the tenancy started",
        label="When did the tenancy start?",
        help_text=DATE_HINT,
    )
    floating_support = _yes_no(
        "Do they have floating support?",
        "Select yes if they have floating support, or no if they do not",
        hint="Support that visits them at home to help keep the tenancy.",
    )
    floating_support_agency = forms.ModelChoiceField(
        label="Which agency gives the floating support?",
        queryset=None,
        required=False,
        empty_label="Choose an agency",
        help_text="Only if they have floating support.",
        error_messages={"invalid_choice": "Choose one of the agencies listed"},
    )

    def __init__(self, *args: Any, case: HousingFirstCase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, case=case, **kwargs)
        field = self.fields["floating_support_agency"]
        field.queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership_id=case.partnership_id, is_active=True
        ).order_by("name")

    def clean_started_on(self) -> date:
        return self.dated("started_on", "the date the tenancy started")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("floating_support") == "yes" and data.get("floating_support_agency") is None:
            if "floating_support_agency" not in self.errors:
                self.add_error(
                    "floating_support_agency", "Choose the agency that gives floating support"
                )
        return data


class CloseForm(CaseStepForm):
    reason = _text_field(
        "Why is the case closing?",
        required="Enter why the case is closing",
        hint="For example, they have moved to another area, or chose another kind of housing.",
    )


def _whole_number(text: str, *, lowest: int, highest: int, what: str, example: str) -> int:
    text = (text or "").strip().replace(",", "")
    if not text.isdigit():
        raise ValidationError(f"Enter {what} as a whole number, like {example}")
    number = int(text)
    if not lowest <= number <= highest:
        raise ValidationError(
            f"{what[0].upper()}{what[1:]} must be between {lowest:,} and {highest:,}"
        )
    return number


class HousingSettingsForm(forms.Form):
    housing_first_target = forms.CharField(
        label="Housing First target",
        help_text="How many people the plan aims to house through Housing First. The pipeline "
        "page counts everyone whose Housing First tenancy has started towards it.",
        error_messages={"required": "Enter the Housing First target, like 109"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    new_people_window_days = forms.CharField(
        label="Days room for all uses for the rate of new people",
        help_text="Room for all counts the people without a bed tonight, and expects more: "
        "new people at the rate they were added to the by-name list over this many days, "
        "for each night ahead. A longer window smooths out a busy or a quiet week. A whole "
        f"number from 1 to {MAX_WINDOW_DAYS}, for example, 28.",
        error_messages={"required": "Enter the number of days, like 28"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    @classmethod
    def for_settings(cls, settings: HousingSettings) -> "HousingSettingsForm":
        return cls(
            initial={
                "housing_first_target": settings.housing_first_target,
                "new_people_window_days": settings.new_people_window_days,
            }
        )

    def clean_housing_first_target(self) -> int:
        return _whole_number(
            self.cleaned_data["housing_first_target"],
            lowest=1,
            highest=MAX_TARGET,
            what="the target",
            example="109",
        )

    def clean_new_people_window_days(self) -> int:
        return _whole_number(
            self.cleaned_data["new_people_window_days"],
            lowest=1,
            highest=MAX_WINDOW_DAYS,
            what="the number of days",
            example="28",
        )
