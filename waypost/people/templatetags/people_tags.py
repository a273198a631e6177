"""Display helpers for the person pages."""

from typing import Any

from django import template

from waypost.lib.identifiers import format_nhs_number
from waypost.people.models import IdentifierKind

register = template.Library()


@register.filter
def identifier_value(identifier: Any) -> str:
    """An identifier as people read it: NHS numbers in 3-3-4 groups."""
    if identifier.kind == IdentifierKind.NHS_NUMBER:
        return format_nhs_number(identifier.value)
    return str(identifier.value)


@register.filter
def percent(score: float) -> str:
    """A match probability (0 to 1) as a whole percentage; never 100% or 0%, which it is not."""
    value = round(score * 100)
    return f"{min(max(value, 1), 99)}%"
