"""Staff accounts in a benchmark database: real users with real memberships, so every timed
read goes through the access policy exactly as a caseworker's would.

Load users get a fresh random password and TOTP secret on every run (kept only in the load
plan file for the run's length); nothing here is a known credential.
"""

import secrets
from dataclasses import dataclass
from typing import Any

import pyotp

EMAIL_DOMAIN = "bench.invalid"
MATCH_CASEWORKER = f"caseworker@{EMAIL_DOMAIN}"


@dataclass
class Account:
    email: str
    password: str
    totp_secret: str
    role: str
    agency_id: str


def frontline_agencies(partnership: Any) -> tuple[Any, Any]:
    """The partnership's housing options team and outreach team (any agency when absent)."""
    from waypost.accounts.models import AgencyType

    agencies = list(partnership.agencies.filter(is_active=True).order_by("name", "id"))
    if not agencies:
        raise LookupError(f"{partnership.slug} has no active agency")
    by_type = {}
    for agency in agencies:
        by_type.setdefault(agency.type, agency)
    housing = by_type.get(AgencyType.HOUSING_OPTIONS, agencies[0])
    outreach = by_type.get(AgencyType.OUTREACH, agencies[-1])
    return housing, outreach


def _member(email: str, agency: Any, role: str) -> Any:
    from waypost.accounts.models import Membership, User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=email.split("@")[0].title())
    if not Membership.objects.active().filter(user=user, agency=agency, role=role).exists():
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def match_caseworker(partnership: Any) -> Any:
    """The caseworker at the housing options team whose look-ups the match benchmark times."""
    from waypost.accounts.models import Role

    housing, _ = frontline_agencies(partnership)
    return _member(MATCH_CASEWORKER, housing, Role.CASEWORKER)


def load_accounts(partnership: Any, count: int) -> list[Account]:
    """`count` staff, half caseworkers at housing options and half outreach workers, each with
    a new random password and a new TOTP authenticator (MFA is enforced for every role)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from waypost.accounts.models import Role

    housing, outreach = frontline_agencies(partnership)
    accounts = []
    for i in range(count):
        agency, role = (
            (housing, Role.CASEWORKER) if i % 2 == 0 else (outreach, Role.OUTREACH_WORKER)
        )
        user = _member(f"load-{i + 1:02d}@{EMAIL_DOMAIN}", agency, role)
        password = secrets.token_urlsafe(24)
        user.set_password(password)
        user.save(update_fields=["password"])
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        secret = pyotp.random_base32()
        TOTP.activate(user, secret)
        accounts.append(Account(user.email, password, secret, str(role), str(agency.pk)))
    return accounts
