"""Staff accounts: your account, sessions and API tokens, staff management, invitations."""

from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from waypost.accounts import actions
from waypost.accounts.access import (
    agencies_managed_by,
    get_api_token_for_user,
    get_invitation_for_admin,
    get_membership_for_admin,
    get_staff_member_for_admin,
    staff_visible_to,
)
from waypost.accounts.forms_staff import (
    AcceptInvitationForm,
    ApiTokenForm,
    InviteForm,
    MembershipForm,
    StaffSearchForm,
)
from waypost.accounts.models import ROLE_DESCRIPTIONS, ApiToken, Invitation, Membership, Role
from waypost.accounts.roles import role_required
from waypost.accounts.sessions import end_other_sessions, sessions_of
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section


@login_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")[:50]
    return render(request, "accounts/account.html", {"tokens": tokens})


@login_required
@reauthentication_required(allow_get=True)
def sessions(request: HttpRequest) -> HttpResponse:
    """Where you are signed in; signing out the other devices needs a recent sign-in."""
    if request.method == "POST":
        ended = end_other_sessions(request)
        if ended:
            messages.success(request, "You have been signed out on your other devices.")
        else:
            messages.info(request, "You were not signed in on any other device.")
        return redirect("accounts:sessions")
    # allauth's template name: this page replaces allauth's own sessions page.
    return render(request, "usersessions/usersession_list.html", {"sessions": sessions_of(request)})


@login_required
@reauthentication_required
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = actions.create_api_token(
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            by=request.user,
        )
        # Shown once, in this response only: never stored, never in a URL or the session.
        return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    return render(request, "accounts/token_create.html", {"form": form})


@require_POST
@login_required
@reauthentication_required
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = get_api_token_for_user(request, token_id)
    actions.revoke_api_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    if token.user_id == request.user.pk:
        return redirect("accounts:account")
    return redirect("accounts:staff_member", user_id=token.user_id)


@role_required(Role.PARTNERSHIP_ADMIN)
def staff(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    people = staff_visible_to(request).order_by("full_name", "email")
    query = form.data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    memberships = (
        Membership.objects.active()
        .filter(user__in=[u.pk for u in page.object_list], agency__in=agencies_managed_by(request))
        .select_related("agency")
    )
    by_user: dict[UUID, list[Membership]] = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    rows = [(user, by_user.get(user.pk, [])) for user in page.object_list]
    invitations = (
        Invitation.objects.filter(
            agency__in=agencies_managed_by(request),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .select_related("agency")
        .order_by("-created_at")[:50]
    )
    record_request_access(
        request,
        channel=Channel.PAGE,
        section=Section.STAFF,
        subject_type="staff_list",
        subject_id="",
    )
    return render(
        request,
        "accounts/staff.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "query": f"q={query}" if query else "",
            "invitations": invitations,
        },
    )


@role_required(Role.PARTNERSHIP_ADMIN)
def staff_member(request: HttpRequest, user_id: UUID) -> HttpResponse:
    member = get_staff_member_for_admin(request, user_id)
    memberships = (
        Membership.objects.filter(user=member, agency__in=agencies_managed_by(request))
        .select_related("agency__partnership")
        .order_by("ended_at", "agency__name")
    )
    tokens = ApiToken.objects.usable().filter(user=member)
    record_request_access(
        request,
        channel=Channel.PAGE,
        section=Section.STAFF,
        subject_type="user",
        subject_id=str(member.pk),
    )
    return render(
        request,
        "accounts/staff_member.html",
        {"member": member, "memberships": memberships, "tokens": tokens},
    )


@role_required(Role.PARTNERSHIP_ADMIN)
@reauthentication_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, agencies=agencies_managed_by(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.invite_user(
            email=data["email"],
            full_name=data["full_name"],
            agency=data["agency"],
            role=data["role"],
            by=request.user,
            base_url=_base_url(request),
        )
        messages.success(request, f"Invitation sent to {data['email']}.")
        return redirect("accounts:staff")
    return render(
        request, "accounts/invite.html", {"form": form, "role_descriptions": ROLE_DESCRIPTIONS}
    )


@require_POST
@role_required(Role.PARTNERSHIP_ADMIN)
@reauthentication_required
def invitation_revoke(request: HttpRequest, invitation_id: UUID) -> HttpResponse:
    invitation = get_invitation_for_admin(request, invitation_id)
    actions.revoke_invitation(invitation, by=request.user)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("accounts:staff")


@require_POST
@role_required(Role.PARTNERSHIP_ADMIN)
@reauthentication_required
def staff_sign_out(request: HttpRequest, user_id: UUID) -> HttpResponse:
    member = get_staff_member_for_admin(request, user_id)
    actions.end_all_sessions(member, by=request.user)
    if member.pk == request.user.pk:
        logout(request)  # this session has just ended too: start a fresh, signed-out one
        return redirect("account_login")
    messages.success(
        request, f"{member} has been signed out on all devices. They can sign in again."
    )
    return redirect("accounts:staff_member", user_id=member.pk)


@role_required(Role.PARTNERSHIP_ADMIN)
@reauthentication_required
def membership_add(request: HttpRequest, user_id: UUID) -> HttpResponse:
    member = get_staff_member_for_admin(request, user_id)
    form = MembershipForm(request.POST or None, agencies=agencies_managed_by(request), user=member)
    if request.method == "POST" and form.is_valid():
        membership = actions.add_membership(
            user=member,
            agency=form.cleaned_data["agency"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
        messages.success(request, f"{member} is now {membership}.")
        return redirect("accounts:staff_member", user_id=member.pk)
    return render(
        request,
        "accounts/membership_add.html",
        {"member": member, "form": form, "role_descriptions": ROLE_DESCRIPTIONS},
    )


@role_required(Role.PARTNERSHIP_ADMIN)
@reauthentication_required
def membership_end(request: HttpRequest, membership_id: UUID) -> HttpResponse:
    membership = get_membership_for_admin(request, membership_id)
    if request.method == "POST":
        actions.end_membership(membership, by=request.user)
        messages.success(
            request, f"{membership.user} is no longer {membership}. Their access has ended."
        )
        return redirect("accounts:staff_member", user_id=membership.user_id)
    return render(request, "accounts/membership_end.html", {"membership": membership})


# The emailed token moves from the URL into the session, as allauth does for password-reset keys:
# the page that follows, its form and any link from it carry no token in their URL.
INVITATION_TOKEN_SESSION_KEY = "waypost_invitation_token"  # noqa: S105 - a session key's name


@require_safe
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    request.session[INVITATION_TOKEN_SESSION_KEY] = token[:100]  # real ones are 43 characters
    return redirect("accounts:accept_invitation")


@never_cache
def accept_invitation(request: HttpRequest) -> HttpResponse:
    invitation = Invitation.find_open(request.session.get(INVITATION_TOKEN_SESSION_KEY, ""))
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        user = actions.accept_invitation(
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        del request.session[INVITATION_TOKEN_SESSION_KEY]
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(
            request, "Your account is ready. Now set up two-factor authentication to continue."
        )
        return redirect("mfa_activate_totp")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def _base_url(request: HttpRequest) -> str:
    from django.conf import settings

    return settings.WAYPOST_BASE_URL or request.build_absolute_uri("/")
