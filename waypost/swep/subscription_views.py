"""Who else the cascade tells: a member of staff's own SWEP alerts (any staff), and the
outreach rota (coordinators)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import role_required
from waypost.swep.activation_access import COORDINATORS, choose_partnership, partnerships_for
from waypost.swep.activation_views import home_url
from waypost.swep.models import RotaMember, Subscription, SubscriptionChannel
from waypost.swep.subscription_actions import add_rota_member, remove_rota_member, set_subscription
from waypost.swep.subscription_forms import RotaMemberForm, SubscriptionForm, show_mobile


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _slug(request: HttpRequest) -> str | None:
    return request.POST.get("partnership") or request.GET.get("partnership") or None


def _page(name: str, partnership: Partnership) -> str:
    return f"{reverse(name)}?{urlencode({'partnership': partnership.slug})}"


@role_required(*Role)
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Choose to be told when SWEP starts and ends: by email, text message, both or neither."""
    user = _user(request)
    partnership, partnerships = choose_partnership(_memberships(request), _slug(request))
    mine = {s.channel: s for s in Subscription.objects.filter(partnership=partnership, user=user)}
    sms = mine.get(SubscriptionChannel.SMS)
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None,
        email=user.email,
        initial={"ways": list(mine), "phone": sms.phone if sms else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kept = set_subscription(
                partnership,
                by_email=data["by_email"],
                by_sms=data["by_sms"],
                phone=data["phone"],
                by=user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if kept:
                ways = " and ".join(str(s.get_channel_display()).lower() for s in kept)
                text = f"Saved. You will be told by {ways} when SWEP starts or ends in "
                text += f"{partnership.name}."
            else:
                text = f"Saved. You will not be sent SWEP alerts for {partnership.name}."
            messages.success(request, text)
            return redirect(_page("swep:subscriptions", partnership))
    return render(
        request,
        "swep/subscriptions.html",
        {
            "form": form,
            "partnership": partnership,
            "partnerships": partnerships,
            "subscribed": bool(mine),
            "back": home_url(partnership),
        },
    )


def _staff_of(partnership: Partnership) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=Membership.objects.active()
            .filter(agency__partnership=partnership)
            .values("user_id")
        ).order_by("full_name", "email")
    )


@role_required(*COORDINATORS)
def rota(request: HttpRequest) -> HttpResponse:
    """The partnership's SWEP outreach rota: told first, by text message and email."""
    partnership, partnerships = choose_partnership(
        _memberships(request), _slug(request), COORDINATORS
    )
    form = RotaMemberForm(
        request.POST if request.method == "POST" else None, staff=_staff_of(partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = add_rota_member(
                partnership,
                user=form.cleaned_data["user"],
                phone=form.cleaned_data["phone"],
                by=_user(request),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{member.user} is on the SWEP outreach rota.")
            return redirect(_page("swep:rota", partnership))
    members = list(
        RotaMember.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    for member in members:
        member.shown_phone = show_mobile(member.phone)  # type: ignore[attr-defined]
    return render(
        request,
        "swep/rota.html",
        {
            "form": form,
            "members": members,
            "partnership": partnership,
            "partnerships": partnerships,
            "back": home_url(partnership),
        },
    )


@role_required(*COORDINATORS)
@require_POST
def rota_remove(request: HttpRequest, member_id: UUID) -> HttpResponse:
    """Take someone off the rota (a coordinator of the rota's partnership; 404 otherwise)."""
    mine = partnerships_for(_memberships(request), COORDINATORS)
    member = (
        RotaMember.objects.filter(pk=member_id, partnership__in=mine)
        .select_related("user", "partnership")
        .first()
    )
    if member is None:
        raise Http404
    remove_rota_member(member, by=_user(request))
    messages.success(request, f"{member.user} is no longer on the SWEP outreach rota.")
    return redirect(_page("swep:rota", member.partnership))
