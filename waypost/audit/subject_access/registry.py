"""What every app holds about a person, for subject access exports.

Each app that holds personal data has a `subject_access.py` with two module-level lists:

- `EXPORTED`: `Exported(...)` entries, one per model (or per part of a model), saying how to
  find a person's rows, which fields to export, under which section, and which fields may hold
  free text or other people's names (an item with any of them filled in is flagged for the
  data protection officer to check before release);
- `EXCLUDED`: `Excluded(model, reason)` for models that link to a person but are deliberately
  not exported, with the reason.

`registrations()` collects them from every installed Waypost app. A test
(tests/test_subject_access_completeness.py) fails when a model linked to a person is in
neither list, or when a registration names a model that no longer exists.
"""

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps
from django.db import models

# `section` value for models whose section depends on the row (notes, identifiers): the
# section comes from waypost.people.models.record_section.
PER_RECORD = "per_record"


@dataclass(frozen=True)
class Exported:
    """One model's rows about a person, as the export shows them.

    - `model`: "app_label.ModelName".
    - `person_path`: the lookup from a row to the person's id: "person", "pk" for the person
      row itself, "care_of__person" through another model, "person_id" for a plain UUID field.
    - `title`: the heading in the PDF, in plain English ("Other names you are known by").
    - `section`: a waypost.audit.models.Section value, or PER_RECORD.
    - `fields`: field names to export; a dotted path follows a relation ("hub.name",
      "criteria.text"); a relation without a path exports each related object's str().
    - `review_fields`: fields that may hold free text or other people's details.
    - `labels`: labels for fields whose model name does not read well.
    - `explanation`: a sentence for the reader about what these records are.
    """

    model: str
    person_path: str
    title: str
    section: str
    fields: tuple[str, ...]
    review_fields: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    explanation: str = ""

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Excluded:
    """A model linked to a person that is deliberately not exported, and why."""

    model: str
    reason: str

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Registrations:
    exported: tuple[Exported, ...]
    excluded: tuple[Excluded, ...]

    def model_names(self) -> set[str]:
        return {r.model for r in self.exported} | {r.model for r in self.excluded}


def app_modules(name: str) -> list[ModuleType]:
    """Each installed Waypost app's module called `name` (such as "subject_access"), in app
    order: how the audit app reaches apps above it without importing them."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("waypost."):
            continue
        module_name = f"{config.name}.{name}"
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return found


def registrations() -> Registrations:
    """Every installed Waypost app's EXPORTED and EXCLUDED lists, in app order."""
    exported: list[Exported] = []
    excluded: list[Excluded] = []
    for module in app_modules("subject_access"):
        exported.extend(getattr(module, "EXPORTED", []))
        excluded.extend(getattr(module, "EXCLUDED", []))
    return Registrations(exported=tuple(exported), excluded=tuple(excluded))


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def person_linked_models() -> Iterator[type[models.Model]]:
    """Every concrete Waypost model with a relation path to people.Person: a foreign key,
    one-to-one or many-to-many to Person, or to a model that itself links to Person."""
    person = apps.get_model("people", "Person")
    candidates = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("waypost.") and not m._meta.auto_created
    ]
    linked: set[type[models.Model]] = {person}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in linked:
                continue
            for f in model._meta.get_fields(include_hidden=True):
                if f.is_relation and not f.auto_created and f.related_model in linked:
                    linked.add(model)
                    changed = True
                    break
    yield from sorted(linked, key=model_label)
