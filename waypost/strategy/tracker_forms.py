"""Forms for keeping an action plan."""

from typing import Any

from django import forms

from waypost.accounts.models import Agency
from waypost.people.forms import GovukDateField
from waypost.strategy import measures
from waypost.strategy.models import ActionStatus, Theme

ANY = ""


class ActionFilterForm(forms.Form):
    """The strategy page's filters (GET): status, theme, overdue only."""

    status = forms.ChoiceField(required=False, choices=[(ANY, "Any status"), *ActionStatus.choices])
    theme = forms.ChoiceField(required=False, choices=[(ANY, "All themes")])
    overdue = forms.BooleanField(required=False, label="Overdue actions only")

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(ANY, "All themes")] + [
            (t.code, f"{t.code}: {t.title}") for t in themes
        ]


class ActionForm(forms.Form):
    status = forms.ChoiceField(
        choices=ActionStatus.choices, widget=forms.RadioSelect, label="Status"
    )
    due_date = GovukDateField(
        what="the due date",
        label="Due date",
        required=False,
        help_text="The date Waypost checks for overdue actions. Leave it empty for an ongoing "
        "action. For example, 31 3 2026",
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Lead agency",
        empty_label="No lead agency (the partnership's coordinators are told)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = Agency.objects.filter(
            partnership_id=partnership_id
        ).order_by("name")


class ReviewForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Title", help_text="For example, Reviewed May 2026"
    )
    held_on = GovukDateField(what="the date of the review", label="Date of the review")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ReviewNoteForm(forms.Form):
    action = forms.ChoiceField(label="Action")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What the review said")
    status = forms.ChoiceField(
        choices=[("", "No status agreed"), *ActionStatus.choices],
        required=False,
        label="Status agreed",
    )

    def __init__(self, *args: Any, actions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = {str(a.pk): a for a in actions}
        self.fields["action"].choices = [("", "Choose an action")] + [
            (
                str(a.pk),
                f"{a.commitment.theme.code} {a.commitment.number}.{a.position}: {a.text[:90]}",
            )
            for a in actions
        ]

    def clean_action(self) -> Any:
        return self.actions[self.cleaned_data["action"]]


class MeasureForm(forms.Form):
    measure_code = forms.ChoiceField(label="Live measure", required=False)
    measure_target = forms.DecimalField(
        label="Target",
        required=False,
        max_digits=10,
        decimal_places=1,
        help_text="A percentage or a number of people, as the measure counts",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_code"].choices = [("", "No measure")] + measures.choices()
