"""Every app registers what it holds about a person: a model linked to a person is either
exported or explicitly excluded, and every registration names a real model and real fields."""

from django.apps import apps

from waypost.audit.subject_access.registry import (
    Exported,
    model_label,
    person_linked_models,
    registrations,
)


def test_every_model_linked_to_a_person_is_exported_or_excluded():
    registered = registrations().model_names()
    missing = [model_label(m) for m in person_linked_models() if model_label(m) not in registered]
    assert not missing, (
        f"These models link to a person but are neither exported nor excluded: {missing}. "
        "Add them to EXPORTED or EXCLUDED in their app's subject_access.py."
    )


def test_the_enumeration_follows_links_through_other_models():
    linked = {model_label(m) for m in person_linked_models()}
    # PostItem -> CareOfAddress -> Person; PermittedSection -> SharingPermission -> Person.
    assert {"people.PostItem", "sharing.PermittedSection", "people.Alias"} <= linked
    assert "accounts.Agency" not in linked


def test_every_registration_names_a_model_that_exists():
    stale = []
    for registration in (*registrations().exported, *registrations().excluded):
        try:
            apps.get_model(registration.model)
        except LookupError:
            stale.append(registration.model)
    assert not stale, f"Registered models that no longer exist: {stale}"


def test_no_model_is_both_exported_and_excluded():
    both = {r.model for r in registrations().exported} & {r.model for r in registrations().excluded}
    assert not both


def test_every_exported_field_and_person_path_exists():
    for registration in registrations().exported:
        model = registration.model_class()
        for name in registration.fields:
            _follow(model, name.split("."), registration)
        for name in registration.review_fields:
            assert name in registration.fields, (registration.model, name)
        if registration.person_path != "pk":
            # Raises FieldError when the lookup no longer reaches the person.
            model._default_manager.filter(**{f"{registration.person_path}__in": []})


def _follow(model, path, registration: Exported):
    field = model._meta.get_field(path[0])  # raises FieldDoesNotExist for a stale name
    if len(path) > 1:
        assert field.is_relation, (registration.model, path)
        _follow(field.related_model, path[1:], registration)


def test_the_safe_address_is_excluded_and_never_exported():
    assert "people.SafeAddress" in {r.model for r in registrations().excluded}
    assert "people.SafeAddress" not in {r.model for r in registrations().exported}


def test_every_app_with_personal_data_has_a_registration_module():
    import importlib

    for app in ("people", "sharing", "accounts", "notifications", "audit"):
        module = importlib.import_module(f"waypost.{app}.subject_access")
        assert isinstance(module.EXPORTED, list)
        assert isinstance(module.EXCLUDED, list)
