"""The data protection officer's retention period form."""

from django import forms

MAX_MONTHS = 100 * 12


class RetentionRuleForm(forms.Form):
    period_months = forms.IntegerField(
        label="Retention period in months",
        min_value=1,
        max_value=MAX_MONTHS,
        help_text="For example, 72 for 6 years.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}
        ),
        error_messages={
            "required": "Enter the retention period in months",
            "invalid": "Enter the retention period as a whole number of months, like 72",
            "min_value": "The retention period must be at least 1 month",
            "max_value": "The retention period must be 1200 months (100 years) or fewer",
        },
    )
