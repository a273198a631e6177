"""An action's refusal shown on the form the user filled in."""

from typing import Any

from django.core.exceptions import ValidationError


def show_refusal(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Each message of `error` beside the field it names (after `rename`, for actions whose
    argument names differ from the form's), or above the form when the form has no such field
    or the error names none."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = rename.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
