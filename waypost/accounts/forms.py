from collections.abc import Sequence
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.http import HttpRequest

from waypost.accounts.models import Partnership


class LoginForm(AllauthLoginForm):
    """allauth's login form, passing the email under the key django-axes counts failures by."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def user_credentials(self) -> dict[str, Any]:
        credentials = super().user_credentials()
        credentials["login"] = credentials.get("email", "")
        return credentials


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email django-axes locks by, lower-cased so case changes do not dodge the lockout."""
    if credentials:
        value = credentials.get("login") or credentials.get("email") or ""
    else:
        value = request.POST.get("login", "")
    return str(value).strip().lower()


class PartnershipChoiceForm(forms.Form):
    """A figures form's choice of partnership, among the user's own: hidden when they work in
    only one, and the first when none is sent."""

    partnership = forms.ChoiceField(label="Partnership", required=False)

    def __init__(self, data: Any, *, partnerships: Sequence[Partnership], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.partnerships = {p.slug: p for p in partnerships}
        field = self.fields["partnership"]
        field.choices = [(p.slug, p.name) for p in partnerships]  # type: ignore[attr-defined]
        if len(partnerships) < 2:
            field.widget = forms.HiddenInput()

    @property
    def shows_partnership_choice(self) -> bool:
        return len(self.partnerships) > 1

    def clean_partnership(self) -> Partnership:
        # The choices are only the user's own partnerships: anything else never gets here.
        slug = self.cleaned_data.get("partnership") or next(iter(self.partnerships))
        return self.partnerships[slug]
