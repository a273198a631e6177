"""The subject access export: every registered model's rows about a person, as JSON and PDF.

`build_export(request)` gathers the items, and `write_zip` writes `subject-access-<id>.json`,
`subject-access-<id>.pdf` and any uploaded files into one ZIP. Safe addresses are never
included (people.SafeAddress is excluded in waypost.people.subject_access, and `gather`
refuses it outright as a second lock).
"""

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from uuid import UUID

from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone

from waypost.audit.models import Section, SubjectAccessRequest
from waypost.audit.subject_access.registry import PER_RECORD, Exported, registrations
from waypost.sharing.policy import PERSON_SECTIONS

FORMAT = "waypost-subject-access/1"
# Sealed models the export must never contain, whatever a registration says.
NEVER_EXPORTED = frozenset({"people.SafeAddress"})
# Section order in the PDF: the person's record first, then sharing and who has seen it.
SECTION_ORDER: tuple[str, ...] = (*PERSON_SECTIONS, Section.AUDIT)
SECTION_HEADINGS: dict[str, str] = {
    Section.IDENTITY: "Who you are",
    Section.CONTACT: "Contact details and where you can be found",
    Section.SUPPORT: "Support you need",
    Section.HEALTH: "Your health",
    Section.OFFENDING: "Offending",
    Section.SAFEGUARDING: "Safeguarding and risk",
    Section.IMMIGRATION: "Immigration",
    Section.HOUSING_HISTORY: "Where you have lived",
    Section.NOTES: "General notes",
    Section.AUDIT: "How your information is shared and who has seen it",
}
THIRD_PARTY_WARNING = "Check before release: may contain information about other people"
EXPLANATION = (
    "This is a copy of the information the organisations in the {partnership} partnership "
    "hold about you in Waypost, the system they share to help people who are sleeping rough "
    "or at risk of it. You asked for it under the UK General Data Protection Regulation "
    "(Article 15). It is grouped by subject. Each part says which organisation recorded it "
    "and when. If anything is wrong, tell us and we will correct it. If you are unhappy with "
    "how we have handled your request, you can complain to the Information Commissioner's "
    "Office (ico.org.uk, 0303 123 1113)."
)


@dataclass
class Item:
    """One exported record, with its values in field order."""

    model: str
    title: str
    id: str
    person_id: str
    section: str
    third_party_review: bool
    values: list[tuple[str, str, Any]]  # (field, label, value)
    explanation: str = ""
    files: list[tuple[str, FieldFile]] = field(default_factory=list)  # (path in ZIP, file)

    def as_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "title": self.title,
            "id": self.id,
            "person_id": self.person_id,
            "section": self.section,
            "third_party_review": self.third_party_review,
            "fields": {name: _json_value(value) for name, _, value in self.values},
        }


@dataclass
class PdfItem:
    """One record as the PDF shows it: labels and plain-English values."""

    id: str
    third_party_review: bool
    rows: list[tuple[str, str]]


@dataclass
class Group:
    """The items of one registration, in one section of the PDF."""

    title: str
    explanation: str
    items: list[PdfItem]


@dataclass
class ExportSection:
    section: str
    heading: str
    groups: list[Group]

    @property
    def label(self) -> str:
        return str(Section(self.section).label)


@dataclass
class Export:
    request: SubjectAccessRequest
    person_ids: list[UUID]
    generated_at: datetime
    items: list[Item]

    @property
    def sections(self) -> list[str]:
        present = {item.section for item in self.items}
        return [s for s in SECTION_ORDER if s in present]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "request_id": str(self.request.pk),
            "partnership": self.request.partnership.name,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "person_ids": [str(p) for p in self.person_ids],
            "explanation": EXPLANATION.format(partnership=self.request.partnership.name),
            "sections": [
                {
                    "section": s,
                    "label": str(Section(s).label),
                    "items": sum(1 for i in self.items if i.section == s),
                }
                for s in self.sections
            ],
            "items": [item.as_json() for item in self.items],
        }

    def pdf_sections(self) -> list[ExportSection]:
        result = []
        for section in self.sections:
            groups: dict[str, Group] = {}
            for item in self.items:
                if item.section != section:
                    continue
                group = groups.setdefault(
                    item.title, Group(title=item.title, explanation=item.explanation, items=[])
                )
                group.items.append(
                    PdfItem(
                        id=item.id,
                        third_party_review=item.third_party_review,
                        # Only what is held: an empty field says nothing about the person.
                        rows=[
                            (label, display_value(v))
                            for _, label, v in item.values
                            if _is_filled(v)
                        ],
                    )
                )
            result.append(
                ExportSection(
                    section=section,
                    heading=SECTION_HEADINGS.get(section, str(Section(section).label)),
                    groups=list(groups.values()),
                )
            )
        return result


def group_person_ids(person_id: UUID) -> list[UUID]:
    """The person and every record merged into them (and into those), kept record first."""
    return with_merged([person_id])


def with_merged(person_ids: Iterable[UUID]) -> list[UUID]:
    """These people and every record merged into theirs, one query per level of merging."""
    from waypost.people.models import Person

    ids = list(dict.fromkeys(person_ids))
    frontier = list(ids)
    while frontier:
        frontier = [
            pk
            for pk in Person.objects.filter(merged_into_id__in=frontier).values_list(
                "pk", flat=True
            )
            if pk not in ids
        ]
        ids.extend(frontier)
    return ids


def build_export(request: SubjectAccessRequest) -> Export:
    """Everything every registered model holds about the request's person (and the records
    merged into theirs)."""
    assert request.person_id is not None
    person_ids = group_person_ids(request.person_id)
    items: list[Item] = []
    for registration in registrations().exported:
        items.extend(gather(registration, person_ids))
    # The kept record's items before those of the records merged into it.
    order = {str(pk): index for index, pk in enumerate(person_ids)}
    items.sort(key=lambda item: order.get(item.person_id, len(order)))
    return Export(request=request, person_ids=person_ids, generated_at=timezone.now(), items=items)


def gather(registration: Exported, person_ids: Sequence[UUID]) -> list[Item]:
    """One registration's rows for these people, as export items."""
    if registration.model in NEVER_EXPORTED:
        raise ValueError(f"{registration.model} is sealed and is never exported")
    model = registration.model_class()
    rows = model._default_manager.filter(**{f"{registration.person_path}__in": list(person_ids)})
    select, prefetch = _relations(model, registration.fields)
    # Reaching the person through another model ("care_of__person"): fetch it with the row.
    through, _, _ = registration.person_path.rpartition("__")
    if through:
        select.append(through)
    if select:
        rows = rows.select_related(*select)
    rows = rows.prefetch_related(*prefetch).order_by("pk")
    items = []
    for row in rows:
        values = [
            (name, _label(model, name, registration.labels), _resolve(row, name.split(".")))
            for name in registration.fields
        ]
        files = [
            (_zip_path(registration.model, row.pk, value), value)
            for _, _, value in values
            if isinstance(value, FieldFile) and value
        ]
        review = any(
            _is_filled(value) for name, _, value in values if name in registration.review_fields
        )
        items.append(
            Item(
                model=registration.model,
                title=registration.title,
                id=str(row.pk),
                person_id=str(_person_of(row, registration.person_path)),
                section=_section(registration, row),
                third_party_review=review,
                values=[
                    (n, label, _zip_path(registration.model, row.pk, v) if _is_file(v) else v)
                    for n, label, v in values
                ],
                explanation=registration.explanation,
                files=files,
            )
        )
    return items


def _section(registration: Exported, row: models.Model) -> str:
    if registration.section == PER_RECORD:
        from waypost.people.models import record_section

        return str(record_section(row))
    return str(registration.section)


def _person_of(row: models.Model, path: str) -> Any:
    if path == "pk":
        return row.pk
    value: Any = row
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part)
    last = parts[-1]
    return getattr(value, last if last.endswith("_id") else f"{last}_id")


def _relations(model: type[models.Model], names: Iterable[str]) -> tuple[list[str], list[str]]:
    """select_related and prefetch_related paths for the fields exported."""
    select, prefetch = [], []
    for name in names:
        first = name.split(".")[0]
        f = model._meta.get_field(first)
        if f.many_to_many or f.one_to_many:
            prefetch.append(first)
        elif f.is_relation:
            select.append(first)
    return select, prefetch


def _label(model: type[models.Model], name: str, labels: dict[str, str]) -> str:
    if name in labels:
        return labels[name]
    f = model._meta.get_field(name.split(".")[0])
    label = str(getattr(f, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _resolve(obj: Any, path: list[str]) -> Any:
    """A field's value for export: choice labels, related objects as text, lists for many."""
    name, rest = path[0], path[1:]
    f = obj._meta.get_field(name)
    if f.many_to_many or f.one_to_many:
        accessor = f.get_accessor_name() if f.auto_created else name
        related = getattr(obj, accessor).all()
        return [_resolve(r, rest) if rest else str(r) for r in related]
    if f.is_relation:
        target = getattr(obj, name)
        if target is None:
            return None
        return _resolve(target, rest) if rest else str(target)
    value = getattr(obj, name)
    if f.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{name}_display")())
    return value


def _is_file(value: Any) -> bool:
    return isinstance(value, FieldFile) and bool(value)


def _is_filled(value: Any) -> bool:
    if isinstance(value, FieldFile):
        return bool(value)
    return value not in (None, "", [], {})


def _zip_path(model: str, pk: Any, value: FieldFile) -> str:
    suffix = PurePosixPath(value.name).suffix.lower()[:10]
    return f"files/{model.replace('.', '-').lower()}-{pk}{suffix}"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def display_value(value: Any) -> str:
    """A value as the PDF shows it, in plain English."""
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y at %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, list):
        return ", ".join(display_value(v) for v in value) if value else "None"
    if isinstance(value, str) and value.startswith("files/"):
        return f"Included as the file {value}"
    if isinstance(value, Section):
        return str(value.label)
    return str(value)


def render_json(export: Export) -> bytes:
    return json.dumps(export.as_json(), indent=2, ensure_ascii=False).encode()


def render_pdf(export: Export) -> bytes:
    """A tagged, accessible PDF (PDF/UA-1) in British English."""
    from weasyprint import HTML

    sections = export.pdf_sections()
    html = render_to_string(
        "audit/subject_access/export_pdf.html",
        {
            "export": export,
            "request": export.request,
            "sections": sections,
            "explanation": EXPLANATION.format(partnership=export.request.partnership.name),
            "warning": THIRD_PARTY_WARNING,
            "flagged": sum(1 for i in export.items if i.third_party_review),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def write_zip(export: Export) -> bytes:
    """The ZIP the officer downloads: JSON, PDF and any uploaded files the records hold."""
    stem = f"subject-access-{export.request.pk}"
    json_bytes = render_json(export)
    pdf_bytes = render_pdf(export)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", json_bytes)
        archive.writestr(f"{stem}.pdf", pdf_bytes)
        for item in export.items:
            for path, file in item.files:
                with file.open("rb") as handle:
                    archive.writestr(path, handle.read())
    return buffer.getvalue()
