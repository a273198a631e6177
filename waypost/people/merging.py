"""Merging two records of the same person, and undoing a merge.

A merge keeps one record (`kept`) and folds the other (`merged`) into it: the kept record takes
the chosen value of each field, every record about the merged person in every app moves to the
kept one, and the merged record stays behind as a redirect (`merged_into`) whose name becomes an
alias. The Merge row holds everything needed to undo it exactly: the kept record's values
before, which rows moved, which "current" flags were cleared, and what the merge created.

The Merge row is the audit record of both the merge and its undoing (who, when, what); each
also writes a django-auditlog entry for the Merge so the change log shows them beside other
changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel, ManyToManyRel, Q
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.audit.models import Section
from waypost.people.actions import EditConflict
from waypost.people.models import (
    Alias,
    AliasKind,
    BirthDatePrecision,
    DuplicatePair,
    DuplicateStatus,
    Merge,
    Person,
)
from waypost.people.signals import records_moved
from waypost.sharing.policy import PersonAccess, access_for, active_memberships

if TYPE_CHECKING:
    from waypost.accounts.models import User

# Merging decides whose records are whose across the partnership: casework leads only.
MERGING_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER})

KEPT = "kept"
MERGED = "merged"


@dataclass(frozen=True)
class FieldGroup:
    """Fields on the person row chosen together (a date of birth and its precision go as one)."""

    name: str
    label: str
    fields: tuple[str, ...]
    section: Section


FIELD_GROUPS: tuple[FieldGroup, ...] = (
    FieldGroup("given_name", "First name", ("given_name",), Section.IDENTITY),
    FieldGroup("family_name", "Last name", ("family_name",), Section.IDENTITY),
    FieldGroup("preferred_name", "Name they use", ("preferred_name",), Section.IDENTITY),
    FieldGroup(
        "birth_date",
        "Date of birth",
        ("birth_date", "birth_date_precision", "estimated_age_years", "estimated_on"),
        Section.IDENTITY,
    ),
    FieldGroup("gender", "Gender", ("gender", "gender_self_description"), Section.IDENTITY),
    FieldGroup("pronouns", "Pronouns", ("pronouns",), Section.IDENTITY),
    FieldGroup("ethnicity", "Ethnicity", ("ethnicity",), Section.IDENTITY),
    FieldGroup("nationality", "Nationality", ("nationality",), Section.IDENTITY),
    FieldGroup("first_language", "First language", ("first_language",), Section.IDENTITY),
    FieldGroup(
        "needs_interpreter", "Needs an interpreter", ("needs_interpreter",), Section.IDENTITY
    ),
    FieldGroup(
        "immigration_status", "Immigration status", ("immigration_status",), Section.IMMIGRATION
    ),
    FieldGroup("public_funds", "Recourse to public funds", ("public_funds",), Section.IMMIGRATION),
    FieldGroup(
        "local_connection",
        "Local connection",
        ("local_connection", "local_connection_area"),
        Section.HOUSING_HISTORY,
    ),
    # The lead worker is shown to all partnership staff; choosing it needs identity access.
    FieldGroup("lead_worker", "Lead worker", ("lead_worker_id",), Section.IDENTITY),
)
GROUPS_BY_NAME = {group.name: group for group in FIELD_GROUPS}
ALL_FIELDS: tuple[str, ...] = tuple(f for group in FIELD_GROUPS for f in group.fields)

# Relations to Person that are bookkeeping about the records, not records about the person:
# they stay exactly where they are. Every other foreign key to Person, in every app (including
# related_name="+" ones and many-to-many tables), moves to the kept record.
STAYS = frozenset(
    {
        "people.Person.merged_into",  # earlier merges into the merged record keep their redirect
        "people.Merge.kept",  # the merge history itself: undoing needs it as it was
        "people.Merge.merged",
        "people.DuplicatePair.first",  # the review queue's findings about these two records
        "people.DuplicatePair.second",
        "people.MatchKey.person",  # derived: index_person rebuilds both records' keys
        "outreach.BeddedDownMonth.person",  # derived: rebuilt on records_moved
    }
)

# "One current per person" rows: when both people have a current one, the kept person's stays
# current and the moved one becomes history (the undo makes it current again).
CURRENT_FLAGS: dict[str, str] = {
    "sharing.SharingPermission.person": "is_current",
    "sharing.LawfulBasis.person": "is_current",
}

_UNKNOWN_VALUES = frozenset({"", "unknown"})
_PRECISION_RANK = {
    BirthDatePrecision.EXACT: 4,
    BirthDatePrecision.MONTH: 3,
    BirthDatePrecision.YEAR: 2,
    BirthDatePrecision.ESTIMATED: 1,
    BirthDatePrecision.UNKNOWN: 0,
}


class UnmergeNeedsConfirmation(Exception):
    """Fields the merge set have been changed since; the user must confirm before undoing."""

    def __init__(self, labels: list[str]) -> None:
        super().__init__("changed since the merge")
        self.labels = labels


# Who may merge ---------------------------------------------------------------------------------


def merging_memberships(memberships: Iterable[Membership]) -> list[Membership]:
    """The memberships through which a user may merge: coordinator and caseworker roles."""
    return [m for m in memberships if m.role in MERGING_ROLES]


def sees_identity(access: PersonAccess, person: Person) -> bool:
    """Whether the user sees the person's own identity fields (their name and date of birth),
    not just identity records their agency added."""
    return access.can_see(Section.IDENTITY, person.recorded_by_agency_id)


def sees_group(access: PersonAccess, person: Person, group: FieldGroup) -> bool:
    return access.can_see(group.section, person.recorded_by_agency_id)


def _merge_access(by: "User", person: Person) -> PersonAccess:
    """The acting user's access to `person` through their merging roles, or PermissionDenied."""
    access = access_for(by, person, merging_memberships(active_memberships(by)))
    if not access.knows_exists or not sees_identity(access, person):
        raise PermissionDenied
    return access


# Field values ----------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _python(name: str, value: Any) -> Any:
    return Person._meta.get_field(name).to_python(value)


def field_values(person: Person) -> dict[str, Any]:
    """The person's mergeable field values in JSON form (dates as ISO text, ids as strings)."""
    return {name: _json(getattr(person, name)) for name in ALL_FIELDS}


def person_from_values(values: dict[str, Any], *, like: Person) -> Person:
    """An unsaved copy of `like` with these field values (from Merge.kept_before or kept_after),
    to show them as the person page would."""
    copy = Person(pk=like.pk, partnership_id=like.partnership_id)
    for name in ALL_FIELDS:
        setattr(copy, name, _python(name, values.get(name)))
    return copy


def changed_by_merge(merge: Merge) -> list[FieldGroup]:
    """The groups whose value the merge changed on the kept record."""
    before, after = merge.kept_before, merge.moved.get("kept_after", {})
    return [g for g in FIELD_GROUPS if any(before.get(f) != after.get(f) for f in g.fields)]


def group_values(person: Person, group: FieldGroup) -> tuple[Any, ...]:
    return tuple(getattr(person, name) for name in group.fields)


def is_known(person: Person, group: FieldGroup) -> bool:
    if group.name == "birth_date":
        return person.birth_date is not None
    value = getattr(person, group.fields[0])
    return value is not None and value not in _UNKNOWN_VALUES


def differing_groups(first: Person, second: Person) -> list[FieldGroup]:
    return [g for g in FIELD_GROUPS if group_values(first, g) != group_values(second, g)]


def suggested_source(first: Person, second: Person, group: FieldGroup) -> Person:
    """Which record's value to suggest: the known one over "not known", the more precise date
    of birth, otherwise the more recently updated record's."""
    if is_known(first, group) != is_known(second, group):
        return first if is_known(first, group) else second
    if group.name == "birth_date":
        ranks = [_PRECISION_RANK.get(p.birth_date_precision, 0) for p in (first, second)]
        if ranks[0] != ranks[1]:
            return first if ranks[0] > ranks[1] else second
    return first if first.updated_at >= second.updated_at else second


def display_value(person: Person, group: FieldGroup) -> str:
    """The group's value as the person page shows it."""
    if not is_known(person, group):
        return "Not known" if group.name != "lead_worker" else "None named"
    match group.name:
        case "birth_date":
            return person.birth_date_display()
        case "gender":
            return person.gender_display()
        case "needs_interpreter":
            return "Yes" if person.needs_interpreter else "No"
        case "lead_worker":
            lead = person.lead_worker
            return (lead.full_name or lead.email) if lead else "None named"
        case "local_connection":
            shown = person.get_local_connection_display()
            area = person.local_connection_area
            return f"{shown}: {area}" if area else shown
    display = getattr(person, f"get_{group.name}_display", None)
    return str(display() if display else getattr(person, group.fields[0]))


# Which rows link to a person ---------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A foreign key from some model to Person."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    def rows(self) -> "models.QuerySet[Any]":
        # The base manager: a default manager that hides rows must not leave them behind.
        return self.model._base_manager.all()

    def of(self, person_id: Any) -> "models.QuerySet[Any]":
        return self.rows().filter(**{self.field.attname: person_id})


def person_links() -> list[Link]:
    """Every foreign key to Person in every installed app, except those in STAYS.

    Found from the model registry on each call, so models added later (referrals, cases...)
    move with no change here. Many-to-many links to Person move through their join tables'
    foreign keys.
    """
    links = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or isinstance(rel, ManyToManyRel):
            continue
        link = Link(model=rel.related_model, field=rel.field)
        if link.key not in STAYS:
            links.append(link)
    return sorted(links, key=lambda link: link.key)


def _unique_sets(link: Link) -> list[tuple[list[str], Q | None]]:
    """Unique constraints on the link's model that include the link: moving a row could break
    them, so clashing rows stay behind (see _clashes)."""
    meta = link.model._meta
    found: list[tuple[list[str], Q | None]] = []
    if link.field.unique:
        found.append(([link.field.name], None))
    for fields in meta.unique_together:
        if link.field.name in fields:
            found.append((list(fields), None))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and link.field.name in constraint.fields:
            found.append((list(constraint.fields), constraint.condition))
    return found


def _clashes(link: Link, kept: Person, merged: Person) -> set[Any]:
    """The merged person's rows that would break a unique constraint if moved: the kept person
    already has the same (a join-table row to the same thing, or a one-to-one). They stay with
    the merged record, which still holds them, and come back on undo."""
    clashing: set[Any] = set()
    for fields, condition in _unique_sets(link):
        others = [f for f in fields if f != link.field.name]
        kept_rows, merged_rows = link.of(kept.pk), link.of(merged.pk)
        if condition is not None:
            kept_rows, merged_rows = kept_rows.filter(condition), merged_rows.filter(condition)
        if not others:
            if kept_rows.exists():
                clashing |= set(merged_rows.values_list("pk", flat=True))
            continue
        taken = set(kept_rows.values_list(*others))
        for pk, *values in merged_rows.values_list("pk", *others):
            if tuple(values) in taken:
                clashing.add(pk)
    return clashing


def _pk_texts(pks: Iterable[Any]) -> list[str]:
    return sorted(str(pk) for pk in pks)


def _pks(link: Link, texts: Iterable[str]) -> list[Any]:
    return [link.model._meta.pk.to_python(text) for text in texts]


def _update_in_chunks(link: Link, pks: list[Any], **changes: Any) -> None:
    for start in range(0, len(pks), 500):
        link.rows().filter(pk__in=pks[start : start + 500]).update(**changes)


# Merge -------------------------------------------------------------------------------------------


def _locked_pair(first_id: Any, second_id: Any) -> tuple[Person, Person]:
    # Locked in a fixed order so two merges of the same records cannot deadlock.
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[first_id, second_id])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError("One of these records no longer exists.")
    return locked[first_id], locked[second_id]


def _check_mergeable(kept: Person, merged: Person) -> None:
    if kept.partnership_id != merged.partnership_id:
        raise PermissionDenied
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise ValidationError(
            "One of these records has already been merged into another. Start again from the "
            "record it was merged into."
        )
    if kept.anonymised_at is not None or merged.anonymised_at is not None:
        raise ValidationError("One of these records has been anonymised and cannot be merged.")
    if kept.restricted_at is not None or merged.restricted_at is not None:
        raise ValidationError(
            "One of these records has its processing restricted, so it cannot be merged. Ask "
            "your data protection officer to lift the restriction first."
        )


def _check_choices(
    field_choices: dict[str, str], kept_access: PersonAccess, merged_access: PersonAccess,
    kept: Person, merged: Person,
) -> dict[str, str]:  # fmt: skip
    unknown = set(field_choices) - set(GROUPS_BY_NAME)
    if unknown:
        raise ValueError(f"Not mergeable fields: {sorted(unknown)}")
    if any(choice not in (KEPT, MERGED) for choice in field_choices.values()):
        raise ValueError("Each field choice is 'kept' or 'merged'")
    for name, choice in field_choices.items():
        group = GROUPS_BY_NAME[name]
        # Taking a value the user cannot see on both records would copy it unseen.
        if choice == MERGED and not (
            sees_group(kept_access, kept, group) and sees_group(merged_access, merged, group)
        ):
            raise PermissionDenied
    return {group.name: field_choices.get(group.name, KEPT) for group in FIELD_GROUPS}


def _name(given: str, family: str) -> tuple[str, str]:
    return (given.strip(), family.strip())


def _add_name_aliases(
    kept: Person, merged: Person, kept_name_before: tuple[str, str], *, by: "User"
) -> list[str]:
    """Keep the names that no longer show on the kept record findable, as aliases: the merged
    record's name, and the kept record's own name when the merge replaced it."""
    final = _name(kept.given_name.lower(), kept.family_name.lower())
    known = {final} | {
        (g.lower(), f.lower())
        for g, f in Alias.objects.filter(person=kept).values_list("given_name", "family_name")
    }
    created: list[str] = []
    for (given, family), agency_id in (
        (_name(merged.given_name, merged.family_name), merged.recorded_by_agency_id),
        (kept_name_before, kept.recorded_by_agency_id),
    ):
        if not (given or family) or (given.lower(), family.lower()) in known:
            continue
        known.add((given.lower(), family.lower()))
        # Recorded by the agency that recorded the name, so it is shared as the name was.
        alias = Alias.objects.create(
            person=kept,
            kind=AliasKind.ALIAS,
            given_name=given,
            family_name=family,
            recorded_by=by,
            recorded_by_agency_id=agency_id,
        )
        created.append(str(alias.pk))
    return created


def _decide_pairs(kept: Person, merged: Person, *, by: "User", now: Any) -> list[str]:
    """A pending duplicate pair for these two records is settled: they are the same person."""
    pairs = DuplicatePair.objects.filter(
        Q(first=kept, second=merged) | Q(first=merged, second=kept),
        status=DuplicateStatus.PENDING,
    )
    ids = _pk_texts(pairs.values_list("pk", flat=True))
    pairs.update(status=DuplicateStatus.SAME, decided_by=by, decided_at=now)
    return ids


@transaction.atomic
def merge_people(
    kept: Person,
    merged: Person,
    *,
    field_choices: dict[str, str],
    by: "User",
    kept_version: int | None = None,
    merged_version: int | None = None,
) -> Merge:
    """Merge `merged` into `kept` and return the Merge record.

    - `field_choices` maps a field group name (FIELD_GROUPS) to "kept" or "merged": whose value
      the kept record ends with. Groups not named keep the kept record's value.
    - Every row in every app with a foreign key to the merged person moves to the kept person
      (STAYS lists the exceptions). When both have a current sharing permission or lawful
      basis, the kept person's stays current.
    - The merged record then redirects to the kept one (`merged_into`), its name becomes an
      alias of the kept record, and both records' match keys are rebuilt.

    Refused with PermissionDenied unless `by` is a coordinator or caseworker who can see the
    identity of both records (and every field taken from the merged record) in one partnership;
    with ValidationError when either is already merged, anonymised or restricted; with
    EditConflict when a version given no longer matches (someone saved since it was shown).
    """
    if kept.pk == merged.pk:
        raise ValidationError("Choose two different records to merge.")
    kept, merged = _locked_pair(kept.pk, merged.pk)
    _check_mergeable(kept, merged)
    kept_access, merged_access = _merge_access(by, kept), _merge_access(by, merged)
    choices = _check_choices(field_choices, kept_access, merged_access, kept, merged)
    if (kept_version is not None and kept.version != kept_version) or (
        merged_version is not None and merged.version != merged_version
    ):
        raise EditConflict

    now = timezone.now()
    kept_before = field_values(kept)
    kept_name_before = _name(kept.given_name, kept.family_name)
    for name, choice in choices.items():
        if choice == MERGED:
            for field in GROUPS_BY_NAME[name].fields:
                setattr(kept, field, getattr(merged, field))

    moved: dict[str, list[str]] = {}
    stayed: dict[str, list[str]] = {}
    uncurrent: dict[str, list[str]] = {}
    for link in person_links():
        flag = CURRENT_FLAGS.get(link.key)
        if flag and link.of(kept.pk).filter(**{flag: True}).exists():
            demoted = list(link.of(merged.pk).filter(**{flag: True}).values_list("pk", flat=True))
            if demoted:
                _update_in_chunks(link, demoted, **{flag: False})
                uncurrent[link.key] = _pk_texts(demoted)
        clashing = _clashes(link, kept, merged)
        pks = [pk for pk in link.of(merged.pk).values_list("pk", flat=True) if pk not in clashing]
        if pks:
            _update_in_chunks(link, pks, **{link.field.attname: kept.pk})
            moved[link.key] = _pk_texts(pks)
        if clashing:
            stayed[link.key] = _pk_texts(clashing)

    kept.version += 1
    kept.updated_at = kept.last_activity_at = now
    kept.save()
    merged.merged_into = kept
    merged.merged_at = now
    merged.version += 1
    merged.updated_at = now
    merged.save(update_fields=["merged_into", "merged_at", "version", "updated_at"])

    merge = Merge.objects.create(
        kept=kept,
        merged=merged,
        merged_by=by,
        merged_at=now,
        kept_before=kept_before,
        field_choices=choices,
        moved={
            "rows": moved,
            "stayed": stayed,
            "uncurrent": uncurrent,
            "aliases": _add_name_aliases(kept, merged, kept_name_before, by=by),
            "duplicate_pairs": _decide_pairs(kept, merged, by=by, now=now),
            "kept_after": field_values(kept),
            "kept_version": kept.version,
        },
    )
    _log(merge, by, {"kept": [None, str(kept.pk)], "merged": [None, str(merged.pk)]}, create=True)
    _index(kept, merged)
    return merge


# Undo --------------------------------------------------------------------------------------------


def fields_changed_since(merge: Merge, kept: Person) -> list[FieldGroup]:
    """Groups the merge changed on the kept record that have been changed again since."""
    after = merge.moved.get("kept_after", {})
    return [
        group
        for group in changed_by_merge(merge)
        if any(_python(f, after.get(f)) != getattr(kept, f) for f in group.fields)
    ]


@transaction.atomic
def unmerge(merge: Merge, *, by: "User", confirm_changed: bool = False) -> list[FieldGroup]:
    """Undo `merge`: every row it moved goes back to the merged person, flags it cleared are
    set again, the aliases and duplicate-pair decisions it made are removed, the merged record
    stops redirecting, and the kept record's fields return to their values before the merge.

    A field the merge set that someone has changed since keeps its newer value (it is never
    silently overwritten); unless `confirm_changed`, such fields raise
    UnmergeNeedsConfirmation listing them, so the user checks both records afterwards. Returns
    the groups left as they were changed.

    Refused with PermissionDenied unless `by` may merge the two records; with ValidationError
    when already undone, when either record has been anonymised (retention keeps no values to
    restore), or when the kept record has itself been merged since (undo that first).
    """
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("This merge has already been undone.")
    kept, merged = _locked_pair(merge.kept_id, merge.merged_id)
    _merge_access(by, kept)
    _merge_access(by, merged)
    if kept.anonymised_at is not None or merged.anonymised_at is not None:
        raise ValidationError(
            "One of these records has been anonymised: the merge cannot be undone."
        )
    if kept.merged_into_id is not None:
        raise ValidationError(
            "The kept record has since been merged into another record. Undo that merge first."
        )
    if merged.merged_into_id != kept.pk:
        raise ValidationError("The merged record no longer points to the kept record.")
    changed = fields_changed_since(merge, kept)
    if changed and not confirm_changed:
        raise UnmergeNeedsConfirmation([group.label for group in changed])

    now = timezone.now()
    after = merge.moved.get("kept_after", {})
    for name in ALL_FIELDS:
        if _python(name, after.get(name)) == getattr(kept, name):
            setattr(kept, name, _python(name, merge.kept_before.get(name)))

    links = {link.key: link for link in person_links()}
    for key, texts in merge.moved.get("rows", {}).items():
        link = links.get(key)
        if link is None:  # the model has been removed since
            continue
        # Only rows still with the kept person: one deleted since has nothing to move back.
        pks = list(link.of(kept.pk).filter(pk__in=_pks(link, texts)).values_list("pk", flat=True))
        _update_in_chunks(link, pks, **{link.field.attname: merged.pk})
    for key, texts in merge.moved.get("uncurrent", {}).items():
        link = links.get(key)
        flag = CURRENT_FLAGS.get(key)
        if link is None or flag is None or link.of(merged.pk).filter(**{flag: True}).exists():
            continue
        link.of(merged.pk).filter(pk__in=_pks(link, texts)).update(**{flag: True})

    Alias.objects.filter(pk__in=merge.moved.get("aliases", []), person=kept).delete()
    DuplicatePair.objects.filter(
        pk__in=merge.moved.get("duplicate_pairs", []), status=DuplicateStatus.SAME
    ).update(status=DuplicateStatus.PENDING, decided_by=None, decided_at=None)

    kept.version += 1
    kept.updated_at = now
    kept.save()
    merged.merged_into = None
    merged.merged_at = None
    merged.version += 1
    merged.updated_at = now
    merged.save(update_fields=["merged_into", "merged_at", "version", "updated_at"])

    merge.undone_by = by
    merge.undone_at = now
    merge.save(update_fields=["undone_by", "undone_at"])
    _log(merge, by, {"undone_at": [None, now.isoformat()]}, create=False)
    _index(kept, merged)
    return changed


def _log(merge: Merge, by: "User", changes: dict[str, list[Any]], *, create: bool) -> None:
    """The change-log entry for a merge or its undoing. Ids only: the values are on the Merge."""
    LogEntry.objects.log_create(
        merge,
        action=LogEntry.Action.CREATE if create else LogEntry.Action.UPDATE,
        changes=changes,
        actor=by,
        force_log=True,
    )


def _index(*people: Person) -> None:
    """Rebuild what is derived from the two records: match keys here, and through
    `records_moved` what other apps derive from the rows that moved."""
    from waypost.people.matching.index import index_person

    for person in people:
        index_person(person)
    records_moved.send(sender=Merge, person_ids=[person.pk for person in people])
