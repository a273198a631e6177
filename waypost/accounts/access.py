"""The only doors to staff records for partnership admins.

Each returns 404 both when the record does not exist and when the admin may not see it,
so nobody can learn that a record exists outside their own partnerships. A record that
exists but is not theirs raises RecordHidden (the same 404), so the refusal is logged.
"""

from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from waypost.accounts.models import Agency, ApiToken, Invitation, Membership, Role, User
from waypost.accounts.roles import partnerships_where
from waypost.lib.security_log import RecordHidden


def _not_found(model: type[Model], kind: str, pk: UUID) -> Http404:
    """404; RecordHidden when the record exists (one more query, only on a refusal)."""
    if model._default_manager.filter(pk=pk).exists():
        return RecordHidden(kind, pk)
    return Http404()


def agencies_managed_by(request: HttpRequest) -> QuerySet[Agency]:
    """Agencies in every partnership where the user is a partnership admin."""
    partnerships = partnerships_where(request, Role.PARTNERSHIP_ADMIN)
    return Agency.objects.filter(partnership__in=partnerships, is_active=True).select_related(
        "partnership"
    )


def staff_visible_to(request: HttpRequest) -> QuerySet[User]:
    """Users with any membership (past or present) at an agency the admin manages."""
    return User.objects.filter(memberships__agency__in=agencies_managed_by(request)).distinct()


def get_staff_member_for_admin(request: HttpRequest, user_id: UUID) -> User:
    user = staff_visible_to(request).filter(pk=user_id).first()
    if user is None:
        raise _not_found(User, "staff_member", user_id)
    return user


def get_membership_for_admin(request: HttpRequest, membership_id: UUID) -> Membership:
    membership = (
        Membership.objects.filter(pk=membership_id, agency__in=agencies_managed_by(request))
        .select_related("user", "agency__partnership")
        .first()
    )
    if membership is None:
        raise _not_found(Membership, "membership", membership_id)
    return membership


def get_invitation_for_admin(request: HttpRequest, invitation_id: UUID) -> Invitation:
    invitation = Invitation.objects.filter(
        pk=invitation_id, agency__in=agencies_managed_by(request)
    ).first()
    if invitation is None:
        raise _not_found(Invitation, "invitation", invitation_id)
    return invitation


def get_api_token_for_user(request: HttpRequest, token_id: UUID) -> ApiToken:
    """A token the user may revoke: their own, or a member of staff's in a partnership they run."""
    token = ApiToken.objects.filter(pk=token_id).select_related("user").first()
    if token is None:
        raise Http404
    if (
        token.user_id != request.user.pk
        and not staff_visible_to(request).filter(pk=token.user_id).exists()
    ):
        raise RecordHidden("api_token", token.pk)
    return token
