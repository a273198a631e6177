"""Forms for agreements, sharing permission, lawful basis, restriction and break-glass.

Forms check the shape of what was typed; the actions check the rules and raise
ValidationError with a field → message dict, which the views put back on the form.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.sharing.categories import consent_form_problem
from waypost.sharing.models import (
    BREAK_GLASS_HOURS,
    MAX_BREAK_GLASS_HOURS,
    Article6,
    Article9,
    Article10,
    Gateway,
    ObtainedHow,
    PermissionStatus,
    Schedule1Condition,
)
from waypost.sharing.policy import PERSON_SECTIONS

REVIEW_AFTER_DAYS = 365  # consent is reviewed with the person every 12 months by default


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date_field(label: str, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        **kwargs,
    )


def _agency_field(agencies: Iterable[Agency], **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Agency.objects.filter(pk__in=[a.pk for a in agencies]),
        widget=forms.RadioSelect,
        empty_label=None,
        **kwargs,
    )


class ActingAgencyMixin:
    """An `agency` radio field, shown only when the user works for several agencies that
    could act here; with one, that agency is used without asking."""

    fields: dict[str, forms.Field]
    errors: Any
    agency_missing = "Select the agency you are recording this for"

    def limit_agencies(self, agencies: list[Agency]) -> None:
        self.acting_agencies = agencies
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if len(agencies) == 1:
            del self.fields["agency"]

    @property
    def chooses_agency(self) -> bool:
        return "agency" in self.fields

    def clean_acting_agency(self, data: dict[str, Any]) -> None:
        if "agency" in self.fields:
            if not data.get("agency") and "agency" not in self.errors:
                self.add_error("agency", self.agency_missing)  # type: ignore[attr-defined]
        else:
            data["agency"] = self.acting_agencies[0]


class AgreementForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]  (set per user in __init__)
        label="Partnership",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the partnership this agreement is for"},
    )
    version = forms.CharField(
        label="Version",
        max_length=20,
        help_text="As printed on the agreement, for example 2.1",
        error_messages={"required": "Enter the version number printed on the agreement"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the agreement's title"},
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is shared, why, and for how long",
    )
    starts_on = _date_field(
        "Comes into force on",
        error_messages={
            "required": "Enter the date the agreement comes into force",
            "invalid": "Enter the start date as a real date, for example 27/3/2026",
        },
    )
    ends_on = _date_field(
        "Ends on (optional)",
        required=False,
        help_text="Leave empty if it runs until it is replaced",
        error_messages={"invalid": "Enter the end date as a real date, for example 27/3/2027"},
    )
    supersede = forms.BooleanField(
        label="End the versions in force now on the day before this one starts",
        required=False,
        initial=True,
        help_text="Agencies must then sign this version to keep seeing other agencies' data.",
    )

    def __init__(self, *args: Any, partnerships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = type(partnerships[0]).objects.filter(pk__in=[p.pk for p in partnerships])
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(
        label="Name of the person who signed",
        max_length=200,
        error_messages={"required": "Enter the name of the person who signed"},
    )
    signatory_role = forms.CharField(
        label="Their role",
        max_length=200,
        help_text="For example, Director of Housing or Caldicott Guardian",
        error_messages={"required": "Enter the signatory's role"},
    )
    signed_on = _date_field(
        "Date signed",
        error_messages={
            "required": "Enter the date it was signed",
            "invalid": "Enter the date signed as a real date, for example 27/3/2026",
        },
    )
    ends_on = _date_field(
        "Signature ends on (optional)",
        required=False,
        help_text="The last day the signature applies. Leave empty if it lasts as long as "
        "this version of the agreement.",
        error_messages={"invalid": "Enter the end date as a real date, for example 27/3/2027"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed_on, ends_on = data.get("signed_on"), data.get("ends_on")
        if signed_on and signed_on > timezone.localdate():
            self.add_error("signed_on", "The date signed must be today or in the past")
        if signed_on and ends_on and ends_on < signed_on:
            self.add_error("ends_on", "The end date must be on or after the date signed")
        return data


class EndSignatureForm(forms.Form):
    when = forms.ChoiceField(
        label="When should the signature end?",
        choices=[
            ("now", "Now: the agency stops seeing other agencies' data on its next click"),
            ("later", "On a later date"),
        ],
        initial="now",
        widget=forms.RadioSelect,
        error_messages={"required": "Select when the signature ends"},
    )
    ends_on = _date_field(
        "Last day the signature applies",
        required=False,
        help_text="Only if you chose a later date",
        error_messages={"invalid": "Enter the last day as a real date, for example 27/3/2027"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        if data.get("when") == "now":
            # A signature is in date up to and including its end date.
            data["ends_on"] = today - timedelta(days=1)
        elif data.get("when") == "later":
            if not data.get("ends_on") and "ends_on" not in self.errors:
                self.add_error("ends_on", "Enter the last day the signature applies")
            elif data.get("ends_on") and data["ends_on"] < today:
                self.add_error(
                    "ends_on", "The last day must be today or later. To end it now, choose Now"
                )
        return data


class SharingPermissionForm(ActingAgencyMixin, forms.Form):
    status = forms.ChoiceField(
        label="What did the person decide?",
        choices=PermissionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the person decided"},
    )
    best_interests_decision = forms.CharField(
        label="Best-interests decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if the person lacks capacity: who decided, when, and why sharing is in "
        "their best interests (Mental Capacity Act 2005)",
    )
    gateway = forms.ChoiceField(
        label="Lawful gateway",
        required=False,
        choices=[("", "Choose a lawful gateway"), *Gateway.choices],
        help_text="Only if sharing without consent",
    )
    gateway_justification = forms.CharField(
        label="Why sharing without consent is needed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if sharing without consent: the risk, and why asking would not work",
    )
    sections = forms.MultipleChoiceField(
        label="Which parts of the record may be shared?",
        required=False,
        choices=[(s.value, s.label) for s in PERSON_SECTIONS],
        initial=[s.value for s in PERSON_SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick any part the person does not want shared. Not needed if they "
        "refused or withdrew consent.",
    )
    scope = forms.ChoiceField(
        label="Who may see it?",
        choices=[
            ("all", "Every agency that has signed the information sharing agreement"),
            ("chosen", "Only the agencies I choose"),
        ],
        initial="all",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who may see the record"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies",
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Only if you chose agencies",
    )
    obtained_how = forms.ChoiceField(
        label="How did the person give their decision?",
        choices=ObtainedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person gave their decision"},
    )
    proforma = forms.FileField(
        label="Upload the signed form",
        required=False,
        help_text="Only if they signed a form: a PDF, JPEG or PNG, up to 10 MB",
    )
    witness_name = forms.CharField(
        label="Name of the witness",
        required=False,
        max_length=200,
        help_text="Only if they agreed verbally: a colleague or professional who heard it",
    )
    review_on = _date_field(
        "Review date",
        required=False,
        help_text="When to check the decision with the person again. Usually in 12 months.",
        error_messages={"invalid": "Enter the review date as a real date, for example 27/3/2027"},
    )
    agency = forms.ModelChoiceField(
        label="Which agency are you recording this for?",
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    # Radios whose options lead to follow-up questions, shown indented under the option
    # (templates/sharing/_conditional_radios.html), each with a hint saying when it is needed.
    REVEALS: dict[str, dict[str, list[str]]] = {
        "status": {
            PermissionStatus.BEST_INTERESTS: ["best_interests_decision"],
            PermissionStatus.GATEWAY: ["gateway", "gateway_justification"],
        },
        "scope": {"chosen": ["agencies"]},
        "obtained_how": {
            ObtainedHow.SIGNED_PROFORMA: ["proforma"],
            ObtainedHow.VERBAL_WITNESSED: ["witness_name"],
        },
    }

    @property
    def conditional_radios(self) -> dict[str, list[dict[str, Any]]]:
        """For each radio question: its options, each with the fields it reveals."""
        radios: dict[str, list[dict[str, Any]]] = {}
        for name, reveals in self.REVEALS.items():
            bound = self[name]
            radios[name] = [
                {
                    "choice": choice,
                    "fields": [self[f] for f in reveals.get(choice.data["value"], [])],
                    "id": f"conditional-{bound.auto_id}-{choice.data['value']}",
                }
                for choice in bound
            ]
        return radios

    def __init__(
        self,
        *args: Any,
        partnership_agencies: Iterable[Agency],
        recording_agencies: list[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agencies = self.fields["agencies"]
        assert isinstance(agencies, forms.ModelMultipleChoiceField)
        agencies.queryset = Agency.objects.filter(pk__in=[a.pk for a in partnership_agencies])
        self.limit_agencies(recording_agencies)
        self.fields["review_on"].initial = timezone.localdate() + timedelta(days=REVIEW_AFTER_DAYS)

    def clean_proforma(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("proforma")
        if upload:
            problem = consent_form_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean_review_on(self) -> date | None:
        review_on = self.cleaned_data.get("review_on")
        if review_on and review_on <= timezone.localdate():
            raise forms.ValidationError("The review date must be in the future")
        return review_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_acting_agency(data)
        shares = data.get("status") in {
            PermissionStatus.GIVEN,
            PermissionStatus.BEST_INTERESTS,
            PermissionStatus.GATEWAY,
        }
        if shares and not data.get("review_on") and "review_on" not in self.errors:
            self.add_error("review_on", "Enter a date to review the decision with the person")
        return data

    def action_arguments(self) -> dict[str, Any]:
        """Keyword arguments for actions.record_sharing_permission."""
        data = self.cleaned_data
        return {
            "status": data["status"],
            "sections": data.get("sections") or [],
            "obtained_how": data["obtained_how"],
            "all_agencies": data.get("scope") != "chosen",
            "agencies": list(data.get("agencies") or []),
            "proforma": data.get("proforma") or None,
            "witness_name": data.get("witness_name", ""),
            "best_interests_decision": data.get("best_interests_decision", ""),
            "gateway": data.get("gateway", ""),
            "gateway_justification": data.get("gateway_justification", ""),
            "review_on": data.get("review_on"),
            "agency": data["agency"],
        }


class LawfulBasisForm(ActingAgencyMixin, forms.Form):
    article_6 = forms.ChoiceField(
        label="UK GDPR Article 6 lawful basis",
        choices=Article6.choices,
        widget=forms.RadioSelect,
        help_text="Why the partnership may process this person's data at all. This is "
        "separate from their consent to share.",
        error_messages={"required": "Select the Article 6 lawful basis"},
    )
    article_9 = forms.ChoiceField(
        label="Article 9 condition for special category data",
        required=False,
        choices=[("", "None recorded"), *Article9.choices],
        help_text="Needed when the record holds health, ethnicity or other special category data",
    )
    article_10 = forms.ChoiceField(
        label="Article 10: criminal offence data",
        required=False,
        choices=[("", "None recorded"), *Article10.choices],
        widget=forms.RadioSelect,
        help_text="Needed when the record holds offending data",
    )
    schedule_1 = forms.ChoiceField(
        label="DPA 2018 Schedule 1 condition",
        required=False,
        choices=[("", "None recorded"), *Schedule1Condition.choices],
        help_text="Needed for Article 10 under a Schedule 1 condition, and for most Article 9 "
        "conditions (9(2)(b), (g), (h), (i))",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the statutory duty relied on",
    )
    agency = forms.ModelChoiceField(
        label="Which agency are you recording this for?",
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args: Any, recording_agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_agencies(recording_agencies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_acting_agency(data)
        return data


class RestrictForm(forms.Form):
    reason = forms.CharField(
        label="Why is processing restricted?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: the person contests the accuracy of their record (UK GDPR "
        "Article 18(1)(a)) while it is checked",
        error_messages={"required": "Enter why processing is restricted"},
    )


class BreakGlassForm(ActingAgencyMixin, forms.Form):
    agency_missing = "Select the agency you are acting for"

    reason = forms.CharField(
        label="Why do you need to see this record now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your data protection officer reads this. Say what the emergency is and what "
        "you need to know.",
        error_messages={"required": "Enter why you need to see this record now"},
    )
    agency = forms.ModelChoiceField(
        label="Which agency are you acting for?",
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    hours = forms.TypedChoiceField(
        label="How long do you need access for?",
        coerce=int,
        choices=[
            (1, "1 hour"),
            (4, "4 hours"),
            (8, "8 hours"),
            (24, "24 hours"),
            (48, "48 hours"),
            (MAX_BREAK_GLASS_HOURS, f"{MAX_BREAK_GLASS_HOURS} hours (the longest allowed)"),
        ],
        initial=BREAK_GLASS_HOURS,
        widget=forms.RadioSelect,
        help_text="Access ends automatically when the time is up.",
        error_messages={
            "required": "Select how long you need access for",
            "invalid_choice": "Select how long you need access for, up to 72 hours",
        },
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_agencies(agencies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_acting_agency(data)
        return data


class ReviewForm(forms.Form):
    review_notes = forms.CharField(
        label="Review notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Was the use justified? Any follow-up with the member of staff?",
        error_messages={"required": "Enter your review notes"},
    )


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All uses"), ("pending", "Waiting for review"), ("reviewed", "Reviewed")],
    )
