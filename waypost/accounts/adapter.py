import time
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.http import HttpRequest
from django.template.loader import render_to_string


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: staff join by invitation. Account emails go through the outbox."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from waypost.notifications.actions import queue_email

        context = {**context, "email": email}
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        body = render_to_string(f"{template_prefix}_message.txt", context)
        queue_email(to=email, subject=self.format_email_subject(subject), body=body)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Sensitive actions need a recent password or code: a sign-in moments ago counts.

        allauth counts only explicit re-authentication, so a new starter would type the password
        they chose seconds ago again before setting up their authenticator app.
        """
        request = self.request
        user = getattr(request, "user", None)
        if request is not None and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
