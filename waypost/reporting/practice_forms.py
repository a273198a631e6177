"""A practice note shared with the region: practice, never people."""

from django import forms

from waypost.reporting.models import PracticeNote


class PracticeNoteForm(forms.ModelForm):
    class Meta:
        model = PracticeNote
        fields = ["title", "body"]
        labels = {"title": "Title", "body": "What you want to share"}
        help_texts = {
            "title": "For example, “Joint outreach shifts with the hospital discharge team”",
            "body": (
                "What you did, what worked and who to contact about it. Do not include "
                "anything that identifies a person: no names, dates of birth, descriptions "
                "or places someone sleeps."
            ),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "body": {"required": "Enter what you want to share"},
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
        }
