"""Every Django form renders as GOV.UK Design System components, wherever `{{ form }}` is used."""

from pathlib import Path
from typing import Any

import django.forms
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.functional import cached_property

# GOV.UK class for the <input>, <textarea> or <select> a widget renders, and whether it has an
# "--error" modifier. Order matters: subclasses before their bases.
_WIDGET_CLASSES: list[tuple[type[forms.Widget], str, bool]] = [
    (forms.HiddenInput, "", False),
    (forms.MultipleHiddenInput, "", False),
    # CheckboxSelectMultiple is a subclass of RadioSelect: it must come first.
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input", False),
    (forms.RadioSelect, "govuk-radios__input", False),
    (forms.CheckboxInput, "govuk-checkboxes__input", False),
    (forms.FileInput, "govuk-file-upload", True),
    (forms.Textarea, "govuk-textarea", True),
    (forms.Select, "govuk-select", True),
    (Input, "govuk-input", True),
]


def govuk_class_for(widget: forms.Widget, *, has_errors: bool) -> str:
    for widget_type, css_class, has_error_modifier in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            if css_class and has_errors and has_error_modifier:
                return f"{css_class} {css_class}--error"
            return css_class
    return ""


class GovukBoundField(forms.BoundField):
    """A bound field whose widget carries the GOV.UK classes (and error modifier) it needs."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        govuk_class = govuk_class_for(widget, has_errors=bool(self.errors))
        if govuk_class:
            own = " ".join(c for c in (widget.attrs.get("class"), attrs.get("class")) if c)
            attrs["class"] = f"{govuk_class} {own}".strip()
        if isinstance(widget, forms.EmailInput):
            attrs.setdefault("spellcheck", "false")
        # GOV.UK: no placeholder text; it disappears as you type and is often low contrast.
        if widget.attrs.get("placeholder"):
            attrs["placeholder"] = False
        return attrs


class GovukFormRenderer(DjangoTemplates):
    """Finds our templates/components/ as well as Django's own widget templates.

    A DjangoTemplates renderer (not TemplatesSetting) so that 'django.forms' need not be an
    installed app: its engine looks in the project's templates/ first, then Django's.
    """

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = GovukBoundField

    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "govukforms",
                "OPTIONS": {},
            }
        )
