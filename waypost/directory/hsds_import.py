"""Load an Open Referral HSDS 3 dataset (JSON) into one partnership's service directory.

A file holds one record or a list of them: an organisation, a service, a service at location, a
location, a taxonomy or a taxonomy term, fully nested or as list items, alone, in a JSON list,
or in an API `Page` (`{"contents": [...]}`). A list is imported taxonomies first, then
organisations, locations, services and services at locations, so a record may name another
by id wherever it stands. What each field must be is in waypost.directory.hsds_fields.

The rules, so that a file can be run again and again:

- Records are found again by their HSDS id (core records use it as their primary key), so a
  second run creates nothing and, when nothing changed, changes nothing.
- A record's own fields are replaced by the file's: a field left out is emptied (HSDS leaves
  empty fields out). A list of small nested records (phones, schedules, contacts, languages,
  addresses, accessibility, cost options, categories) is replaced when the file gives the
  list and left alone when it does not, so a page of list items updates services without
  wiping their phones. A service's `service_at_locations`, when given, is the whole list: a
  service no longer given at a place stops being given there. An organisation's `locations`
  and `services` are added or updated, never deleted.
- What professionals alone see is never touched: contacts marked `internal`, a service's
  `referral_route`, schedules for bank holidays only, closures, areas.
- Parts of HSDS Waypost keeps but does not use (funding, programs, service areas, required
  documents, organisation identifiers, metadata, attributes on anything but a service, ids
  of a nested record's parent) go into the record's `hsds_extra` as they came, and come back
  out of the API.
- Attributes of a service: terms from Waypost's eligibility taxonomy set its eligibility
  columns; other terms become its categories (a nested `taxonomy_term` and its
  `taxonomy_detail` are added or updated too, except Waypost's own, which an import never
  changes); an attribute whose term is not known is kept as it came.

Everything that could not be used is reported with its JSON path: fields that are not HSDS 3,
values of the wrong type or too long, records with no id or no name, a service with no
organisation, ids another partnership already uses, a latitude or longitude that is not a real
place (kept, but not used for distances). One transaction per file; a dry run rolls back.
"""

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.directory.hsds_fields import (
    FIELDS,
    NESTED,
    PARENT_FIELD,
    STRUCTURE,
    Child,
    Wrong,
    columns,
    extra_keys,
)
from waypost.directory.models import (
    Access,
    GenderServed,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
    waypost_uuid,
)
from waypost.directory.terms import TAXONOMIES, taxonomy_id, term_id

# The kinds of record a file may hold, as the summary names them; then the order a list is
# imported in (what others name by id first).
KIND_NAMES = {
    "organization": ("organisation", "organisations"),
    "location": ("location", "locations"),
    "service": ("service", "services"),
    "service_at_location": ("service at location", "services at locations"),
    "taxonomy": ("taxonomy", "taxonomies"),
    "taxonomy_term": ("taxonomy term", "taxonomy terms"),
}
TOP_LEVEL_ORDER = (
    "taxonomy",
    "taxonomy_term",
    "organization",
    "location",
    "service",
    "service_at_location",
)
# Fields only a taxonomy term has, and all a taxonomy may have (`version` tells it from a bare
# organisation, which shares the rest).
TERM_ONLY = frozenset({"code", "parent_id", "taxonomy", "taxonomy_detail", "taxonomy_id"})
TAXONOMY_FIELDS = frozenset({"id", "name", "description", "uri", "version", "metadata"})

WAYPOST_TAXONOMY_IDS = frozenset(taxonomy_id(code) for code in TAXONOMIES)
ELIGIBILITY_COLUMNS: dict[Any, tuple[str, Any]] = {
    term_id("women-only"): ("gender", GenderServed.WOMEN),
    term_id("men-only"): ("gender", GenderServed.MEN),
    term_id("no-recourse-accepted"): ("accepts_no_recourse", True),
    term_id("local-connection-needed"): ("needs_local_connection", True),
    term_id("walk-in"): ("access", Access.WALK_IN),
    term_id("walk-in-or-referral"): ("access", Access.WALK_IN_OR_REFERRAL),
    term_id("appointment"): ("access", Access.APPOINTMENT),
    term_id("referral-needed"): ("access", Access.REFERRAL),
}
ELIGIBILITY_DEFAULTS = {
    "gender": GenderServed.ANYONE,
    "accepts_no_recourse": False,
    "needs_local_connection": False,
    "access": Access.WALK_IN,
}


class ImportFileError(Exception):
    """The file cannot be read as JSON at all."""


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class ImportReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        """One line per kind of record, like "services: 1 created, 0 updated, 2 unchanged"."""
        lines = []
        for kind, (_, plural) in KIND_NAMES.items():
            counts = (self.created[kind], self.updated[kind], self.unchanged[kind])
            if any(counts):
                lines.append(
                    f"{plural}: {counts[0]} created, {counts[1]} updated, {counts[2]} unchanged"
                )
        if not lines:
            lines.append("nothing imported")
        return "\n".join(lines)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


RANK = {"unchanged": 0, "updated": 1, "created": 2}


# ---------------------------------------------------------------------------------------------
# The import


def read_hsds_file(path: Path) -> Any:
    """The file's JSON. Not-a-number and infinity are refused: they are not JSON."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}.") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path.name} is not UTF-8 text.") from None
    except ValueError as error:
        raise ImportFileError(f"{path.name} is not valid JSON: {error}") from None


def import_hsds(data: Any, *, partnership: Partnership, dry_run: bool = False) -> ImportReport:
    """Import an HSDS 3 dataset (parsed JSON) into `partnership`'s directory, in one
    transaction (rolled back when `dry_run`). Idempotent; see the module docstring."""
    importer = _Importer(partnership)
    with transaction.atomic():
        importer.run(data)
        if dry_run:
            transaction.set_rollback(True)
    return importer.report(dry_run=dry_run)


def kind_of(record: dict[str, Any]) -> str | None:
    """What a top-level record is, by the fields each kind requires or alone has."""
    if "location_type" in record:
        return "location"
    if "status" in record:
        return "service"
    if any(key in record for key in ("service", "location", "service_id", "location_id")):
        return "service_at_location"
    if TERM_ONLY & record.keys():
        return "taxonomy_term"
    if "version" in record and record.keys() <= TAXONOMY_FIELDS:
        return "taxonomy"
    if "name" in record:
        return "organization"
    return None


class _Importer:
    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.problems: list[Problem] = []
        self.outcomes: dict[tuple[str, Any], str] = {}
        # Records met already in this file: a record nested in several places is imported
        # where it is first met, and later copies only point at it.
        self.done: dict[tuple[str, Any], Any] = {}
        self.first_seen: dict[tuple[str, Any], dict[str, Any]] = {}

    # -- reporting

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def outcome(self, kind: str, pk: Any, result: str) -> None:
        key = (kind, pk)
        if RANK[result] >= RANK.get(self.outcomes.get(key, "unchanged"), 0):
            self.outcomes[key] = result

    def report(self, *, dry_run: bool) -> ImportReport:
        report = ImportReport(problems=self.problems, dry_run=dry_run)
        for (kind, _), result in self.outcomes.items():
            getattr(report, result)[kind] += 1
        return report

    # -- the file

    def run(self, data: Any) -> None:
        if isinstance(data, dict) and "contents" in data:
            items = data["contents"]
            if not isinstance(items, list):
                self.problem("$.contents", "should be a list of records")
                return
            paths = [f"$.contents[{i}]" for i in range(len(items))]
        elif isinstance(data, list):
            items, paths = data, [f"$[{i}]" for i in range(len(data))]
        elif isinstance(data, dict):
            items, paths = [data], ["$"]
        else:
            self.problem("$", "should be an HSDS record, a list of them or a page")
            return
        found: list[tuple[str, str, dict[str, Any]]] = []
        for path, item in zip(paths, items, strict=True):
            kind = kind_of(item) if isinstance(item, dict) else None
            if kind is None:
                self.problem(
                    path,
                    "is not an organisation, service, service at location, location, taxonomy or "
                    "taxonomy term: left out",
                )
                continue
            found.append((kind, path, item))
        found.sort(key=lambda entry: TOP_LEVEL_ORDER.index(entry[0]))
        for kind, path, item in found:
            getattr(self, kind)(item, path)

    # -- shared steps

    def _id(self, data: dict[str, Any], path: str, kind: str) -> uuid.UUID | None:
        raw = data.get("id")
        if raw is None:
            self.problem(path, f"this {KIND_NAMES[kind][0]} has no id: left out")
            return None
        try:
            return uuid.UUID(str(raw))
        except ValueError:
            self.problem(f"{path}.id", f"should be a UUID: this {KIND_NAMES[kind][0]} left out")
            return None

    def _seen(self, kind: str, pk: Any, data: dict[str, Any], path: str) -> bool:
        """Whether this record was met earlier in the file (and say so if it differs)."""
        key = (kind, pk)
        links = STRUCTURE.get(kind, frozenset())  # a copy inside its parent leaves these out
        scalars = {
            k: v for k, v in data.items() if not isinstance(v, list | dict) and k not in links
        }
        if key not in self.done:
            self.first_seen[key] = scalars
            return False
        if scalars != self.first_seen[key]:
            self.problem(
                path,
                f"this {KIND_NAMES[kind][0]} appears earlier in the file with different "
                "values: the first is used",
            )
        return True

    def _values(
        self, kind: str, data: dict[str, Any], path: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The columns the file gives (defaults where it gives nothing or something wrong)
        and what is kept in hsds_extra; unknown fields reported."""
        values: dict[str, Any] = {}
        for key, spec in FIELDS[kind].items():
            raw = data.get(key)
            if raw is None:
                values[spec.column] = spec.default
                if spec.required:
                    self.problem(f"{path}.{key}", "is required by HSDS but missing")
                continue
            try:
                values[spec.column] = spec.parse(raw)
            except Wrong as wrong:
                self.problem(f"{path}.{key}", f"{wrong}: left out")
                values[spec.column] = spec.default
        kept_keys = extra_keys(kind)
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in kept_keys:
                if _has_nul(value):
                    self.problem(f"{path}.{key}", "holds a NUL character: left out")
                else:
                    extra[key] = value
            elif key not in FIELDS[kind] and key not in STRUCTURE.get(kind, {"id"}):
                self.problem(f"{path}.{key}", "is not an HSDS 3 field: left out")
        return values, extra

    def _save(
        self,
        model: type[models.Model],
        existing: Any,
        pk: Any,
        values: dict[str, Any],
        extra: dict[str, Any],
        data: dict[str, Any],
        **create: Any,
    ) -> tuple[Any, bool]:
        """Create the record, or update the columns that differ. Lists kept in hsds_extra
        that the file leaves out stay (module docstring). (record, whether it changed)"""
        if existing is None:
            record = model.objects.create(pk=pk, hsds_extra=extra, **values, **create)
            return record, True
        kept = {
            k: v for k, v in existing.hsds_extra.items() if isinstance(v, list) and k not in data
        }
        values = values | {"hsds_extra": kept | extra}
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        if not changed:
            return existing, False
        for name in changed:
            setattr(existing, name, values[name])
        existing.save()
        return existing, True

    def _touch(self, record: Any) -> None:
        """A changed record: a new version (so an open edit form sees it) and, where the
        file did not say when, the time it changed."""
        fields = []
        if hasattr(record, "version"):
            record.version += 1
            fields.append("version")
        if hasattr(record, "last_modified"):
            record.last_modified = timezone.now()
            fields.append("last_modified")
        if fields:
            record.save(update_fields=fields)

    def _list(self, data: dict[str, Any], key: str, path: str) -> list[Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", "should be a list: left out")
            return None
        return value

    def _find(
        self, model: type[models.Model], data: dict[str, Any], key: str, path: str, kind: str
    ) -> Any:
        """A record this partnership already has, named by an id field like location_id."""
        raw = data.get(key)
        try:
            pk = uuid.UUID(str(raw))
        except ValueError:
            self.problem(f"{path}.{key}", "should be a UUID: left out")
            return None
        if (kind, pk) in self.done:
            return self.done[(kind, pk)]
        found = model.objects.filter(pk=pk, partnership=self.partnership).first()
        if found is None:
            self.problem(
                f"{path}.{key}", f"no {KIND_NAMES[kind][0]} of this partnership has this id"
            )
        return found

    def _foreign(self, path: str, kind: str) -> None:
        self.problem(
            f"{path}.id",
            f"another partnership's {KIND_NAMES[kind][0]} has this id: left alone",
        )

    # -- small nested records

    def _children(self, key: str, items: list[Any], path: str) -> list[Child]:
        nested = NESTED[key]
        children = []
        for i, item in enumerate(items):
            here = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.problem(here, "should be an object: left out")
                continue
            values, extra = self._values(nested.kind, item, here)
            values["uid"] = self._uid(item, here)
            values["hsds_extra"] = extra
            lists = {}
            for inner in nested.lists:
                inner_items = self._list(item, inner, here) or []
                lists[inner] = self._children(inner, inner_items, f"{here}.{inner}")
            children.append(Child(nested.model, values, lists))
        return children

    def _uid(self, item: dict[str, Any], path: str) -> uuid.UUID:
        raw = item.get("id")
        if raw is not None:
            try:
                return uuid.UUID(str(raw))
            except ValueError:
                pass
        # The same id on every run, so the record is found again.
        self.problem(f"{path}.id", "missing or not a UUID: an id was made for it")
        return waypost_uuid(f"hsds-import:{self.partnership.pk}:{path}:{raw}")

    def _stored(self, parent: Any, key: str) -> list[Child]:
        nested = NESTED[key]
        names = columns(nested.kind)
        return [
            Child(
                nested.model,
                {name: getattr(row, name) for name in names},
                {inner: self._stored(row, inner) for inner in nested.lists},
            )
            for row in _replaceable(parent, key).order_by("id")
        ]

    def _create(self, parent: Any, children: list[Child]) -> None:
        link = PARENT_FIELD[type(parent)]
        for child in children:
            row = child.model.objects.create(**{link: parent}, **child.values)
            for inner in child.lists.values():
                self._create(row, inner)

    def _replace(self, parent: Any, data: dict[str, Any], path: str, keys: Iterable[str]) -> bool:
        """Replace each nested list the file gives, if it differs. Whether anything did."""
        changed = False
        for key in keys:
            items = self._list(data, key, path)
            if items is None:
                continue
            wanted = self._children(key, items, f"{path}.{key}")
            if wanted == self._stored(parent, key):
                continue
            _replaceable(parent, key).delete()
            self._create(parent, wanted)
            changed = True
        return changed

    # -- taxonomies and attributes

    def taxonomy(self, data: dict[str, Any], path: str) -> Taxonomy | None:
        pk = self._id(data, path, "taxonomy")
        if pk is None:
            return None
        if self._seen("taxonomy", pk, data, path):
            return self.done[("taxonomy", pk)]  # type: ignore[no-any-return]
        existing = Taxonomy.objects.filter(pk=pk).first()
        if pk in WAYPOST_TAXONOMY_IDS and existing is not None:
            self.done[("taxonomy", pk)] = existing  # Waypost's own: never changed by an import
            return existing
        values, extra = self._values("taxonomy", data, path)
        record, changed = self._save(Taxonomy, existing, pk, values, extra, data)
        self.outcome("taxonomy", pk, _result(existing, changed))
        self.done[("taxonomy", pk)] = record
        return record

    def taxonomy_term(self, data: dict[str, Any], path: str) -> TaxonomyTerm | None:
        pk = self._id(data, path, "taxonomy_term")
        if pk is None:
            return None
        if self._seen("taxonomy_term", pk, data, path):
            return self.done[("taxonomy_term", pk)]  # type: ignore[no-any-return]
        existing = TaxonomyTerm.objects.filter(pk=pk).first()
        if existing is not None and existing.taxonomy_id in WAYPOST_TAXONOMY_IDS:
            self.done[("taxonomy_term", pk)] = existing
            return existing
        values, extra = self._values("taxonomy_term", data, path)
        values["taxonomy_id"] = None
        if isinstance(data.get("taxonomy_detail"), dict):
            taxonomy = self.taxonomy(data["taxonomy_detail"], f"{path}.taxonomy_detail")
            values["taxonomy_id"] = taxonomy.pk if taxonomy else None
        elif data.get("taxonomy_id") is not None:
            known = _uuid_or_none(data["taxonomy_id"])
            if known is not None and Taxonomy.objects.filter(pk=known).exists():
                values["taxonomy_id"] = known
            else:
                self.problem(f"{path}.taxonomy_id", "no taxonomy has this id: kept as given")
                extra["taxonomy_id"] = data["taxonomy_id"]
        values["parent_id"], values["parent_uid"] = None, ""
        if data.get("parent_id") is not None:
            parent = _uuid_or_none(data["parent_id"])
            if parent is None:
                self.problem(f"{path}.parent_id", "should be a UUID: left out")
            elif parent != pk and TaxonomyTerm.objects.filter(pk=parent).exists():
                values["parent_id"] = parent
            else:  # a parent this installation does not hold: kept as given
                values["parent_uid"] = str(data["parent_id"])
        record, changed = self._save(TaxonomyTerm, existing, pk, values, extra, data)
        self.outcome("taxonomy_term", pk, _result(existing, changed))
        self.done[("taxonomy_term", pk)] = record
        return record

    def _attributes(
        self, items: list[Any], path: str
    ) -> tuple[dict[str, Any], list[Child], list[Any]]:
        """A service's attributes: (eligibility columns, categories, attributes kept as
        they came because their term is not known)."""
        columns: dict[str, Any] = dict(ELIGIBILITY_DEFAULTS)
        said: dict[str, str] = {}
        categories: list[Child] = []
        kept: list[Any] = []
        for i, item in enumerate(items):
            here = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.problem(here, "should be an object: left out")
                continue
            term_data = item.get("taxonomy_term")
            raw = item.get("taxonomy_term_id")
            if raw is None and isinstance(term_data, dict):
                raw = term_data.get("id")
            term_pk = _uuid_or_none(raw)
            if term_pk in ELIGIBILITY_COLUMNS:
                column, value = ELIGIBILITY_COLUMNS[term_pk]
                if column in said and columns[column] != value:
                    self.problem(here, f"contradicts {said[column]}: left out")
                    continue
                columns[column], said[column] = value, here
                continue
            term = None
            if isinstance(term_data, dict):
                term = self.taxonomy_term(term_data, f"{here}.taxonomy_term")
            elif term_pk is not None:
                term = TaxonomyTerm.objects.filter(pk=term_pk).first()
            if term is None:
                self.problem(here, "its taxonomy term is not known: kept as it came")
                kept.append(item)
                continue
            if any(c.values["taxonomy_term_id"] == term.pk for c in categories):
                self.problem(here, "repeats a term the service already has: kept as it came")
                kept.append(item)
                continue
            values, extra = self._values("attribute", item, here)
            values |= {
                "uid": self._uid(item, here),
                "taxonomy_term_id": term.pk,
                "hsds_extra": extra,
            }
            categories.append(Child(ServiceAttribute, values))
        return columns, categories, kept

    def _stored_categories(self, service: Service) -> list[Child]:
        names = [*columns("attribute"), "taxonomy_term_id"]
        return [
            Child(ServiceAttribute, {name: getattr(row, name) for name in names})
            for row in service.attributes.order_by("id")
        ]

    # -- core records

    def organization(self, data: dict[str, Any], path: str) -> Organization | None:
        pk = self._id(data, path, "organization")
        if pk is None:
            return None
        if self._seen("organization", pk, data, path):
            return self.done[("organization", pk)]  # type: ignore[no-any-return]
        self.done[("organization", pk)] = None
        existing = Organization.objects.filter(pk=pk).first()
        if existing is not None and existing.partnership_id != self.partnership.pk:
            self._foreign(path, "organization")
            return None
        values, extra = self._values("organization", data, path)
        if not values["name"]:
            self.problem(path, "this organisation has no name: left out")
            return None
        org, changed = self._save(
            Organization, existing, pk, values, extra, data, partnership=self.partnership
        )
        self.done[("organization", pk)] = org
        if self._replace(org, data, path, ("contacts", "phones")):
            changed = True
        if changed and existing is not None:
            self._touch(org)
        self.outcome("organization", pk, _result(existing, changed))
        for i, item in enumerate(self._list(data, "locations", path) or []):
            self._nested(item, f"{path}.locations[{i}]", self.location, organization=org)
        for i, item in enumerate(self._list(data, "services", path) or []):
            self._nested(item, f"{path}.services[{i}]", self.service, organization=org)
        return org

    def _nested(self, item: Any, path: str, load: Callable[..., Any], **links: Any) -> Any:
        if not isinstance(item, dict):
            self.problem(path, "should be an object: left out")
            return None
        return load(item, path, **links)

    def location(
        self, data: dict[str, Any], path: str, organization: Organization | None = None
    ) -> Location | None:
        pk = self._id(data, path, "location")
        if pk is None:
            return None
        if self._seen("location", pk, data, path):
            met: Location | None = self.done[("location", pk)]
            # Met first where the file did not say whose it is (inside a service at location).
            if met is not None and organization is not None and met.organization != organization:
                met.organization = organization
                met.save(update_fields=["organization"])
                self.outcome("location", pk, "updated")
            return met
        self.done[("location", pk)] = None
        existing = Location.objects.filter(pk=pk).first()
        if existing is not None and existing.partnership_id != self.partnership.pk:
            self._foreign(path, "location")
            return None
        values, extra = self._values("location", data, path)
        # The organisation it belongs to, when the file says; otherwise as it was.
        if organization is not None:
            values["organization_id"] = organization.pk
        elif data.get("organization_id") is not None:
            found = self._find(Organization, data, "organization_id", path, "organization")
            if found is not None:
                values["organization_id"] = found.pk
        for key, limit in (("latitude", 90), ("longitude", 180)):
            value = values[key]
            if value is not None and not -limit <= value <= limit:
                self.problem(
                    f"{path}.{key}",
                    f"is outside -{limit} to {limit}: kept, but not used for distances",
                )
        location, changed = self._save(
            Location, existing, pk, values, extra, data, partnership=self.partnership
        )
        self.done[("location", pk)] = location
        keys = ("languages", "addresses", "contacts", "accessibility", "phones", "schedules")
        if self._replace(location, data, path, keys):
            changed = True
        if changed and existing is not None:
            self._touch(location)
        self.outcome("location", pk, _result(existing, changed))
        return location

    def service(
        self, data: dict[str, Any], path: str, organization: Organization | None = None
    ) -> Service | None:
        pk = self._id(data, path, "service")
        if pk is None:
            return None
        if self._seen("service", pk, data, path):
            return self.done[("service", pk)]  # type: ignore[no-any-return]
        self.done[("service", pk)] = None
        existing = Service.objects.filter(pk=pk).select_related("organization").first()
        if existing is not None and existing.partnership_id != self.partnership.pk:
            self._foreign(path, "service")
            return None
        org = organization
        if org is None and isinstance(data.get("organization"), dict):
            org = self.organization(data["organization"], f"{path}.organization")
        elif org is None and data.get("organization_id") is not None:
            org = self._find(Organization, data, "organization_id", path, "organization")
        elif org is None and existing is not None:
            org = existing.organization
        if org is None:
            self.problem(path, "this service has no organisation this partnership has: left out")
            return None
        values, extra = self._values("service", data, path)
        if not values["name"]:
            self.problem(path, "this service has no name: left out")
            return None
        low, high = values["minimum_age"], values["maximum_age"]
        if low is not None and high is not None and high < low:
            self.problem(f"{path}.maximum_age", "is below minimum_age: both left out")
            values["minimum_age"] = values["maximum_age"] = None
        given_when = values.pop("last_modified")
        if given_when is not None:
            # HSDS carries milliseconds: Waypost's own time, read back, is the same time.
            if existing is not None and _to_ms(existing.last_modified) == _to_ms(given_when):
                given_when = existing.last_modified
            values["last_modified"] = given_when
        values["organization_id"] = org.pk
        categories: list[Child] | None = None
        attributes = self._list(data, "attributes", path)
        if attributes is not None:
            columns, categories, kept = self._attributes(attributes, f"{path}.attributes")
            values |= columns
            if kept:
                extra["attributes"] = kept
        service, changed = self._save(
            Service, existing, pk, values, extra, data, partnership=self.partnership
        )
        self.done[("service", pk)] = service
        keys = ("phones", "schedules", "languages", "cost_options", "contacts")
        if self._replace(service, data, path, keys):
            changed = True
        if categories is not None and categories != self._stored_categories(service):
            service.attributes.all().delete()
            self._create(service, categories)
            changed = True
        if self._services_at_locations(service, data, path):
            changed = True
        if changed and existing is not None:
            self._touch_service(service, given_when)
        self.outcome("service", pk, _result(existing, changed))
        return service

    def _touch_service(self, service: Service, given_when: datetime | None) -> None:
        service.version += 1
        service.last_modified = given_when or timezone.now()
        service.save(update_fields=["version", "last_modified"])

    def _services_at_locations(self, service: Service, data: dict[str, Any], path: str) -> bool:
        """The service's places, when the file lists them: a place left out is dropped.
        Whether a place was dropped (added and changed ones count themselves)."""
        items = self._list(data, "service_at_locations", path)
        if items is None:
            return False
        listed = set()
        for i, item in enumerate(items):
            here = f"{path}.service_at_locations[{i}]"
            if isinstance(item, dict) and _uuid_or_none(item.get("id")) is not None:
                listed.add(_uuid_or_none(item.get("id")))
            self._nested(item, here, self.service_at_location, service=service)
        dropped = service.at_locations.exclude(pk__in=listed)
        if not dropped.exists():
            return False
        dropped.delete()
        return True

    def service_at_location(
        self, data: dict[str, Any], path: str, service: Service | None = None
    ) -> ServiceAtLocation | None:
        kind = "service_at_location"
        pk = self._id(data, path, kind)
        if pk is None:
            return None
        if self._seen(kind, pk, data, path):
            return self.done[(kind, pk)]  # type: ignore[no-any-return]
        self.done[(kind, pk)] = None
        existing = ServiceAtLocation.objects.filter(pk=pk).select_related("service").first()
        if existing is not None and existing.service.partnership_id != self.partnership.pk:
            self._foreign(path, kind)
            return None
        location: Location | None = None
        if isinstance(data.get("location"), dict):
            location = self.location(data["location"], f"{path}.location")
        elif data.get("location_id") is not None:
            location = self._find(Location, data, "location_id", path, "location")
        elif existing is not None:
            location = existing.location
        if service is None and isinstance(data.get("service"), dict):
            service = self.service(data["service"], f"{path}.service")
        elif service is None and data.get("service_id") is not None:
            service = self._find(Service, data, "service_id", path, "service")
        elif service is None and existing is not None:
            service = existing.service
        if location is None or service is None:
            self.problem(path, "needs a service and a location this partnership has: left out")
            return None
        elsewhere = ServiceAtLocation.objects.filter(service=service, location=location)
        if elsewhere.exclude(pk=pk).exists():
            self.problem(
                f"{path}.id",
                "this service is already given at this location under another id: left out",
            )
            return None
        values, extra = self._values(kind, data, path)
        values |= {"service_id": service.pk, "location_id": location.pk}
        sal, changed = self._save(ServiceAtLocation, existing, pk, values, extra, data)
        self.done[(kind, pk)] = sal
        if self._replace(sal, data, path, ("contacts", "phones", "schedules")):
            changed = True
        self.outcome(kind, pk, _result(existing, changed))
        return sal


def _replaceable(parent: Any, key: str) -> models.QuerySet[Any]:
    """The nested records an import may replace: never those for professionals only, nor
    bank-holiday hours (HSDS cannot carry them)."""
    rows: models.QuerySet[Any] = getattr(parent, key).all()
    if key == "contacts":
        rows = rows.filter(internal=False)
    elif key == "schedules":
        rows = rows.filter(bank_holidays_only=False)
    return rows


def _result(existing: Any, changed: bool) -> str:
    if existing is None:
        return "created"
    return "updated" if changed else "unchanged"


def _to_ms(at: datetime) -> datetime:
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _has_nul(value: Any) -> bool:
    """PostgreSQL cannot store a NUL character in text or JSON."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False
