"""What kinds of data a record holds (for the lawful basis it needs), and checks on uploaded
consent forms."""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

from waypost.people.models import (
    Ethnicity,
    Identifier,
    IdentifierKind,
    Note,
    NoteKind,
    Person,
    SupportNeed,
    SupportNeedKind,
)

# Support needs that are data concerning health (UK GDPR Art 4(15)).
HEALTH_NEEDS = (
    SupportNeedKind.MENTAL_HEALTH,
    SupportNeedKind.PHYSICAL_HEALTH,
    SupportNeedKind.DRUGS,
    SupportNeedKind.ALCOHOL,
    SupportNeedKind.LEARNING_DISABILITY,
)

CONSENT_FORM_MAX_BYTES = 10 * 1024 * 1024
# Each accepted type: its declared content types, the bytes its files start with, the extension.
CONSENT_FORM_TYPES: tuple[tuple[frozenset[str], bytes, str], ...] = (
    (frozenset({"application/pdf"}), b"%PDF-", "pdf"),
    (frozenset({"image/jpeg", "image/pjpeg"}), b"\xff\xd8\xff", "jpg"),
    (frozenset({"image/png"}), b"\x89PNG\r\n\x1a\n", "png"),
)


@dataclass(frozen=True)
class DataHeld:
    """Which categories of data needing an extra condition the record holds."""

    special_category: bool
    offending: bool


def data_held(person: Person) -> DataHeld:
    """Does the record hold special category data (health, ethnicity) or criminal offence
    data? Whoever recorded it: the lawful basis covers the whole record. Three small queries."""
    special = (
        bool(person.ethnicity and person.ethnicity != Ethnicity.NOT_SAID)
        or Note.objects.filter(person=person, kind=NoteKind.HEALTH).exists()
        or SupportNeed.objects.filter(person=person, kind__in=HEALTH_NEEDS).exists()
    )
    offending = (
        Note.objects.filter(person=person, kind=NoteKind.OFFENDING).exists()
        or Identifier.objects.filter(person=person, kind=IdentifierKind.PRISON_NUMBER).exists()
    )
    return DataHeld(special_category=special, offending=offending)


def consent_form_extension(upload: UploadedFile) -> str | None:
    """The file extension for an accepted consent form, from what the file really is."""
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_types, magic, extension in CONSENT_FORM_TYPES:
        if declared in content_types and head.startswith(magic):
            return extension
    return None


def consent_form_problem(upload: UploadedFile) -> str:
    """Why an uploaded consent form is refused, or "" when it is acceptable."""
    if upload.size is None or upload.size == 0:
        return "The selected file is empty. Choose the scanned or photographed signed form"
    if upload.size > CONSENT_FORM_MAX_BYTES:
        return "The selected file must be smaller than 10 MB. Choose the file again"
    if consent_form_extension(upload) is None:
        return "The selected file must be a PDF, JPEG or PNG. Choose the file again"
    return ""
