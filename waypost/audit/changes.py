"""The change log (django-auditlog) for records about people: who changed which field, when.

The log is append-only, so it must not keep the values themselves: retention could never
remove them. Personal fields are registered masked: the entry says the field changed, and the
value lives only in the record, where retention and erasure can reach it.
"""

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.db import models

REDACTED = "(not kept in the change log)"


def redact(value: str) -> str:
    return REDACTED


def register_personal(
    model: type[models.Model], *, keep: Iterable[str] = (), skip: Iterable[str] = ()
) -> None:
    """Register `model` with every field masked except its keys and the fields in `keep`.

    `skip` names fields whose changes are bookkeeping, not worth an entry (version, touch times).
    """
    keep = set(keep)
    masked = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.is_relation and field.name not in keep
    ]
    auditlog.register(
        model,
        mask_fields=masked,
        mask_callable="waypost.audit.changes.redact",
        exclude_fields=list(skip),
    )
