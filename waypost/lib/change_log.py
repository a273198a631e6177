"""The "created" entries django-auditlog writes on save, for objects made with bulk_create or
COPY (which send no signals), written in one insert instead of one at a time."""

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from auditlog.cid import get_cid
from auditlog.diff import get_field_value, get_mask_function, is_primitive
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import AutoField, DateTimeField, Field, JSONField
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import is_protected_type, smart_str

# Writes LogEntry rows (values in ENTRY_COLUMNS order), as waypost.people.import_writer.insert.
Insert = Callable[[type[LogEntry], Sequence[str], list[tuple[Any, ...]]], Any]
ENTRY_COLUMNS = tuple(
    field.attname for field in LogEntry._meta.concrete_fields if not isinstance(field, AutoField)
)


def log_created(
    objects: Iterable[Any], *, batch_size: int = 1000, insert: Insert | None = None
) -> int:
    """Write, for each object of a model registered with django-auditlog, the entry its own
    post_save receiver would have written; return how many. `insert` writes the rows (by
    default, bulk_create)."""
    rows = created_entries(objects)
    if insert is not None:
        insert(LogEntry, ENTRY_COLUMNS, rows)
    else:
        LogEntry.objects.bulk_create(
            [LogEntry(**dict(zip(ENTRY_COLUMNS, row, strict=True))) for row in rows],
            batch_size=batch_size,
        )
    return len(rows)


def created_entries(objects: Iterable[Any]) -> list[tuple[Any, ...]]:
    """The "created" entries for `objects`, as rows of ENTRY_COLUMNS values. LogEntry's
    pre_save signal is sent once, as a save would, so `set_actor` still names who did it and
    from where: that is the same for every entry of one call, so its values are copied."""
    use_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    template = LogEntry(action=LogEntry.Action.CREATE, cid=get_cid())
    pre_save.send(LogEntry, instance=template, raw=False, using="default", update_fields=None)
    base = {name: getattr(template, name) for name in ENTRY_COLUMNS}
    rows = []
    for obj in objects:
        model = type(obj)
        if not auditlog.contains(model):
            continue
        pk = obj.pk
        entry = dict(base)
        entry.update(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_pk=str(pk),
            object_id=pk if isinstance(pk, int) else None,
            object_repr=smart_str(obj),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            changes=created_diff(obj, use_json_for_changes=use_json),
        )
        get_additional_data = getattr(obj, "get_additional_data", None)
        if callable(get_additional_data):
            entry["additional_data"] = get_additional_data()
        rows.append(tuple(entry[name] for name in ENTRY_COLUMNS))
    return rows


def created_diff(obj: Any, *, use_json_for_changes: bool = False) -> dict[str, Any] | None:
    """What auditlog's model_instance_diff(None, obj) gives for a row just inserted, without
    its cost: a new row has no related rows yet, so only its own columns can differ from
    nothing; each column's "before" and how to read its value are worked out once per model
    (auditlog's get_field_value, field by field; a test checks the two agree)."""
    diff: dict[str, Any] = {}
    for name, old, read, mask, old_text in _plan(type(obj), use_json_for_changes):
        new = read(obj)
        if old == new:
            continue
        if mask is not None:
            diff[name] = (old_text, mask(new if type(new) is str else smart_str(new)))
        elif not use_json_for_changes:
            diff[name] = (old_text, new if type(new) is str else smart_str(new))
        else:
            diff[name] = (
                old if is_primitive(old) else smart_str(old),
                new if is_primitive(new) else smart_str(new),
            )
    return diff or None


Plan = tuple[tuple[str, Any, Callable[[Any], Any], Callable[[str], str] | None, str], ...]


@cache
def _plan(model: type, use_json: bool) -> Plan:
    model_fields = auditlog.get_model_fields(model)
    masked = model_fields["mask_fields"]
    mask = get_mask_function(model_fields.get("mask_callable"))
    plan = []
    for field in _tracked_columns(model):
        old = get_field_value(None, field, use_json)
        is_masked = field.name in masked
        plan.append(
            (
                field.name,
                old,
                _reader(field, use_json),
                mask if is_masked else None,
                mask(smart_str(old)) if is_masked else smart_str(old),
            )
        )
    return tuple(plan)


def _reader(field: Field, use_json: bool) -> Callable[[Any], Any]:
    """get_field_value(obj, field) for an instance holding every column."""
    name = field.name
    if isinstance(field, DateTimeField):

        def read_time(obj: Any) -> Any:
            value = getattr(obj, name)
            if value is not None and not isinstance(value, datetime):
                value = field.to_python(value)
            if value is not None and settings.USE_TZ and not timezone.is_naive(value):
                value = timezone.make_naive(value, timezone=UTC)
            return value

        return read_time
    if isinstance(field, JSONField):
        return lambda obj: get_field_value(obj, field, use_json)
    if (
        not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION
        and (field.one_to_one or field.many_to_one)
        and hasattr(field, "rel_class")
    ):
        attname = field.attname

        def read_key(obj: Any) -> Any:
            value = getattr(obj, attname)
            return value if is_protected_type(value) else str(value)  # smart_str's way

        return read_key
    if use_json:
        return lambda obj: getattr(obj, name)

    def read_text(obj: Any) -> str:
        value = getattr(obj, name)
        return value if type(value) is str else str(smart_str(value))

    return read_text


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
