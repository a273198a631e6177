"""Django forms render as GOV.UK components through the project's form renderer."""

from django import forms

from waypost.pages.forms import GovukFormRenderer


class ExampleForm(forms.Form):
    name = forms.CharField(help_text="As it appears on their ID, if they have any")
    email = forms.EmailField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    team = forms.ChoiceField(choices=[("a", "Outreach"), ("b", "Housing")])
    contact = forms.ChoiceField(
        choices=[("phone", "Phone"), ("email", "Email")], widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        choices=[("health", "Health"), ("money", "Money")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(label="They agree to share", required=False)
    seen_on = forms.DateField(widget=forms.DateInput, required=False)


def test_the_renderer_is_the_default():
    assert isinstance(ExampleForm().renderer, GovukFormRenderer)


def test_fields_render_as_govuk_form_groups():
    html = str(ExampleForm())

    assert '<label class="govuk-label govuk-label--s" for="id_name">' in html
    assert '<div class="govuk-hint" id="id_name_helptext">' in html
    assert 'class="govuk-input" id="id_name"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-select"' in html
    assert 'class="govuk-radios" data-module="govuk-radios"' in html
    assert 'class="govuk-radios__input"' in html
    assert 'for="id_contact_0"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert 'for="id_consent"' in html
    assert 'spellcheck="false"' in html
    assert 'class="govuk-input" id="id_seen_on"' in html


def test_errors_render_as_govuk_error_messages():
    form = ExampleForm(data={})

    html = str(form)

    assert "govuk-form-group--error" in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert (
        '<p class="govuk-error-message" id="id_name_error">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
    ) in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_the_error_summary_links_to_each_field():
    from django.template.loader import render_to_string

    html = render_to_string("components/error_summary.html", {"form": ExampleForm(data={})})

    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_contact_0"' in html


def test_the_error_summary_is_empty_without_errors():
    from django.template.loader import render_to_string

    assert render_to_string("components/error_summary.html", {"form": ExampleForm()}).strip() == ""


def test_pagination_keeps_the_query_string():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page_obj = Paginator(list(range(100)), 10).page(5)
    html = render_to_string(
        "components/pagination.html", {"page_obj": page_obj, "query": "q=smith"}
    )

    assert 'href="?q=smith&amp;page=4" rel="prev"' in html
    assert 'href="?q=smith&amp;page=6" rel="next"' in html
    assert 'aria-current="page">5</a>' in html
    assert 'aria-label="Page 1"' in html
    assert 'aria-label="Page 10"' in html
    assert 'aria-label="Page 8"' not in html
    assert "govuk-pagination__item--ellipses" in html
