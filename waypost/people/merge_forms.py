"""Forms for merging two records and undoing a merge."""

from typing import Any

from django import forms
from django.utils import timezone

from waypost.people.merging import (
    KEPT,
    MERGED,
    FieldGroup,
    differing_groups,
    display_value,
    suggested_source,
)
from waypost.people.models import Person

FIRST, SECOND = "first", "second"


def record_label(person: Person, letter: str) -> str:
    agency = person.recorded_by_agency.name
    recorded_on = timezone.localtime(person.created_at).strftime("%-d %B %Y")
    return f"Record {letter}: {person.display_name}, recorded by {agency} on {recorded_on}"


class MergeChoiceForm(forms.Form):
    """Which record stays, and for each field that differs (and that the user sees on both)
    whose value it keeps. Versions carry what was shown, so a change meanwhile is caught."""

    keep = forms.ChoiceField(
        label="Which record should stay?",
        help_text="The other record’s link will take people to this one. Everything recorded "
        "about both people ends up on this record.",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which record should stay"},
    )
    first_version = forms.IntegerField(widget=forms.HiddenInput)
    second_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        first: Person,
        second: Person,
        groups: list[FieldGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        # The older record stays by default: partners are more likely to know its link.
        older = FIRST if first.created_at <= second.created_at else SECOND
        self.fields["keep"].choices = [
            (FIRST, record_label(first, "A")),
            (SECOND, record_label(second, "B")),
        ]
        self.fields["keep"].initial = older
        self.fields["first_version"].initial = first.version
        self.fields["second_version"].initial = second.version
        visible = {g.name for g in groups}
        self.groups = [g for g in differing_groups(first, second) if g.name in visible]
        for group in self.groups:
            source = suggested_source(first, second, group)
            self.fields[f"field_{group.name}"] = forms.ChoiceField(
                label=group.label,
                choices=[
                    (FIRST, f"{display_value(first, group)} (record A)"),
                    (SECOND, f"{display_value(second, group)} (record B)"),
                ],
                initial=FIRST if source is first else SECOND,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose which {group.label.lower()} to keep",
                    "invalid_choice": f"Choose which {group.label.lower()} to keep",
                },
            )

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[f"field_{group.name}"] for group in self.groups]

    def kept_and_merged(self) -> tuple[Person, Person]:
        if self.cleaned_data["keep"] == FIRST:
            return self.first, self.second
        return self.second, self.first

    def field_choices(self) -> dict[str, str]:
        """Each differing group's choice as "kept" or "merged", for merge_people."""
        keep = self.cleaned_data["keep"]
        return {
            group.name: KEPT if self.cleaned_data[f"field_{group.name}"] == keep else MERGED
            for group in self.groups
        }

    def preview(self) -> list[tuple[FieldGroup, str, str]]:
        """The kept record after the merge: (group, value, "A" or "B") for each group shown."""
        kept, merged = self.kept_and_merged()
        choices = self.field_choices()
        rows = []
        for group in self.groups:
            source = merged if choices[group.name] == MERGED else kept
            rows.append((group, display_value(source, group), "A" if source is self.first else "B"))
        return rows


class UndoMergeForm(forms.Form):
    """Undoing a merge; a confirmation is asked for only when fields the merge set have been
    changed since (those keep their newer values)."""

    confirm_changed = forms.BooleanField(
        required=False,
        label="I understand: these fields keep their current values, and I will check both "
        "records afterwards",
    )

    def __init__(self, *args: Any, changed_labels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed_labels = changed_labels
        if changed_labels:
            self.fields["confirm_changed"].required = True
            self.fields["confirm_changed"].error_messages["required"] = (
                "Confirm that you will check the fields changed since the merge"
            )
        else:
            del self.fields["confirm_changed"]
