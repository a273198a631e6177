"""Waypost settings: one module, read from the environment (see README "Settings").

Defaults are safe for production. WAYPOST_DEMO=1 (set by `make run`) is the only switch
that relaxes anything, and the production entry points (waypost.wsgi, waypost.asgi) refuse it.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from waypost.lib.env import env_bool, env_int, env_list, env_str
from waypost.lib.replica import REPLICA, ROUTER, replica_database

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WAYPOST_VAR_DIR", str(BASE_DIR / "var")))

WAYPOST_DEMO = env_bool("WAYPOST_DEMO")

# Tracebacks never reach a browser: errors go to the log and the GOV.UK-style error pages.
DEBUG = False

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not WAYPOST_DEMO:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, "
            "or WAYPOST_DEMO=1 for a local demo."
        )
    SECRET_KEY = "demo-only-insecure-key-never-used-in-production-0123456789abcdef"  # noqa: S105
# Rotation (docs/security.md "Keys and secrets"): old keys, comma-separated, still accepted for
# sessions and reset links until they expire. env_str, so a secrets file (…_FILE) works too.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in env_str("SECRET_KEY_FALLBACKS").split(",") if key.strip()
]

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if WAYPOST_DEMO else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production; the demo serves plain HTTP on localhost.
WAYPOST_HTTPS = env_bool("WAYPOST_HTTPS", default=not WAYPOST_DEMO)
SECURE_SSL_REDIRECT = WAYPOST_HTTPS
# The API is not redirected but refused over plain HTTP (waypost/lib/api_https.py): a redirect
# would hide that a partner's token crossed the network in clear.
SECURE_REDIRECT_EXEMPT = [r"^api/"]
SESSION_COOKIE_SECURE = WAYPOST_HTTPS
CSRF_COOKIE_SECURE = WAYPOST_HTTPS
if WAYPOST_HTTPS:
    # Browsers take __Host- cookies only over HTTPS, for this host and path /: no other
    # subdomain can set or shadow them.
    SESSION_COOKIE_NAME = "__Host-waypost-session"
    CSRF_COOKIE_NAME = "__Host-waypost-csrf"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if WAYPOST_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = WAYPOST_HTTPS
SECURE_HSTS_PRELOAD = WAYPOST_HTTPS
if env_bool("WAYPOST_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Idle timeout: every request renews the session; it ends after this many idle minutes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# However active, a session ends this many hours after signing in (a long shift).
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Users see where they are signed in and end other sessions (ASVS 7.5.2).
    "allauth.usersessions",
    "axes",
    "auditlog",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_tasks_db",
    "waypost.lib",
    "waypost.accounts",
    "waypost.audit",
    "waypost.sharing",
    "waypost.people",
    "waypost.referrals",
    "waypost.outreach",
    "waypost.cases",
    "waypost.housing",
    "waypost.swep",
    "waypost.directory",
    "waypost.commissioning",
    "waypost.funds",
    "waypost.strategy",
    "waypost.reporting",
    "waypost.scheduling",
    "waypost.notifications",
    "waypost.pages",
    "waypost.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # With SECURE_SSL_REDIRECT on, plain-HTTP API calls get 403 (they are exempt from the redirect).
    "waypost.lib.api_https.ApiHttpsOnlyMiddleware",
    "waypost.accounts.middleware.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waypost.accounts.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL in a query is a 400 before any view passes it to PostgreSQL (a server error).
    "waypost.lib.null_characters.RefuseNullCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "waypost.accounts.middleware.SessionLifetimeMiddleware",
    "waypost.accounts.middleware.MembershipMiddleware",
    # Records each signed-in session (device, address, last seen) for "Where you are signed in";
    # after the membership check, so a session that has just ended is not recorded.
    "waypost.accounts.sessions.SessionTrackingMiddleware",
    "waypost.accounts.middleware.RequireMfaMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Logs pages' refusals (403, records that exist but are not the user's) on waypost.security.
    "waypost.lib.refusal_logging.RefusalLogMiddleware",
    # Axes last, as its documentation asks, so it sees every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "waypost.urls"
# The development server's entry point. Production servers load waypost.wsgi, which
# refuses demo mode.
WSGI_APPLICATION = "waypost.devserver.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waypost.accounts.context_processors.navigation",
                "waypost.swep.context_processors.swep_banner",
            ],
        },
    }
]

# SQLite in WAL mode with IMMEDIATE transactions is the embedded default: the web process and
# the worker take the write lock up front instead of failing with "database is locked".
DEFAULT_SQLITE_PATH = VAR_DIR / "waypost.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles any query it guesses is costly: on the by-name list that took
    # 120 ms of 275 ms at 10k people (bench/results.md). Waypost's queries are short, so it is
    # off unless the URL sets ?options=... itself.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# Where `manage.py dedupe --backend spark` runs Splink: a Spark master URL; "local[*]" is this
# machine.
SPARK_MASTER = env_str("SPARK_MASTER", "local[*]")
# Reports and dashboards may read from a PostgreSQL read replica (waypost/lib/replica.py):
# only when DATABASE_REPLICA_URL is set is there a second alias and a router.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 300)
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES[REPLICA] = replica_database(DATABASE_REPLICA_URL, DATABASES["default"])
    DATABASE_ROUTERS = [ROUTER]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Context words and the user's organisation names, then an offline breached-password list
    # (no outbound call with anything derived from a password): accounts/passwords.py.
    {"NAME": "waypost.accounts.passwords.ContextWordsValidator"},
    {"NAME": "waypost.accounts.passwords.BreachedPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email login, no open sign-up (see accounts.adapter), TOTP for everyone.
ACCOUNT_ADAPTER = "waypost.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "waypost.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("REAUTHENTICATION_SECONDS", 300)
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Waypost: "
# TOTP secrets and recovery-code seeds are AES-256-GCM encrypted at rest (accounts/mfa_adapter.py).
MFA_ADAPTER = "waypost.accounts.mfa_adapter.MFAAdapter"
# Base64 of 32 random bytes. Empty: derived from SECRET_KEY, for the demo only (deploy check).
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY")
# Old keys, comma-separated, still tried on decrypt while `reencrypt_mfa_secrets` rotates.
MFA_ENCRYPTION_KEY_FALLBACKS = [  # env_str, so a secrets file (…_FILE) works too
    key.strip() for key in env_str("MFA_ENCRYPTION_KEY_FALLBACKS").split(",") if key.strip()
]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Waypost"
MFA_RECOVERY_CODE_COUNT = 10
# allauth.usersessions: keep each session's address and last-seen time (throttled by
# accounts.sessions.SessionTrackingMiddleware, which records at most once a minute a session).
USERSESSIONS_TRACK_ACTIVITY = True
# The client address allauth records for sessions, behind the same proxies axes counts.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("PROXY_COUNT", 0)

# django-axes: lock an account from an address after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Wrong authenticator codes: AXES_FAILURE_LIMIT + 1 per user in this many minutes.
MFA_GUESS_MINUTES = env_int("MFA_GUESS_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "waypost.accounts.forms.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Content Security Policy, enforced; the only inline script carries the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Email leaves only through the outbox worker (notifications.tasks), never from a request.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if WAYPOST_DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
_MAILER_OPTIONS: dict[str, dict[str, object]] = {
    "django.core.mail.backends.smtp.EmailBackend": {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    },
    "django.core.mail.backends.filebased.EmailBackend": {"file_path": str(VAR_DIR / "mail")},
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": _MAILER_OPTIONS.get(EMAIL_BACKEND_PATH, {}),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waypost <no-reply@waypost.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAYPOST_BASE_URL = env_str("WAYPOST_BASE_URL", "http://127.0.0.1:8000" if WAYPOST_DEMO else "")

# Text messages (waypost/notifications/sms.py): "console" logs the outbox id and sends nothing;
# "http" POSTs each message to WAYPOST_SMS_URL with WAYPOST_SMS_TOKEN as a bearer token.
WAYPOST_SMS_PROVIDER = env_str("WAYPOST_SMS_PROVIDER", "console")
WAYPOST_SMS_URL = env_str("WAYPOST_SMS_URL")
WAYPOST_SMS_TOKEN = env_str("WAYPOST_SMS_TOKEN")
WAYPOST_SMS_TIMEOUT = env_int("WAYPOST_SMS_TIMEOUT", 10)
# Lets the SWEP forecast feed reach loopback and private addresses. Tests only (their feed
# server is on 127.0.0.1); never in production (swep/feed_connection.py).
FORECAST_FEED_ALLOW_PRIVATE = env_bool("FORECAST_FEED_ALLOW_PRIVATE")
if WAYPOST_SMS_PROVIDER not in ("console", "http"):
    raise ImproperlyConfigured("WAYPOST_SMS_PROVIDER must be console or http.")
if WAYPOST_SMS_PROVIDER == "http" and not WAYPOST_SMS_URL:
    raise ImproperlyConfigured("WAYPOST_SMS_PROVIDER is http: set WAYPOST_SMS_URL as well.")

# Uploads are scanned by ClamAV's clamd before they are stored (waypost/lib/virus_scan.py):
# "tcp://127.0.0.1:3310" or "unix:///run/clamav/clamd.ctl". When set, an upload that cannot be
# scanned is refused; when empty nothing is scanned, and `check --deploy` warns outside demo.
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)  # seconds clamd may take over any one step

OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Public alert form and status look-ups, per client address (waypost/referrals/ratelimit.py).
# Rate limits (public alerts, the API's throttles) count in the cache, so every web process must
# share it: the database by default (a table made by a migration), or Redis with CACHE_URL.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL, or unset.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "waypost_cache",
        }
    }
ALERTS_FORM_RATE = env_str("ALERTS_FORM_RATE", "20/hour")
ALERTS_STATUS_RATE = env_str("ALERTS_STATUS_RATE", "60/minute")
# The public directory search and toolkit PDFs cost a query plan or a PDF render per call: limited
# per client address like the alert pages. Signed-in API calls: per user (SignedInApiThrottle).
PUBLIC_SEARCH_RATE = env_str("PUBLIC_SEARCH_RATE", "60/minute")
PUBLIC_PDF_RATE = env_str("PUBLIC_PDF_RATE", "20/minute")
# The public giving and severe weather pages: aggregates only, cheap, but each is a few queries.
# Generous, as a day centre's or a library's visitors may share one address.
PUBLIC_PAGE_RATE = env_str("PUBLIC_PAGE_RATE", "120/minute")
API_USER_RATE = env_str("API_USER_RATE", "1200/hour")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "waypost.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["waypost.accounts.api_auth.HasActiveMembership"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_standardized_errors.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    # Views without a token-free limit of their own (PublicApiThrottle) are limited per user.
    "DEFAULT_THROTTLE_CLASSES": ["waypost.referrals.ratelimit.SignedInApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "30/minute"),
        "user": API_USER_RATE,
    },
}
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # The same error shape, but refusals (403, hidden records, 429) are logged first.
    "EXCEPTION_HANDLER_CLASS": "waypost.lib.refusal_logging.LoggingExceptionHandler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waypost API",
    "DESCRIPTION": (
        "Token-authenticated API for partner systems. Send `Authorization: Token <token>`; "
        "a token acts with exactly its user's permissions."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",  # noqa: E501
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        # Street contacts: `offered` and `accepted` share the same codes.
        "OfferEnum": "waypost.outreach.models.Offer.choices",
        "TimelineKindEnum": "waypost.cases.timeline.Kind.choices",
        "IdentifierKindEnum": "waypost.people.models.IdentifierKind.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        # Errors inside a list name the item (`identifiers.0.value`): document that as a pattern.
        "waypost.api.list_index_attrs_as_patterns",
    ],
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Logs carry ids, never personal data: no request bodies, no query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times in UTC with a Z (ASVS 16.2.2), whatever the server's time zone.
    "formatters": {
        "plain": {
            "()": "waypost.lib.utc_log_format.UtcFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    # Invitation tokens and reset keys in a path are written as "[redacted]" (ASVS 14.2.1).
    "filters": {"secret_paths": {"()": "waypost.lib.log_redaction.RedactSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Refusals and sign-in events (waypost/lib/security_log.py), whatever LOG_LEVEL says.
        "waypost.security": {"level": "INFO"},
        # The development server's request lines, otherwise in Django's local-time format.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Django logs full request paths for 4xx; ours hold only UUIDs, but keep it quiet.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Forms render as GOV.UK components (labels, hints, error messages) wherever {{ form }} is used.
FORM_RENDERER = "waypost.pages.forms.GovukFormRenderer"

# Failed passwords are counted by django-axes (its lockout page explains what to do, after
# LOGIN_FAILURE_LIMIT). allauth's "login_failed" limit is the only one on authenticator codes
# (axes never sees that step), so it stays on: per user, a little above axes' limit so that for
# passwords axes still answers first. Without it, the 1 in 333,333 chance of guessing a code
# could be tried without end after a stolen password.
ACCOUNT_RATE_LIMITS = {"login_failed": f"{AXES_FAILURE_LIMIT + 1}/{MFA_GUESS_MINUTES * 60}s/key"}
