from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
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
