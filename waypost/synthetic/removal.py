"""Removing a synthetic partnership and everything in it, for `generate_synthetic --replace`.

Only partnerships the generator made are removed (their name and region say so), so a slip of
the slug cannot empty a real partnership. When nothing else refers to the generated rows, they
go in plain DELETEs scoped to the partnership (fast); otherwise (the app added merges,
duplicate pairs, counted people...) Django's deletion follows every relation. Either way the
rest (places, beds, returns, staff) then goes through Django's deletion, without change-log
entries for data that was never real, in one transaction.
"""

from collections.abc import Callable
from typing import Any

from auditlog.context import disable_auditlog
from django.db import DatabaseError, connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.audit.models import AuditLogIsAppendOnly
from waypost.people.models import Person
from waypost.referrals.models import Referral
from waypost.synthetic import tables
from waypost.synthetic.writer import Table

SYNTHETIC_NAME = "Synthetic partnership {slug}"
PASSES = 6  # retries, and depth of rows protecting rows


class NotSynthetic(Exception):
    """The partnership was not made by the generator: it is never removed."""


class CannotRemove(Exception):
    """Something kept for good refers to the partnership: the access log, which is
    append-only, records that staff read its records. Nothing was removed."""


def is_synthetic(partnership: Partnership) -> bool:
    return partnership.name == SYNTHETIC_NAME.format(slug=partnership.slug) and (
        partnership.region.startswith("Synthetic region ")
    )


def remove_partnership(slug: str, progress: Callable[[str], None] | None = None) -> None:
    """Delete the synthetic partnership `slug` and every row in it, in one transaction."""
    partnership = Partnership.objects.get(slug=slug)
    if not is_synthetic(partnership):
        raise NotSynthetic(slug)
    try:
        _remove(partnership, slug, progress)
    except AuditLogIsAppendOnly as error:
        raise CannotRemove(
            "staff have read its records, and the access log keeps that for good"
        ) from error
    except (DatabaseError, ProtectedError, RestrictedError) as error:
        if "append-only" in str(error):  # PostgreSQL's trigger on the logs
            raise CannotRemove(
                "staff have read its records, and the access log keeps that for good"
            ) from error
        raise CannotRemove(str(error).splitlines()[0]) from error


def _remove(partnership: Partnership, slug: str, progress: Callable[[str], None] | None) -> None:
    with transaction.atomic(), disable_auditlog():
        if not _referred_to_from_elsewhere(partnership):
            _delete_generated_rows(partnership)
            if progress:
                progress("Removed the generated rows; removing the rest")
        _delete_referring(Partnership, partnership)
        for agency in Agency.objects.filter(partnership=partnership):
            _delete_referring(Agency, agency)
        staff = User.objects.filter(email__endswith=f".{slug}.invalid")
        Membership.objects.filter(user__in=staff).delete()
        _force_delete(staff)
        _force_delete(Agency.objects.filter(partnership=partnership))
        partnership.delete()


def _scope(table: Table, partnership: Partnership) -> models.QuerySet[Any]:
    """The table's rows that belong to the partnership."""
    manager = table.model._default_manager
    if table in (tables.PERSON, tables.REFERRAL, tables.STREET_CONTACT, tables.MATCH_KEY):
        return manager.filter(partnership=partnership)
    if table is tables.PERMITTED_SECTION:
        return manager.filter(permission__person__partnership=partnership)
    if table is tables.ASSESSMENT_ANSWER:
        return manager.filter(assessment__person__partnership=partnership)
    if table in (tables.DUTY, tables.TRIAGE, tables.DISCHARGE):
        return manager.filter(referral__partnership=partnership)
    return manager.filter(person__partnership=partnership)


def _referred_to_from_elsewhere(partnership: Partnership) -> bool:
    """True when a row of a table the generator does not fill (a merge, a duplicate pair, a
    counted person...) refers to a generated row: then only Django's deletion, which follows
    every relation, is safe."""
    generated = {table.model for table in tables.ALL_TABLES}
    for table in tables.ALL_TABLES:
        opts = table.model._meta
        for relation in _relations(table.model):
            if relation.related_model in generated:
                continue
            rows = relation.related_model._default_manager.filter(
                **{f"{relation.field.name}__in": _scope(table, partnership)}
            )
            if rows.exists():
                return True
        for field in opts.many_to_many:
            through = field.remote_field.through._default_manager  # type: ignore[union-attr]
            source = f"{field.m2m_field_name()}__in"
            if through.filter(**{source: _scope(table, partnership)}).exists():
                return True
    return False


def _delete_generated_rows(partnership: Partnership) -> None:
    """Plain DELETEs of every generated table's rows in the partnership, children first."""
    people = f"SELECT id FROM {_q(Person)} WHERE partnership_id = %s"  # noqa: S608 (our table)
    referrals = f"SELECT id FROM {_q(Referral)} WHERE partnership_id = %s"  # noqa: S608
    scoped = {
        tables.PERMITTED_SECTION: (
            "permission_id IN (SELECT id FROM {permission} WHERE person_id IN ({people}))"
        ),
        tables.ASSESSMENT_ANSWER: (
            "assessment_id IN (SELECT id FROM {assessment} WHERE person_id IN ({people}))"
        ),
        tables.DUTY: "referral_id IN ({referrals})",
        tables.TRIAGE: "referral_id IN ({referrals})",
        tables.DISCHARGE: "referral_id IN ({referrals})",
        tables.STREET_CONTACT: "partnership_id = %s",
        tables.MATCH_KEY: "partnership_id = %s",
        tables.REFERRAL: "partnership_id = %s",
        tables.PERSON: "partnership_id = %s",
    }
    names = {
        "permission": _q(tables.PERMISSION.model),
        "assessment": _q(tables.ASSESSMENT.model),
        "people": people,
        "referrals": referrals,
    }
    key = Partnership._meta.pk.get_db_prep_value(partnership.pk, connection)
    # Referrals point at people, so they go before them.
    order = [t for t in reversed(tables.ALL_TABLES) if t is not tables.PERSON]
    with connection.cursor() as cursor:
        for table in [*order, tables.PERSON]:
            condition = scoped.get(table, "person_id IN ({people})").format(**names)
            cursor.execute(
                f"DELETE FROM {_q(table.model)} WHERE {condition}",  # noqa: S608
                [key] * condition.count("%s"),
            )


def _delete_referring(model: type[models.Model], instance: models.Model) -> None:
    """Delete every row that refers to `instance` through a foreign key (agencies aside:
    they go last, once nothing they recorded is left)."""
    for relation in _relations(model):
        if relation.related_model is Agency:
            continue
        manager = relation.related_model._default_manager
        _force_delete(manager.filter(**{relation.field.name: instance}))


def _force_delete(rows: models.QuerySet[models.Model], depth: int = 0) -> None:
    """Delete `rows` and, first, any rows that protect them from deletion (they refer to
    data of the synthetic partnership, so they are part of it)."""
    if not rows.exists():
        return  # (and some querysets refuse to delete at all: the append-only logs)
    for _ in range(PASSES):
        try:
            with transaction.atomic():
                rows.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            if depth >= PASSES:
                raise
            blocking = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            by_model: dict[type[models.Model], list[object]] = {}
            for row in blocking:
                by_model.setdefault(type(row), []).append(row.pk)
            for blocker, pks in by_model.items():
                _force_delete(blocker._default_manager.filter(pk__in=pks), depth + 1)
    rows.delete()


def _relations(model: type[models.Model]) -> list[Any]:
    """Every foreign key pointing at `model`, those declared with related_name="+" too."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def _q(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)
