"""The HMIS CSV export as a ZIP: coordinators only (a file of people leaves Waypost)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.accounts.roles import role_required
from waypost.reporting.hmis import build_export, export_zip, record_export
from waypost.reporting.return_views import _memberships, _partnership, _user

HMIS_ROLES = (Role.COORDINATOR,)


@role_required(*HMIS_ROLES)
def hmis_zip(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request, HMIS_ROLES)
    memberships = _memberships(request)
    export = build_export(_user(request), memberships, partnership)
    content = export_zip(export)
    record_export(_user(request), export, memberships, route="reporting:return_hmis")
    filename = f"waypost-hmis-{partnership.slug}-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
