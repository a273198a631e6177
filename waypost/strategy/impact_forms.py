"""Forms for policy impact checks."""

from typing import Any

from django import forms

from waypost.people.forms import GovukDateField
from waypost.strategy.impact import QUESTIONS, RECOMMENDATIONS
from waypost.strategy.models import Impact


class StartCheckForm(forms.Form):
    title = forms.CharField(
        max_length=300,
        label="The proposed policy change",
        help_text="For example, a public spaces protection order for the city centre",
    )
    proposed_by = forms.CharField(
        max_length=300, required=False, label="Who proposes it", help_text="Team or organisation"
    )
    decision_due = GovukDateField(
        what="the date the decision is due",
        label="When the decision is due",
        required=False,
        help_text="For example, 30 6 2026",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What the change is"
    )


class AnswersForm(forms.Form):
    """One impact and notes per question, the mitigation and the recommendation. Questions may
    be left unanswered while the check is a draft."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[f"{question.code}_impact"] = forms.ChoiceField(
                choices=Impact.choices,
                required=False,
                widget=forms.RadioSelect,
                label=question.title,
                help_text=question.hint,
            )
            self.fields[f"{question.code}_notes"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
                label=f"{question.title}: notes",
            )
        self.fields["mitigation"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            max_length=5000,
            label="Mitigation",
            help_text="How any harm found would be avoided or reduced",
        )
        self.fields["recommendation"] = forms.ChoiceField(
            choices=RECOMMENDATIONS, required=False, widget=forms.RadioSelect
        )
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            q.code: (
                self.cleaned_data[f"{q.code}_impact"],
                self.cleaned_data[f"{q.code}_notes"].strip(),
            )
            for q in QUESTIONS
        }
