"""Importing people from a CSV file (`manage.py import_people`).

Idempotent on (source, source_id): the pair is stored as an identifier of kind "source_id"
(system = source), unique per partnership, so running the same file again finds each person and
changes only what changed. Every row is checked first and reported by its line number with a
specific reason, so one bad row never stops the others. New people are written a chunk at a
time (import_writer: COPY on PostgreSQL), with the rows, match keys and change-log entries the
people actions would write; a row that changes someone goes through the actions in its own
savepoint; a row that changes nothing costs no query.

An empty cell never clears a value already recorded: it means "not in this file".
"""

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, User
from waypost.audit.models import Section
from waypost.lib.change_log import log_created
from waypost.people import import_writer
from waypost.people.actions import (
    add_alias,
    add_contact_detail,
    add_identifier,
    create_person,
    identifier_problem,
    normalise_identifier,
    update_person,
)
from waypost.people.matching.index import keys_of, names_of
from waypost.people.models import (
    Alias,
    AliasKind,
    BirthDatePrecision,
    ContactDetail,
    ContactKind,
    Gender,
    Identifier,
    IdentifierKind,
    MatchKey,
    Person,
)
from waypost.sharing.policy import ROLE_SECTIONS

REQUIRED_COLUMNS = ("source", "source_id")
NAME_COLUMNS = ("given_name", "family_name", "preferred_name")
OPTIONAL_COLUMNS = (
    *NAME_COLUMNS,
    "other_names",
    "date_of_birth",
    "gender",
    "nhs_number",
    "ni_number",
    "postcode",
)
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)

# There is no postcode field on a person: the last known postcode is kept as a contact detail
# of kind "other" with this note, which the import finds again to update it.
POSTCODE_NOTE = "Last known postcode (imported)"

DATE_HELP = "use YYYY-MM-DD, YYYY-MM or YYYY"
GENDERS: dict[str, str] = {
    "m": Gender.MAN,
    "male": Gender.MAN,
    "man": Gender.MAN,
    "f": Gender.WOMAN,
    "female": Gender.WOMAN,
    "woman": Gender.WOMAN,
    "non-binary": Gender.NON_BINARY,
    "non binary": Gender.NON_BINARY,
    "nonbinary": Gender.NON_BINARY,
    "nb": Gender.NON_BINARY,
    "other": Gender.SELF_DESCRIBED,
    "prefer not to say": Gender.NOT_SAID,
    "not said": Gender.NOT_SAID,
    # "Not known" is the default: it never overwrites a gender already recorded.
    "u": Gender.UNKNOWN,
    "unknown": Gender.UNKNOWN,
    "not known": Gender.UNKNOWN,
}
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
MAX_LENGTHS = {"source": 100, "source_id": 100, **dict.fromkeys(NAME_COLUMNS, 200)}
CHUNK_ROWS = 5000
# The person columns the import compares and the actions it calls read (any other is loaded
# when read, as a deferred field is).
READ_COLUMNS = (
    "id",
    *NAME_COLUMNS,
    "birth_date",
    "birth_date_precision",
    "gender",
    "version",
    "partnership_id",
    "recorded_by_agency_id",
    "merged_into_id",
    "anonymised_at",
    "restricted_at",
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not found, not UTF-8, columns missing)."""


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ParsedRow:
    """One good row, ready to save: the person fields it sets and the records it adds."""

    line: int
    source: str
    source_id: str
    fields: dict[str, Any] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    postcode: str = ""

    @property
    def has_name(self) -> bool:
        return any(self.fields.get(name) for name in NAME_COLUMNS)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


@dataclass
class CsvFile:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[RowProblem]


# Reading the file --------------------------------------------------------------------------------


def read_csv(path: Path) -> CsvFile:
    """The file's columns and its non-blank rows with their line numbers (the header is line
    1; a quoted value spanning lines counts each line). UTF-8, with or without a byte order
    mark. Raises ImportFileError for a file that cannot be read at all."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read(csv.reader(handle), path)
    except FileNotFoundError as error:
        raise ImportFileError(f"{path} does not exist: check the file name.") from error
    except IsADirectoryError as error:
        raise ImportFileError(f"{path} is a folder: give the CSV file's name.") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{path} is not UTF-8 text. Save it as “CSV UTF-8” and try again."
        ) from error
    except csv.Error as error:
        raise ImportFileError(f"{path} is not a readable CSV file: {error}.") from error


def _read(reader: Iterator[list[str]], path: Path) -> CsvFile:
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise ImportFileError(f"{path} is empty: its first line must name the columns.")
    columns = [h.strip().lower().replace(" ", "_") for h in header]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise ImportFileError(f"These columns appear more than once: {', '.join(repeated)}.")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(
            f"The file has no {' or '.join(missing)} column. The first line must name the "
            f"columns; {', '.join(REQUIRED_COLUMNS)} are required."
        )
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[RowProblem] = []
    last_line = 1
    for values in reader:
        line, last_line = last_line + 1, reader.line_num  # type: ignore[attr-defined]
        if not any(v.strip() for v in values):
            continue
        extra = values[len(columns) :]
        if any(v.strip() for v in extra):
            problems.append(
                RowProblem(
                    line,
                    f"has {len(values)} values but the first line names {len(columns)} columns",
                )
            )
            continue
        rows.append((line, {c: v for c, v in zip(columns, values, strict=False) if c}))
    return CsvFile(columns=[c for c in columns if c], rows=rows, problems=problems)


# Checking a row ----------------------------------------------------------------------------------


def parse_date(text: str) -> tuple[date, str] | None:
    """A date of birth as YYYY-MM-DD, YYYY-MM or YYYY, with its precision; None if invalid."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            return date(year, month, day), BirthDatePrecision.EXACT  # type: ignore[arg-type]
        if month is not None:
            return date(year, month, 1), BirthDatePrecision.MONTH  # type: ignore[arg-type]
        return date(year, 1, 1), BirthDatePrecision.YEAR  # type: ignore[arg-type]
    except ValueError:
        return None


def normalise_postcode(text: str) -> str | None:
    """A UK postcode in its usual form ("CV1 2GT"), or None if it is not one."""
    compact = re.sub(r"\s", "", text).upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def split_name(text: str) -> tuple[str, str]:
    """ "Jo Anne Smith" -> ("Jo Anne", "Smith"); a single word is a first name."""
    parts = text.split()
    if len(parts) == 1:
        return parts[0], ""
    return " ".join(parts[:-1]), parts[-1]


def parse_row(line: int, values: dict[str, str]) -> ParsedRow | RowProblem:
    """Check one row and turn it into what to save, or say everything wrong with it."""
    cell = {column: values.get(column, "").strip() for column in KNOWN_COLUMNS}
    problems: list[str] = []
    for column in REQUIRED_COLUMNS:
        if not cell[column]:
            problems.append(f"{column} is empty")
    for column, limit in MAX_LENGTHS.items():
        if len(cell[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    row = ParsedRow(line=line, source=cell["source"], source_id=cell["source_id"])
    for column in NAME_COLUMNS:
        if cell[column]:
            row.fields[column] = cell[column]

    if text := cell["date_of_birth"]:
        parsed = parse_date(text)
        if parsed is None:
            problems.append(f"date_of_birth '{text}' is not a date ({DATE_HELP})")
        elif parsed[0] > timezone.localdate():
            problems.append(f"date_of_birth '{text}' is in the future")
        elif parsed[0].year < 1900:
            problems.append(f"date_of_birth '{text}' is before 1900: check the year")
        else:
            row.fields["birth_date"], row.fields["birth_date_precision"] = parsed

    if text := cell["gender"]:
        gender = GENDERS.get(" ".join(text.lower().replace("_", " ").split()))
        if gender is None:
            problems.append(
                f"gender '{text}' is not recognised (use male, female, non-binary, other, "
                "prefer not to say or unknown)"
            )
        elif gender != Gender.UNKNOWN:
            row.fields["gender"] = gender

    for column, kind in (
        ("nhs_number", IdentifierKind.NHS_NUMBER),
        ("ni_number", IdentifierKind.NI_NUMBER),
    ):
        if text := cell[column]:
            problem = identifier_problem(kind, text)
            if problem:
                problems.append(f"{column} '{text}': {problem}")
            else:
                row.identifiers.append((kind, normalise_identifier(kind, text)))

    if text := cell["postcode"]:
        postcode = normalise_postcode(text)
        if postcode is None:
            problems.append(f"postcode '{text}' is not a UK postcode, like CV1 2GT")
        else:
            row.postcode = postcode

    for name in re.split(r"[;|]", cell["other_names"]):
        if not name.strip():
            continue
        if len(name.strip()) > 200:
            problems.append("other_names has a name longer than 200 characters")
        elif split_name(name) not in row.aliases:
            row.aliases.append(split_name(name))

    if problems:
        return RowProblem(line, "; ".join(problems))
    return row


# Saving ------------------------------------------------------------------------------------------


@dataclass
class _Known:
    """What is already recorded for the people in one chunk of rows (a few queries a chunk,
    so a file run again costs almost nothing)."""

    people: dict[tuple[str, str], Person]
    aliases: dict[Any, set[tuple[str, str]]]
    identifiers: dict[Any, set[tuple[str, str]]]
    postcodes: dict[Any, ContactDetail]


def _known(rows: Sequence[ParsedRow], agency: Agency) -> _Known:
    identifiers = Identifier.objects.filter(
        partnership_id=agency.partnership_id,
        kind=IdentifierKind.SOURCE_ID,
        system__in={r.source for r in rows},
        value__in={r.source_id for r in rows},
    ).values_list("system", "value", "person_id")
    by_key = {(system, value): person_id for system, value, person_id in identifiers}
    # Only what the checks below and the actions read, without Model.__init__'s per-field
    # work: a file run again loads every person in it.
    people = {
        values["id"]: import_writer.loaded_instance(Person, values)
        for values in Person.objects.filter(pk__in=set(by_key.values())).values(*READ_COLUMNS)
    }
    known = _Known(
        people={key: people[pid] for key, pid in by_key.items() if pid in people},
        aliases={pid: set() for pid in people},
        identifiers={pid: set() for pid in people},
        postcodes={},
    )
    for pid, given, family in Alias.objects.filter(person_id__in=people).values_list(
        "person_id", "given_name", "family_name"
    ):
        known.aliases[pid].add((given.lower(), family.lower()))
    for pid, kind, value in Identifier.objects.filter(person_id__in=people).values_list(
        "person_id", "kind", "value"
    ):
        known.identifiers[pid].add((kind, value))
    for detail in (
        ContactDetail.objects.filter(
            person_id__in=people, kind=ContactKind.OTHER, notes=POSTCODE_NOTE
        )
        .only("person", "value", "recorded_at")
        .order_by("recorded_at")
    ):
        known.postcodes[detail.person_id] = detail  # the newest wins
    return known


def _create(row: ParsedRow, *, agency: Agency, by: User | None, known: _Known) -> Person:
    person = create_person(agency=agency, by=by, **row.fields)
    add_identifier(
        person,
        kind=IdentifierKind.SOURCE_ID,
        system=row.source,
        value=row.source_id,
        by=by,
        agency=agency,
    )
    _add_records(person, row, agency=agency, by=by, known=known)
    return person


def _add_records(
    person: Person, row: ParsedRow, *, agency: Agency, by: User | None, known: _Known
) -> bool:
    """Add the row's other names, identifiers and postcode the person does not have yet."""
    changed = False
    names = known.aliases.setdefault(person.pk, set())
    legal = (person.given_name.lower(), person.family_name.lower())
    for given, family in row.aliases:
        if (given.lower(), family.lower()) in names or (given.lower(), family.lower()) == legal:
            continue
        add_alias(
            person, kind=AliasKind.ALIAS, given_name=given, family_name=family, by=by, agency=agency
        )
        names.add((given.lower(), family.lower()))
        changed = True
    ids = known.identifiers.setdefault(person.pk, set())
    for kind, value in row.identifiers:
        if (kind, value) not in ids:
            add_identifier(person, kind=kind, value=value, by=by, agency=agency)
            ids.add((kind, value))
            changed = True
    if row.postcode:
        current = known.postcodes.get(person.pk)
        if current is None:
            known.postcodes[person.pk] = add_contact_detail(
                person,
                kind=ContactKind.OTHER,
                value=row.postcode,
                notes=POSTCODE_NOTE,
                by=by,
                agency=agency,
            )
            changed = True
        elif current.value != row.postcode:
            current.value = row.postcode
            current.recorded_at = timezone.now()
            current.recorded_by = by
            current.save(update_fields=["value", "recorded_at", "recorded_by"])
            changed = True
    return changed


def _update(
    person: Person, row: ParsedRow, *, agency: Agency, by: User | None, known: _Known
) -> bool:
    changes = {name: value for name, value in row.fields.items() if getattr(person, name) != value}
    if changes:
        # by=None is the system itself, as for create_person.
        updated = update_person(person, version=person.version, by=by, **changes)  # type: ignore[arg-type]
        person.__dict__.update({name: getattr(updated, name) for name in (*changes, "version")})
    return _add_records(person, row, agency=agency, by=by, known=known) or bool(changes)


def _is_unchanged(person: Person, row: ParsedRow, known: _Known) -> bool:
    """True when _update would change nothing (most rows of a file run again): worked out
    without a query or a savepoint."""
    if any(getattr(person, name) != value for name, value in row.fields.items()):
        return False
    names = known.aliases.get(person.pk, set())
    legal = (person.given_name.lower(), person.family_name.lower())
    for given, family in row.aliases:
        name = (given.lower(), family.lower())
        if name not in names and name != legal:
            return False
    ids = known.identifiers.get(person.pk, set())
    if any(identifier not in ids for identifier in row.identifiers):
        return False
    if row.postcode:
        current = known.postcodes.get(person.pk)
        return current is not None and current.value == row.postcode
    return True


def _refusal(person: Person | None, row: ParsedRow) -> str | None:
    if person is None:
        if not row.has_name:
            return "no name for a new person: fill in given_name, family_name or preferred_name"
        return None
    if person.anonymised_at is not None:
        return "this source_id's record has been anonymised, so it is not changed"
    if person.restricted_at is not None:
        return "this source_id's record has its processing restricted, so it is not changed"
    return None


def _save(
    row: ParsedRow, *, agency: Agency, by: User | None, known: _Known, summary: ImportSummary
) -> None:
    person = known.people.get((row.source, row.source_id))
    refusal = _refusal(person, row)
    if refusal:
        summary.rejected.append(RowProblem(row.line, refusal))
        return
    if person is not None and _is_unchanged(person, row, known):
        summary.unchanged += 1
        return
    try:
        with transaction.atomic():  # a savepoint: a failure undoes this row only
            if person is None:
                known.people[(row.source, row.source_id)] = _create(
                    row, agency=agency, by=by, known=known
                )
                summary.created += 1
            elif _update(person, row, agency=agency, by=by, known=known):
                summary.updated += 1
            else:
                summary.unchanged += 1
    except ValidationError as error:
        summary.rejected.append(RowProblem(row.line, "; ".join(error.messages)))
    except IntegrityError:
        summary.rejected.append(
            RowProblem(
                row.line,
                "could not be saved: another import may have added this source_id at the same "
                "time; run the command again",
            )
        )


def _new_people(rows: list[ParsedRow], known: _Known) -> tuple[list[ParsedRow], list[ParsedRow]]:
    """Rows that create a person and can be inserted together (first sight of their source id,
    with a name), and the rest, which go row by row through the actions."""
    new: list[ParsedRow] = []
    rest: list[ParsedRow] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.source, row.source_id)
        if key in known.people or key in seen or not row.has_name:
            rest.append(row)
        else:
            seen.add(key)
            new.append(row)
    return new, rest


def _create_in_bulk(
    rows: list[ParsedRow], *, agency: Agency, by: User | None, known: _Known
) -> None:
    """New people with their source id, other identifiers, other names and postcode, inserted
    a chunk at a time (COPY on PostgreSQL): the same rows create_person, add_identifier,
    add_alias and add_contact_detail write (the rows were checked as those actions check),
    then each person's match keys and the change-log entries django-auditlog would have
    written. A test compares every table with what the actions write, row by row."""
    if not rows:
        return
    now = timezone.now()
    mine = {
        "recorded_by_id": by.pk if by else None,
        "recorded_by_agency_id": agency.pk,
        "recorded_at": now,
    }
    new_person = _maker(Person, partnership_id=agency.partnership_id, created_at=now,
                        updated_at=now, last_activity_at=now, recorded_by_id=mine["recorded_by_id"],
                        recorded_by_agency_id=agency.pk)  # fmt: skip
    new_identifier = _maker(Identifier, partnership_id=agency.partnership_id, **mine)
    new_alias = _maker(Alias, kind=AliasKind.ALIAS, **mine)
    new_detail = _maker(ContactDetail, kind=ContactKind.OTHER, notes=POSTCODE_NOTE, **mine)
    people: list[Any] = []
    records: dict[type, list[Any]] = {Identifier: [], Alias: [], ContactDetail: []}
    keys: list[tuple[Any, Any, str]] = []
    for row in rows:
        person = new_person(**row.fields)
        pk = person.pk
        people.append(person)
        known.people[(row.source, row.source_id)] = person
        ids = [(IdentifierKind.SOURCE_ID, row.source_id, row.source)]
        ids += [(kind, value, "") for kind, value in row.identifiers]
        records[Identifier] += [
            new_identifier(person_id=pk, kind=kind, value=value, system=system)
            for kind, value, system in ids
        ]
        known.identifiers[pk] = {(kind, value) for kind, value, _ in ids}
        # As _add_records: the first spelling of a name wins, and the legal name is no alias.
        names: dict[tuple[str, str], tuple[str, str]] = {}
        for given, family in row.aliases:
            names.setdefault((given.lower(), family.lower()), (given, family))
        names.pop((person.given_name.lower(), person.family_name.lower()), None)
        records[Alias] += [
            new_alias(person_id=pk, given_name=g, family_name=f) for g, f in names.values()
        ]
        known.aliases[pk] = set(names)
        if row.postcode:
            detail = new_detail(person_id=pk, value=row.postcode)
            records[ContactDetail].append(detail)
            known.postcodes[pk] = detail
        person_keys = keys_of(
            names_of(person.given_name, person.family_name, person.preferred_name, names.values()),
            person.birth_date,
            person.birth_date_precision,
            [value for _, value, _ in ids],
        )
        keys += [(pk, agency.partnership_id, value[:120]) for value in person_keys]
    for model, instances in ((Person, people), *records.items()):
        names_ = import_writer.columns(model)
        import_writer.insert(model, names_, [[i.__dict__[n] for n in names_] for i in instances])
        import_writer.mark_saved(instances)
    import_writer.insert(MatchKey, ("person_id", "partnership_id", "value"), keys)
    log_created([*people, *records[Identifier], *records[Alias], *records[ContactDetail]],
                insert=import_writer.insert)  # fmt: skip


def _maker(model: type[Any], **fixed: Any) -> Callable[..., Any]:
    """A function making unsaved `model` instances: the model's defaults (worked out once, a
    new primary key each), then `fixed`, then its own keyword arguments."""
    defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    defaults.update(fixed)
    pk = model._meta.pk.attname

    def make(**values: Any) -> Any:
        row = dict(defaults)
        row.update(values)
        row[pk] = uuid4()
        return import_writer.new_instance(model, row)

    return make


def import_people(
    csv_file: CsvFile,
    *,
    agency: Agency,
    by: User | None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import every good row of `csv_file` as people recorded by `agency` (acting: `by`, or the
    system when None), and report every bad row. With `dry_run`, nothing is saved but the
    counts are exactly what a real run would give. `progress(done, total)` is called as rows
    are processed."""
    summary = ImportSummary(
        rejected=list(csv_file.problems),
        ignored_columns=[c for c in csv_file.columns if c not in KNOWN_COLUMNS],
    )
    total = len(csv_file.rows) + len(csv_file.problems)
    done = len(csv_file.problems)
    # A real run commits chunk by chunk (a run stopped half-way can simply be run again); a dry
    # run does everything inside one transaction and rolls it back.
    with transaction.atomic() if dry_run else nullcontext():
        for start in range(0, len(csv_file.rows), CHUNK_ROWS):
            chunk = [
                (line, parse_row(line, values))
                for line, values in csv_file.rows[start : start + CHUNK_ROWS]
            ]
            rows = [row for _, row in chunk if isinstance(row, ParsedRow)]
            summary.rejected.extend(row for _, row in chunk if isinstance(row, RowProblem))
            done += len(chunk) - len(rows)
            with transaction.atomic():
                known = _known(rows, agency)
                new, rest = _new_people(rows, known)
                try:
                    with transaction.atomic():  # a savepoint for the bulk insert
                        _create_in_bulk(new, agency=agency, by=by, known=known)
                    summary.created += len(new)
                    done += len(new)
                except IntegrityError:
                    # Another import added one of these meanwhile: look again, then row by row.
                    known = _known(rows, agency)
                    rest = sorted(new + rest, key=lambda row: row.line)
                for row in rest:
                    _save(row, agency=agency, by=by, known=known, summary=summary)
                    done += 1
                    if progress is not None:
                        progress(done, total)
            if progress is not None:
                progress(done, total)
        if dry_run:
            transaction.set_rollback(True)
    summary.rejected.sort(key=lambda problem: problem.line)
    return summary


def check_importer(by: User, agency: Agency) -> None:
    """Refuse an acting user who may not record people's identity and contact details at
    `agency` (the actions check the same for each record)."""
    roles = (
        Membership.objects.active().filter(user=by, agency=agency).values_list("role", flat=True)
    )
    needed = {Section.IDENTITY, Section.CONTACT}
    if not any(needed <= ROLE_SECTIONS.get(role, frozenset()) for role in roles):
        raise PermissionDenied
