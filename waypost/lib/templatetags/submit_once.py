"""`{% submission_token %}`: the hidden field that makes a form save once (lib.submit_once)."""

from typing import Any
from uuid import uuid4

from django import template
from django.utils.html import format_html

from waypost.lib.submit_once import FIELD, token_in

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context: Any) -> str:
    """The token the form was sent with, when it comes back (with errors, or through a
    possible-match page), so every send of one form carries one token; otherwise a new one."""
    request = context.get("request")
    token = token_in(request.POST) if request is not None and request.method == "POST" else ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token or uuid4().hex)
