from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.http import HttpRequest


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
