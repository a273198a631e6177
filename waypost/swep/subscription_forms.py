"""Who the cascade tells besides the partner agencies: staff who subscribe themselves (by
email, text message or both) and the outreach rota the coordinator keeps. Text messages go
to a UK work mobile, stored in international format (+447700900123)."""

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import User

MOBILE_MESSAGE = "Enter a UK mobile number, like 07700 900123 or +44 7700 900123"
_SEPARATORS = re.compile(r"[\s().-]")


def normalise_uk_mobile(value: str) -> str:
    """+447xxxxxxxxx from 07xxx xxxxxx, +44 7xxx…, 0044 7xxx… or 447xxx…; ValidationError
    for anything else (a landline, too few digits, letters)."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if not digits.isdigit():
        raise ValidationError(MOBILE_MESSAGE)
    if digits.startswith("44"):
        national = digits[2:]
        if national.startswith("0"):  # +44 (0)7700…
            national = national[1:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(MOBILE_MESSAGE)
    if len(national) != 10 or not national.startswith("7"):
        raise ValidationError(MOBILE_MESSAGE)
    return f"+44{national}"


def show_mobile(number: str) -> str:
    """+447700900123 as 07700 900123."""
    if number.startswith("+44") and len(number) == 13:
        national = "0" + number[3:]
        return f"{national[:5]} {national[5:]}"
    return number


class MobileField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return show_mobile(value) if isinstance(value, str) else value

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return normalise_uk_mobile(text) if text else ""


class SubscriptionForm(forms.Form):
    """How a member of staff wants to be told when SWEP starts and ends."""

    ways = forms.MultipleChoiceField(
        label="How should we tell you?",
        help_text="Choose neither to stop these alerts.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = MobileField(
        label="Work mobile number",
        help_text="For text messages. A UK mobile, like 07700 900123.",
        required=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ways"].choices = [  # type: ignore[attr-defined]
            ("email", f"By email, to {email}"),
            ("sms", "By text message"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ways = set(data.get("ways") or [])
        data["by_email"], data["by_sms"] = "email" in ways, "sms" in ways
        if data["by_sms"] and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter your work mobile number for text messages")
        return data


class RotaMemberForm(forms.Form):
    """Add someone who works in the partnership to the SWEP outreach rota."""

    user = forms.ChoiceField(
        label="Member of staff",
        error_messages={
            "required": "Choose who to add to the rota",
            "invalid_choice": "Choose someone who works in the partnership",
        },
    )
    phone = MobileField(
        label="Their work mobile number",
        help_text="Text messages go here. A UK mobile, like 07700 900123.",
        error_messages={"required": "Enter their work mobile number"},
    )

    def __init__(self, *args: Any, staff: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["user"].choices = [("", "Choose a member of staff")] + [  # type: ignore[attr-defined]
            (str(user.pk), f"{user.full_name or user.email} ({user.email})") for user in staff
        ]

    def clean_user(self) -> User:
        user = self.staff.get(self.cleaned_data["user"])
        if user is None:
            raise ValidationError("Choose someone who works in the partnership")
        return user
