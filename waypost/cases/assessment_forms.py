"""The assessment form: for each domain the assessor's role may record, a level (or "not
assessed"), details, and within drugs and alcohol whether they use synthetic cannabinoids or
other new psychoactive substances; then a summary and an optional staff-safety warning."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from waypost.cases.assessment_actions import AnswerInput
from waypost.cases.models import DOMAIN_SECTIONS, Domain, Level
from waypost.people.forms import GovukDateField

NOT_ASSESSED = "not_assessed"
LEVEL_CHOICES = [(NOT_ASSESSED, "Not assessed"), *[(str(v), label) for v, label in Level.choices]]
# What each domain asks about, as a hint under its name.
DOMAIN_HINTS: dict[str, str] = {
    Domain.HOUSING_HISTORY: "Past tenancies, evictions, hostels, how long without a home.",
    Domain.PHYSICAL_HEALTH: "Long-term conditions, wounds, mobility, whether registered with a GP.",
    Domain.MENTAL_HEALTH: "Diagnosed conditions, distress, contact with mental health services.",
    Domain.DRUGS_ALCOHOL: "What they use, how much and how often, treatment, overdose risk.",
    Domain.OFFENDING: "Current orders, licence conditions, recent arrests or custody.",
    Domain.FINANCES: "Income, benefits claims and sanctions, debts, a bank account.",
    Domain.IDENTITY_DOCUMENTS: "Passport, birth certificate, driving licence, proof of status.",
    Domain.EMPLOYMENT: "Work, training, education, skills and what they would like to do.",
    Domain.RELATIONSHIPS: "Family, friends, partners, children, pets, isolation.",
    Domain.SAFEGUARDING: "Care and support needs, self-neglect, exploitation, abuse.",
    Domain.RISK_TO_SELF: "Self-harm, suicidal thoughts, risk from the cold or heat.",
    Domain.RISK_TO_OTHERS: "Violence, threats, weapons, risk to children.",
    Domain.RISK_FROM_OTHERS: "Being targeted, cuckooing, domestic abuse, exploitation.",
}


@dataclass
class DomainFields:
    """One domain's fields, for the template."""

    domain: str
    label: str
    hint: str
    section_label: str
    level: forms.BoundField
    details: forms.BoundField
    nps: forms.BoundField | None


class AssessmentForm(forms.Form):
    assessed_on = GovukDateField(
        what="the date of the assessment",
        label="Date of the assessment",
        help_text="For example, 27 3 2026",
    )
    summary = forms.CharField(
        label="Summary (optional)",
        help_text="What matters most to the person and what happens next.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    staff_warning = forms.CharField(
        label="Staff-safety warning (optional)",
        help_text=(
            "Only if there is a risk to staff, like 'Do not visit alone'. It is shown to "
            "everyone in the partnership who knows of this record, whatever the person has "
            "agreed to share."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The warning must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, domains: Iterable[str], can_warn: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = [d for d in Domain.values if d in set(domains)]
        for domain in self.domains:
            label = Domain(domain).label
            self.fields[f"{domain}_level"] = forms.ChoiceField(
                label=label,
                choices=LEVEL_CHOICES,
                widget=forms.RadioSelect,
                help_text=DOMAIN_HINTS[domain],
                error_messages={
                    "required": f"Choose a level for {label.lower()}, or ‘Not assessed’"
                },
            )
            self.fields[f"{domain}_details"] = forms.CharField(
                label=f"Details about {label.lower()} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if domain == Domain.DRUGS_ALCOHOL:
                self.fields["uses_nps"] = forms.BooleanField(
                    label="Uses synthetic cannabinoids (such as ‘spice’) or other new "
                    "psychoactive substances",
                    required=False,
                )
        if not can_warn:
            del self.fields["staff_warning"]

    def domain_fields(self) -> list[DomainFields]:
        return [
            DomainFields(
                domain=domain,
                label=str(Domain(domain).label),
                hint=DOMAIN_HINTS[domain],
                section_label=str(DOMAIN_SECTIONS[domain].label),
                level=self[f"{domain}_level"],
                details=self[f"{domain}_details"],
                nps=self["uses_nps"] if domain == Domain.DRUGS_ALCOHOL else None,
            )
            for domain in self.domains
        ]

    def clean_assessed_on(self) -> date:
        value: date = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the assessment must be today or before")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels = [data.get(f"{d}_level") for d in self.domains]
        for domain in self.domains:
            label = Domain(domain).label.lower()
            if (
                data.get(f"{domain}_level") == NOT_ASSESSED
                and (data.get(f"{domain}_details") or "").strip()
            ):
                self.add_error(
                    f"{domain}_level",
                    f"Choose a level for {label}, or remove the details if it was not assessed",
                )
        if data.get("uses_nps") and data.get(f"{Domain.DRUGS_ALCOHOL}_level") == NOT_ASSESSED:
            self.add_error(
                f"{Domain.DRUGS_ALCOHOL}_level",
                "Choose a level for drugs and alcohol, as they use new psychoactive substances",
            )
        if levels and all(level == NOT_ASSESSED for level in levels):
            self.add_error(None, "Choose a level for at least one area of need or risk")
        return data

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            domain: AnswerInput(
                level=int(data[f"{domain}_level"]),
                details=data[f"{domain}_details"],
                uses_nps=bool(data.get("uses_nps")) if domain == Domain.DRUGS_ALCOHOL else False,
            )
            for domain in self.domains
            if data[f"{domain}_level"] != NOT_ASSESSED
        }
