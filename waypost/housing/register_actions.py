"""Writes to the accommodation register: providers, schemes and units (not personal data).

Coordinators and partnership admins of the partnership keep the register (`by=None` is the
system: the demo and imports). Nothing is deleted once placements may name it: a provider,
scheme or unit stops being used instead. A scheme's `version` guards its edits: a form read
before someone else's change is refused rather than overwriting it, and a change to a unit
moves the version on too, so an open vacancy page is refreshed before it is saved.
django-auditlog records each change (they are saves, not bulk updates).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waypost.accounts.models import Agency, Partnership, User
from waypost.housing.models import Placement, Provider, Scheme, Unit
from waypost.housing.register_access import user_may_edit

PROVIDER_NAME_TAKEN = "The partnership already has a provider with this name: choose another name"
SCHEME_NAME_TAKEN = "This provider already has a scheme with this name: choose another name"
UNIT_LABEL_TAKEN = "This scheme already has a room or bed with this name: choose another name"
STALE_SCHEME = (
    "Someone else changed this scheme while you were editing it. The form shows what you "
    "typed; check the scheme's details and save again."
)
AGENCY_ELSEWHERE = "Choose an agency in the provider's partnership"
OCCUPIED = "{label} has someone placed in it: end the placement first"
SCHEME_OCCUPIED = "Someone is placed at {name}: end their placement before you stop using it"

SCHEME_FIELDS = (
    "name",
    "kind",
    "address",
    "area",
    "city_centre",
    "phone",
    "how_to_refer",
    "gender_rule",
    "couples",
    "pets",
    "min_age",
    "max_age",
    "wheelchair_access",
    "support_level",
    "substance_policy",
    "max_stay_days",
    "accepts_no_recourse",
    "needs_local_connection",
    "is_active",
)


class StaleScheme(Exception):
    """The scheme changed since the form was read (its version moved on)."""


def _check_editor(partnership_id: Any, by: User | None) -> None:
    if by is not None and not user_may_edit(by, partnership_id):
        raise PermissionDenied


def _open_placements(**filters: Any) -> int:
    return Placement.objects.filter(ended_on__isnull=True, **filters).count()


# --- Providers ---------------------------------------------------------------------------------
def _provider_name(partnership_id: Any, name: str, provider: Provider | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the provider's name"})
    taken = Provider.objects.filter(partnership_id=partnership_id, name__iexact=name)
    if provider is not None:
        taken = taken.exclude(pk=provider.pk)
    if taken.exists():
        raise ValidationError({"name": PROVIDER_NAME_TAKEN})
    return name


def _check_agency(partnership_id: Any, agency: Agency) -> None:
    if agency.partnership_id != partnership_id:
        raise ValidationError({"agency": AGENCY_ELSEWHERE})


@transaction.atomic
def add_provider(
    partnership: Partnership,
    *,
    agency: Agency,
    name: str,
    phone: str = "",
    email: str = "",
    by: User | None,
) -> Provider:
    """Add an organisation that runs accommodation; `agency`'s staff keep its vacancies."""
    _check_editor(partnership.pk, by)
    _check_agency(partnership.pk, agency)
    return Provider.objects.create(
        partnership=partnership,
        agency=agency,
        name=_provider_name(partnership.pk, name),
        phone=phone.strip(),
        email=email.strip(),
    )


@transaction.atomic
def update_provider(
    provider: Provider,
    *,
    agency: Agency,
    name: str,
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    by: User | None,
) -> Provider:
    """Change a provider. Stopping one takes its schemes off the vacancy board."""
    _check_editor(provider.partnership_id, by)
    _check_agency(provider.partnership_id, agency)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    provider.name = _provider_name(provider.partnership_id, name, provider)
    provider.agency = agency
    provider.phone = phone.strip()
    provider.email = email.strip()
    provider.is_active = is_active
    provider.save(update_fields=["name", "agency", "phone", "email", "is_active"])
    return provider


# --- Schemes -----------------------------------------------------------------------------------
def _clean_scheme(fields: dict[str, Any], provider: Provider, scheme: Scheme | None) -> None:
    fields["name"] = str(fields.get("name", "")).strip()
    if not fields["name"]:
        raise ValidationError({"name": "Enter the scheme's name"})
    taken = Scheme.objects.filter(provider=provider, name__iexact=fields["name"])
    if scheme is not None:
        taken = taken.exclude(pk=scheme.pk)
    if taken.exists():
        raise ValidationError({"name": SCHEME_NAME_TAKEN})
    max_age = fields.get("max_age")
    if max_age is not None and max_age < fields.get("min_age", 18):
        raise ValidationError(
            {"max_age": "The oldest age must be the same as or above the youngest"}
        )
    for key in ("address", "area", "phone", "how_to_refer"):
        fields[key] = str(fields.get(key, "")).strip()


@transaction.atomic
def add_scheme(provider: Provider, *, by: User | None, **fields: Any) -> Scheme:
    """Add a scheme to a provider. `fields` are the scheme's (SCHEME_FIELDS)."""
    _check_editor(provider.partnership_id, by)
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown scheme fields: {sorted(unknown)}")
    _clean_scheme(fields, provider, None)
    return Scheme.objects.create(
        partnership_id=provider.partnership_id, provider=provider, **fields
    )


@transaction.atomic
def update_scheme(scheme: Scheme, *, version: int, by: User | None, **fields: Any) -> Scheme:
    """Change a scheme's details. Refused with StaleScheme when it changed since `version`
    was read; refused when stopping a scheme someone is placed in."""
    _check_editor(scheme.partnership_id, by)
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown scheme fields: {sorted(unknown)}")
    current = (
        Scheme.objects.select_for_update(of=("self",)).select_related("provider").get(pk=scheme.pk)
    )
    if current.version != version:
        raise StaleScheme
    _clean_scheme(fields, current.provider, current)
    if fields.get("is_active") is False and current.is_active and _open_placements(scheme=current):
        raise ValidationError({"is_active": SCHEME_OCCUPIED.format(name=current.name)})
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.save(update_fields=[*fields, "version"])
    return current


def _touch_scheme(scheme_id: Any) -> None:
    """Move the scheme's version on: its units changed under any open vacancy page."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme_id)
    scheme.version += 1
    scheme.save(update_fields=["version"])


# --- Units -------------------------------------------------------------------------------------
def _unit_label(scheme: Scheme, label: str, unit: Unit | None = None) -> str:
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Enter the room or bed's name, like Room 4 or Bed 12"})
    taken = Unit.objects.filter(scheme=scheme, label__iexact=label)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise ValidationError({"label": UNIT_LABEL_TAKEN})
    return label


def _check_sleeps(sleeps: int) -> None:
    if sleeps not in (1, 2):
        raise ValidationError({"sleeps": "Choose whether it sleeps one person or a couple"})


@transaction.atomic
def add_unit(
    scheme: Scheme, *, label: str, sleeps: int = 1, step_free: bool = False, by: User | None
) -> Unit:
    """Add a bed, room or flat to a scheme. It starts free: the provider says otherwise on the
    vacancy page."""
    _check_editor(scheme.partnership_id, by)
    _check_sleeps(sleeps)
    unit = Unit.objects.create(
        scheme=scheme, label=_unit_label(scheme, label), sleeps=sleeps, step_free=step_free
    )
    _touch_scheme(scheme.pk)
    return unit


@transaction.atomic
def update_unit(
    unit: Unit,
    *,
    label: str,
    sleeps: int,
    step_free: bool,
    is_active: bool = True,
    by: User | None,
) -> Unit:
    """Change a unit. Refused when it would no longer hold the people placed in it."""
    _check_editor(unit.scheme.partnership_id, by)
    _check_sleeps(sleeps)
    current = Unit.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=unit.pk)
    current.label = _unit_label(current.scheme, label, current)
    placed = _open_placements(unit=current)
    if placed and not is_active:
        raise ValidationError({"is_active": OCCUPIED.format(label=current.label)})
    if placed > sleeps:
        raise ValidationError(
            {"sleeps": f"{current.label} has {placed} people placed in it: end a placement first"}
        )
    current.sleeps = sleeps
    current.step_free = step_free
    current.is_active = is_active
    current.save(update_fields=["label", "sleeps", "step_free", "is_active"])
    _touch_scheme(current.scheme_id)
    return current
