"""A PDF of what one user may see of a person's record, for a meeting or a discharge.

Built only from `read_person`, so it shows exactly what the page shows. Safe addresses are
sealed and never printed.
"""

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from waypost.audit.models import Section
from waypost.people.access import PersonRead


@dataclass
class Block:
    """One record in the PDF: a table of label and value rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def _recorded(record: Any) -> tuple[str, str]:
    when = timezone.localtime(record.recorded_at).strftime("%-d %B %Y")
    return ("Recorded by", f"{record.recorded_by_agency.name} on {when}")


def _person_fields(read: PersonRead, section: Section) -> list[Block]:
    person = read.person
    if not read.sections[section].shows_person_fields:
        return []
    if section == Section.IDENTITY:
        rows = [
            ("Name they use", person.preferred_name or "Not recorded"),
            ("Legal name", " ".join(p for p in (person.given_name, person.family_name) if p)),
            ("Date of birth", person.birth_date_display()),
            ("Gender", person.gender_display()),
            ("Pronouns", person.pronouns or "Not recorded"),
            ("Ethnicity", person.get_ethnicity_display() or "Not recorded"),
            ("Nationality", person.nationality or "Not recorded"),
            ("First language", person.first_language or "Not recorded"),
        ]
    elif section == Section.IMMIGRATION:
        rows = [
            ("Immigration status", person.get_immigration_status_display()),
            ("Recourse to public funds", person.get_public_funds_display()),
        ]
    else:
        area = f" ({person.local_connection_area})" if person.local_connection_area else ""
        rows = [("Local connection", person.get_local_connection_display() + area)]
    return [Block("Details", rows)]


def _blocks(read: PersonRead, section: Section) -> list[Block]:
    view = read.sections[section]
    records = view.records
    blocks = _person_fields(read, section)
    for alias in records.get("aliases", []):
        blocks.append(
            Block(alias.get_kind_display(), [("Name", alias.full_name), _recorded(alias)])
        )
    for identifier in records.get("identifiers", []):
        blocks.append(
            Block(identifier.label(), [("Value", identifier.value), _recorded(identifier)])
        )
    for check in records.get("verifications", []):
        criteria = "; ".join(c.text for c in check.criteria.all())
        verifier = f"{check.verifier_name}, {check.verifier_role}, {check.verifier_organisation}"
        rows = [("Verified by", verifier), ("On", f"{check.verified_on:%-d %B %Y}")]
        rows.append(("Criteria met", criteria))
        blocks.append(Block("Identity verified by a professional", [*rows, _recorded(check)]))
    for detail in records.get("contact_details", []):
        rows = [(detail.get_kind_display(), detail.value)]
        if detail.notes:
            rows.append(("Notes", detail.notes))
        blocks.append(Block("Contact detail", [*rows, _recorded(detail)]))
    for care_of in records.get("care_of", []):
        rows = [("Hub", care_of.hub.name), ("Address", care_of.address)]
        blocks.append(Block("Care-of postal address", [*rows, _recorded(care_of)]))
    for need in records.get("needs", []):
        blocks.append(
            Block(need.get_kind_display(), [("Detail", need.detail or "None"), _recorded(need)])
        )
    for entry in records.get("history", []):
        dates = " to ".join(f"{d:%B %Y}" for d in (entry.from_on, entry.to_on) if d) or "Not known"
        rows = [("Where", entry.accommodation), ("When", dates)]
        if entry.reason_left:
            rows.append(("Reason left", entry.reason_left))
        blocks.append(Block("Accommodation", [*rows, _recorded(entry)]))
    for note in records.get("notes", []):
        blocks.append(
            Block(f"{note.get_kind_display()} note", [("Note", note.text), _recorded(note)])
        )
    # records["safe_addresses"] is deliberately never read here: sealed addresses are not printed.
    return blocks


def render_person_pdf(read: PersonRead, *, prepared_by: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the sections in `read`."""
    from weasyprint import HTML

    sections = [{"view": read.sections[s], "blocks": _blocks(read, s)} for s in read.sections]
    html = render_to_string(
        "people/record_pdf.html",
        {
            "read": read,
            "person": read.person,
            "sections": sections,
            "prepared_by": prepared_by,
            "prepared_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
