"""Writes for the printable toolkit: choosing the services an audience's leaflet lists.

Not personal data. django-auditlog records each choice added, moved or taken out (they are
saves and deletes of single rows, not bulk updates).
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waypost.accounts.models import Partnership, User
from waypost.directory.models import Audience, Service, ServiceStatus, ToolkitChoice
from waypost.directory.toolkit import fingerprint, user_may_choose

NOT_OURS = "Choose services from this partnership's directory"
NOT_RUNNING = "{name} is not running now, so it cannot go in the toolkit"


class StaleToolkit(Exception):
    """Someone else changed the audience's choices since the form was read."""


@transaction.atomic
def choose_toolkit_services(
    partnership: Partnership,
    audience: str,
    services: Sequence[Service],
    *,
    seen: str | None = None,
    by: User,
) -> list[ToolkitChoice]:
    """Make `services`, in this order, the ones `audience`'s leaflet lists.

    `by` must be a coordinator or partnership admin of the partnership. Every service must be
    the partnership's and running. `seen` is the digest of the choices the form was read
    with: when it no longer matches, StaleToolkit is raised and nothing changes.
    """
    if audience not in Audience.values:
        raise ValidationError("Choose one of the toolkit's audiences")
    if not user_may_choose(by, partnership.pk):
        raise PermissionDenied
    existing = list(
        ToolkitChoice.objects.select_for_update()
        .filter(partnership=partnership, audience=audience)
        .order_by("position", "id")
    )
    if seen is not None and seen != fingerprint(existing):
        raise StaleToolkit
    for service in services:
        if service.partnership_id != partnership.pk:
            raise ValidationError(NOT_OURS)
        if service.status != ServiceStatus.ACTIVE:
            raise ValidationError(NOT_RUNNING.format(name=service.name))
    wanted = list(dict.fromkeys(s.pk for s in services))
    by_service = {choice.service_id: choice for choice in existing}
    for choice in existing:
        if choice.service_id not in wanted:
            choice.delete()
    saved = []
    for position, service_id in enumerate(wanted, start=1):
        choice = by_service.get(service_id)
        if choice is None:
            choice = ToolkitChoice.objects.create(
                partnership=partnership,
                audience=audience,
                service_id=service_id,
                position=position,
            )
        elif choice.position != position:
            choice.position = position
            choice.save(update_fields=["position"])
        saved.append(choice)
    return saved
