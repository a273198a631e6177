"""The "created" entries django-auditlog writes on save, for objects made with bulk_create
(which sends no signals), written in one insert instead of one at a time."""

from collections.abc import Iterable
from functools import cache
from typing import Any

from auditlog.cid import get_cid
from auditlog.diff import get_field_value, get_mask_function, is_primitive
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Field
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str


def log_created(objects: Iterable[Any], *, batch_size: int = 1000) -> int:
    """Write, for each object of a model registered with django-auditlog, the entry its own
    post_save receiver would have written; return how many. LogEntry's pre_save signal is sent
    for each entry, as a save would, so `set_actor` still names who did it."""
    use_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    cid = get_cid()
    entries = []
    for obj in objects:
        if not auditlog.contains(type(obj)):
            continue
        pk = obj.pk
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=pk,
            object_id=pk if isinstance(pk, int) else None,
            object_repr=smart_str(obj),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            action=LogEntry.Action.CREATE,
            changes=created_diff(obj, use_json_for_changes=use_json),
            cid=cid,
        )
        get_additional_data = getattr(obj, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        pre_save.send(LogEntry, instance=entry, raw=False, using="default", update_fields=None)
        entries.append(entry)
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def created_diff(obj: Any, *, use_json_for_changes: bool = False) -> dict[str, Any] | None:
    """What auditlog's model_instance_diff(None, obj) gives for a row just inserted, without
    its cost: a new row has no related rows yet, so only its own columns can differ from
    nothing, and the list of those columns is worked out once per model."""
    model_fields = auditlog.get_model_fields(type(obj))
    masked = model_fields["mask_fields"]
    diff: dict[str, Any] = {}
    for field in _tracked_columns(type(obj)):
        old = get_field_value(None, field, use_json_for_changes)
        new = get_field_value(obj, field, use_json_for_changes)
        if old == new:
            continue
        if field.name in masked:
            mask = get_mask_function(model_fields.get("mask_callable"))
            diff[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
        elif not use_json_for_changes:
            diff[field.name] = (smart_str(old), smart_str(new))
        else:
            diff[field.name] = (
                old if is_primitive(old) else smart_str(old),
                new if is_primitive(new) else smart_str(new),
            )
    return diff or None


@cache
def _tracked_columns(model: type) -> tuple[Field, ...]:
    """The model's own columns that auditlog tracks, after its include and exclude lists."""
    model_fields = auditlog.get_model_fields(model)
    include, exclude = model_fields["include_fields"], model_fields["exclude_fields"]
    return tuple(
        field
        for field in model._meta.concrete_fields
        if (not include or field.name in include) and field.name not in exclude
    )
