"""Test personas: one user per role, in two partnerships, each with a TOTP second factor."""

from dataclasses import dataclass

import pyotp
from allauth.mfa.totp.internal.auth import TOTP

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User

PASSWORD = "correct horse battery staple"  # noqa: S105


@dataclass
class World:
    coventry: Partnership
    birmingham: Partnership
    council: Agency  # Coventry housing options
    outreach: Agency  # Coventry outreach team
    hospital: Agency  # Coventry hospital trust
    brum_council: Agency  # Birmingham housing options
    shelter: Agency  # Coventry night shelter and hostels (an accommodation provider)


def make_world() -> World:
    coventry = Partnership.objects.create(name="Coventry", slug="coventry", region="West Midlands")
    birmingham = Partnership.objects.create(
        name="Birmingham", slug="birmingham", region="West Midlands"
    )
    return World(
        coventry=coventry,
        birmingham=birmingham,
        council=Agency.objects.create(
            partnership=coventry, name="Coventry Housing Options", type=AgencyType.HOUSING_OPTIONS
        ),
        outreach=Agency.objects.create(
            partnership=coventry, name="Coventry Outreach", type=AgencyType.OUTREACH
        ),
        hospital=Agency.objects.create(
            partnership=coventry, name="University Hospital Coventry", type=AgencyType.HOSPITAL
        ),
        brum_council=Agency.objects.create(
            partnership=birmingham,
            name="Birmingham Housing Options",
            type=AgencyType.HOUSING_OPTIONS,
        ),
        shelter=Agency.objects.create(
            partnership=coventry, name="Coventry Night Shelter", type=AgencyType.ACCOMMODATION
        ),
    )


def make_user(
    email: str, *, agency: Agency | None = None, role: str | None = None, totp: bool = True
) -> User:
    """A staff user with a known password, optionally a membership and a TOTP authenticator.

    The TOTP secret is the user's email in base32, so a test can compute the code.
    """
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    if totp:
        TOTP.activate(user, totp_secret_for(user))
    return user


def totp_secret_for(user: User) -> str:
    import base64

    return base64.b32encode(user.email.encode().ljust(20, b"=")[:20]).decode()


def totp_code_for(user: User) -> str:
    return pyotp.TOTP(totp_secret_for(user)).now()


ROLE_HOMES: dict[str, str] = {
    Role.PARTNERSHIP_ADMIN: "council",
    Role.COORDINATOR: "council",
    Role.CASEWORKER: "council",
    Role.OUTREACH_WORKER: "outreach",
    Role.REFERRER: "hospital",
    Role.COMMISSIONER: "council",
    Role.DPO: "council",
    Role.PROVIDER: "shelter",
    Role.REGIONAL: "council",  # the combined authority's officer, seen from Coventry
}


def mark_recently_authenticated(client: object, user: User) -> None:
    """Record in the client's session that `user` just signed in with password and TOTP.

    allauth asks for re-authentication before sensitive actions unless one is recent.
    """
    import time

    session = client.session  # type: ignore[attr-defined]
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    _record_sign_in(client, session, user)
    session.save()


def _record_sign_in(client: object, session: object, user: User) -> None:
    """A real sign-in records the session for "Where you are signed in" (accounts.sessions);
    force_login has no client address to record, so do it here, as from this client."""
    from django.test import RequestFactory

    from waypost.accounts.sessions import record_session

    request = RequestFactory(**client.defaults).get("/")  # type: ignore[attr-defined]
    request.session = session  # type: ignore[assignment]
    request.user = user
    record_session(request)
