"""Deploy checks (`manage.py check --deploy`) for what leaves the machine.

ASVS 12.3.1: connections to outside services (mail relay, database, text message gateway,
shared cache) use TLS. ASVS 5.4.3: uploads are scanned for viruses. Each warns outside demo
mode only. A loopback address or a Unix socket never leaves the machine, so needs no TLS.
"""

import ipaddress
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from waypost.lib.virus_scan import parse_address

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
POSTGRES_ENGINES = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")
# libpq's modes that refuse an unencrypted connection ("prefer", its default, does not).
ENCRYPTED_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})


def stays_on_this_machine(host: str) -> bool:
    """A Unix socket path, "localhost" or a loopback address. No DNS look-up."""
    host = host.strip().strip("[]")
    if host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def email_uses_tls(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.WAYPOST_DEMO:
        return []
    warnings = []
    for mailer in settings.MAILERS.values():
        options = mailer.get("OPTIONS", {})
        if (
            mailer.get("BACKEND") != SMTP_BACKEND
            or options.get("use_tls")
            or options.get("use_ssl")
        ):
            continue
        if not stays_on_this_machine(str(options.get("host") or "localhost")):
            warnings.append(
                Warning(
                    "Email is sent to the SMTP server without encryption: reset links, "
                    "invitations and alerts could be read on the way.",
                    hint="Set EMAIL_USE_TLS=1 (STARTTLS, usually port 587) or EMAIL_USE_SSL=1 "
                    "(usually port 465), or relay through a mail server on this machine.",
                    id="waypost.W010",
                )
            )
    return warnings


# Not tagged "database": Django runs those only with --database, and this reads settings only.
@register(Tags.security, deploy=True)
def database_uses_tls(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.WAYPOST_DEMO:
        return []
    return [
        Warning(
            f"The {alias} database is on another machine but the connection to it may not "
            "be encrypted: every record passes over it.",
            hint="Add ?sslmode=verify-full (or require) to "
            f"{'DATABASE_URL' if alias == 'default' else 'DATABASE_REPLICA_URL'}.",
            id="waypost.W011",
        )
        for alias in unencrypted_databases(settings.DATABASES, os.environ)
    ]


def unencrypted_databases(
    databases: dict[str, dict[str, Any]], environ: Mapping[str, str]
) -> list[str]:
    """Aliases of PostgreSQL databases on another machine whose sslmode allows plain text."""
    aliases = []
    for alias, database in databases.items():
        if database.get("ENGINE") not in POSTGRES_ENGINES:
            continue
        # libpq falls back to these environment variables when the URL leaves them out; with
        # no host at all it uses its Unix socket.
        host = str(database.get("HOST") or environ.get("PGHOST", ""))
        sslmode = database.get("OPTIONS", {}).get("sslmode") or environ.get("PGSSLMODE", "")
        if host and not stays_on_this_machine(host) and sslmode not in ENCRYPTED_SSLMODES:
            aliases.append(alias)
    return aliases


def _plain_http_to_another_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and not stays_on_this_machine(parts.hostname or "")


@register(Tags.security, deploy=True)
def sms_gateway_uses_https(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.WAYPOST_DEMO or not _plain_http_to_another_machine(settings.WAYPOST_SMS_URL):
        return []
    return [
        Warning(
            "Text messages and the gateway token are sent over plain HTTP.",
            hint="Set WAYPOST_SMS_URL to the gateway's https:// address.",
            id="waypost.W012",
        )
    ]


@register(Tags.security, Tags.caches, deploy=True)
def cache_uses_tls(app_configs: Any, **kwargs: Any) -> list[Warning]:
    parts = urlsplit(settings.CACHE_URL)
    if settings.WAYPOST_DEMO or parts.scheme != "redis":
        return []
    if stays_on_this_machine(parts.hostname or ""):
        return []
    return [
        Warning(
            "The Redis cache is on another machine and the connection to it is not encrypted.",
            hint="Use a rediss:// address in CACHE_URL.",
            id="waypost.W013",
        )
    ]


@register(Tags.security)
def clamd_address_is_well_formed(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.CLAMD_ADDRESS:
        return []
    try:
        parse_address(settings.CLAMD_ADDRESS)
    except ValueError:
        return [
            Error(
                "CLAMD_ADDRESS is not an address Waypost understands, so every upload would "
                "be refused.",
                hint='Use "tcp://HOST:PORT" or "unix:///path/to/clamd.ctl".',
                id="waypost.E020",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def uploads_are_scanned(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.WAYPOST_DEMO:
        return []
    if not settings.CLAMD_ADDRESS:
        return [
            Warning(
                "Uploaded files (signed consent forms, settlement files) are not scanned for "
                "viruses.",
                hint="Run ClamAV's clamd and set CLAMD_ADDRESS, for example "
                '"unix:///run/clamav/clamd.ctl".',
                id="waypost.W020",
            )
        ]
    try:
        kind, target = parse_address(settings.CLAMD_ADDRESS)
    except ValueError:
        return []  # waypost.E020 says so
    # clamd has no TLS: a consent form sent to another machine would cross the network in clear.
    if kind == "tcp" and isinstance(target, tuple) and not stays_on_this_machine(target[0]):
        return [
            Warning(
                "Uploaded files are sent to clamd on another machine without encryption "
                "(clamd has no TLS).",
                hint="Run clamd on this machine (a Unix socket or 127.0.0.1) and set "
                "CLAMD_ADDRESS to it, or reach it through an encrypted tunnel on loopback.",
                id="waypost.W021",
            )
        ]
    return []
