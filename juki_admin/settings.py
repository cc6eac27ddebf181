"""Settings for juki-admin, every value read from the environment (or an optional .env file).

See README.md, section "Configuration", for the table of variables.
"""

import datetime
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """The configured key; in development one generated once and kept in a git-ignored file."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=False a SECRET_KEY must be given in the "
            "environment or in .env (see README.md, Configuration)."
        )
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "juki_admin",
    "cards",
    "training",
    "terminals",
    "audits",
    "juki_admin.sites.JukiAdminSiteConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    # security: sign-in lockout, two-factor sign-in, Content-Security-Policy
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "juki_admin.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # 503 while the database is away, for everything below: the three above only set headers
    # (never the database), so the 503 page keeps HSTS, the CSP and the Permissions-Policy
    "juki_admin.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # before any view or the CSRF check reads the body (their reading starts after every
    # middleware's own call), after the user is known (for the log)
    "juki_admin.middleware.UploadLimitMiddleware",
    "juki_admin.middleware.SessionTimeoutMiddleware",
    "juki_admin.directory.DirectorySessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "juki_admin.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "juki_admin.middleware.RefusalLogMiddleware",
    # last, as django-axes asks: answers a locked-out sign-in with the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "juki_admin.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "juki_admin.context_processors.menu",
                "juki_admin.context_processors.session_timeout",
            ],
            "builtins": ["juki_admin.templatetags.wareki", "juki_admin.templatetags.pages"],
        },
    },
]

WSGI_APPLICATION = "juki_admin.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL keeps its connections (checked before reuse); SQLite opens one per request.
_is_postgres = DATABASES["default"]["ENGINE"].endswith("postgresql")
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600 if _is_postgres else 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if _is_postgres and not env.bool("DATABASE_JIT", default=False):
    # PostgreSQL's JIT compiles a query when its estimated cost is high; for the short
    # queries of this application that costs more than it saves (0.9 s on one query of the
    # reclaim watch at 100,000 cards). Off for the application's connections only.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves the collected files (compressed, with hashed names) in production;
# development and the tests use the plain storage (no collectstatic needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Mail (reclaim reminders): EMAIL_URL such as smtp+tls://user:pass@host:587; console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="juki-admin@localhost")

# Production switches: on by default whenever DEBUG is off, each one can be turned off
# (for example behind a proxy that terminates HTTPS, set SECURE_PROXY_SSL_HEADER).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Cards: a card password is overdue for change after this many days (the app records only
# the date of the last change, never a password).
CARD_PASSWORD_MAX_AGE_DAYS = env.int("CARD_PASSWORD_MAX_AGE_DAYS", default=90)
# Checks run before an individual card is issued: dotted paths to callables
# check(*, card, holder, on) that raise juki_admin.errors.DomainError to refuse the issue or
# return a warning text (kept in the ledger entry). Apps to the right of cards add theirs
# here, so that cards never imports them (see DESIGN.md, Shape of the code).
CARD_ISSUE_CHECKS: list[str] = ["training.checks.new_operator_training"]
# Called after a person's status or office changes (juki_admin.services.staff_changed):
# dotted paths to callables hook(*, staff_ids, actor, reason). The cards app keeps the
# reclaim watch of their cards up to date here, so that juki_admin never imports cards.
STAFF_CHANGE_HOOKS: list[str] = ["cards.services.reclaim_watch_staff_changed"]

# Training: whether an individual card is refused or only warned about when its holder, newly
# designated, has not attended new-operator training; and the attendance rate under which an
# office stands out (著しく受講率の低い所属).
TRAINING_NEW_OPERATOR_RULE = env.str("TRAINING_NEW_OPERATOR_RULE", default="refuse")
TRAINING_LOW_RATE_THRESHOLD = env.float("TRAINING_LOW_RATE_THRESHOLD", default=0.8)
# The day the training rules took effect (the paper's yearly training starts in FY2013):
# cards issued before it, recorded from the old registers, are not checked.
TRAINING_RULES_FROM = datetime.date.fromisoformat(
    env.str("TRAINING_RULES_FROM", default="2013-04-01")
)

# Terminals: leases ending within this many days show on the system administrator's home;
# the points of the daily terminal check (端末機管理日次点検), in order; and how long each
# register is kept (days) before `manage.py purge_expired` removes it.
LEASE_WARNING_DAYS = env.int("LEASE_WARNING_DAYS", default=180)
TERMINAL_DAILY_CHECK_POINTS: list[str] = [
    "電源が切断されている（離席時・終業時）",
    "セキュリティワイヤーが施錠されている",
    "ドライブに媒体が残っていない",
    "帳票・手引書が施錠保管されている",
    "操作者識別カードが抜き取られている",
    "不審な機器・ケーブルが接続されていない",
]
RETENTION_DAYS: dict[str, int] = {
    "terminals.RoomEntry": env.int("RETENTION_ROOM_ENTRY_DAYS", default=365),
    "terminals.KeyLog": env.int("RETENTION_KEY_LOG_DAYS", default=365),
    "terminals.UsageLogEntry": env.int("RETENTION_USAGE_LOG_DAYS", default=5 * 365),
    "terminals.DailyCheck": env.int("RETENTION_DAILY_CHECK_DAYS", default=5 * 365),
}

# Audits: official letters (通知) are numbered per fiscal year with the sending division's
# prefix (市第254号), addressed to the office head with 様 (or 殿), signed by the sender's
# title, with 公印省略 printed when the official seal is omitted.
NOTICE_DOCUMENT_PREFIX = env.str("NOTICE_DOCUMENT_PREFIX", default="市")
NOTICE_HONORIFIC = env.str("NOTICE_HONORIFIC", default="様")
NOTICE_SENDER = env.str("NOTICE_SENDER", default="市町村課長")
NOTICE_SEAL_OMITTED = env.bool("NOTICE_SEAL_OMITTED", default=True)
# How the prefecture writes its letters (juki_admin.official): the date, "era" (令和8年12月4日)
# or "era_western" (令和8年（2026年）12月4日), and the one comma of a document, 、 or ，.
NOTICE_DATE_FORM = env.str("NOTICE_DATE_FORM", default="era")
NOTICE_COMMA = env.str("NOTICE_COMMA", default="、")
if NOTICE_DATE_FORM not in ("era", "era_western") or NOTICE_COMMA not in ("、", "，"):
    raise ImproperlyConfigured(
        "NOTICE_DATE_FORM is era or era_western, and NOTICE_COMMA is 、 or ，"
    )
# Reminders (cards due for reclaim, findings due for an improvement plan): one summary to
# each person responsible this many days before the due date, then daily while overdue.
REMINDER_DAYS: tuple[int, ...] = (30, 7, 1)

# Access-log reconciliation: look-ups outside these hours (or on a day that is not a
# working day) are raised for review.
ACCESS_BUSINESS_HOURS = (
    env.str("ACCESS_BUSINESS_HOURS_FROM", default="08:00"),
    env.str("ACCESS_BUSINESS_HOURS_TO", default="18:30"),
)

# History (django-simple-history): who changed what and why; history is never reverted.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# --- Security: sign-in, sessions, uploads, headers, logs (README, "Security") ---------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before the password
    "django.contrib.auth.backends.ModelBackend",
]
# Directory sign-in (LDAP / Active Directory, README "Directory sign-in"): off unless
# LDAP_SERVER_URI is set; then tried before the local logins, after the lockout.
from juki_admin.directory_config import directory_settings  # noqa: E402

LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", default="")
LDAP_EMPLOYEE_NUMBER_ATTRIBUTE = env.str("LDAP_EMPLOYEE_NUMBER_ATTRIBUTE", default="employeeNumber")
# A directory session is checked again at its next request after this many seconds.
LDAP_RECHECK_SECONDS = env.int("LDAP_RECHECK_SECONDS", default=0)
vars().update(
    directory_settings(
        server_uri=LDAP_SERVER_URI,
        bind_dn=env.str("LDAP_BIND_DN", default=""),
        bind_password=env.str("LDAP_BIND_PASSWORD", default=""),
        user_search_base=env.str("LDAP_USER_SEARCH_BASE", default=""),
        user_filter=env.str("LDAP_USER_FILTER", default="(uid=%(user)s)"),
        require_group=env.str("LDAP_REQUIRE_GROUP", default=""),
        group_search_base=env.str("LDAP_GROUP_SEARCH_BASE", default=""),
        group_type=env.str("LDAP_GROUP_TYPE", default="groupOfNames"),
        start_tls=env.bool("LDAP_START_TLS", default=False),
        ca_file=env.str("LDAP_CA_FILE", default=""),
    )
)
if LDAP_SERVER_URI:
    AUTHENTICATION_BACKENDS.insert(1, "juki_admin.directory.DirectoryBackend")
# django-axes: a sign-in is locked after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, never by address alone (a whole office may sit behind one address).
# The lock lifts after AXES_COOLOFF_MINUTES (0: only when the system administrator lifts it).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "juki_admin.two_factor.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the JSON log (juki_admin.logs)
# every failure kept (up to 1000 per user name), so that a lock shows since when it holds
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # a lockout is lifted from the login's page in the admin
# The client address: REMOTE_ADDR, never a header a client can forge; behind a proxy that
# sets it, e.g. AXES_CLIENT_IP_HEADER=HTTP_X_REAL_IP.
AXES_IPWARE_META_PRECEDENCE_ORDER = (env.str("AXES_CLIENT_IP_HEADER", default="REMOTE_ADDR"),)

# Two-factor sign-in (TOTP, django-otp): required for the roles below, optional for the others;
# a login with a confirmed device always passes the second step. Tests turn the enforcement
# off in tests/conftest.py and back on where they test it.
TWO_FACTOR_ENFORCED = env.bool("TWO_FACTOR_ENFORCED", default=True)
TWO_FACTOR_REQUIRED_ROLES = ["system_admin", "security_chief"]
TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="juki-admin")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Security keys (FIDO2/WebAuthn, django-otp-webauthn), a second factor only (never instead of
# the password). A key is bound to WEBAUTHN_RP_ID, the site's host name (not an address):
# changing it later means registering every key again.
OTP_WEBAUTHN_RP_ID = env.str(
    "WEBAUTHN_RP_ID",
    default=next(
        (h for h in ALLOWED_HOSTS if h.strip(".*") and not h.replace(".", "").isdigit()),
        "localhost",
    ).strip("."),
)
OTP_WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default="juki-admin")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ALLOWED_ORIGINS",
    default=[f"https://{OTP_WEBAUTHN_RP_ID}"] + (["http://localhost:8000"] if DEBUG else []),
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "juki_admin.security_keys.KeyHelper"

# Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request (a warning shows
# SESSION_IDLE_WARNING seconds before), and SESSION_ABSOLUTE_LIFETIME after signing in.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=15 * 60)
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING", default=2 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
CSRF_COOKIE_HTTPONLY = True

# Uploads: a request carrying a file larger than this is refused before it is read.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=10) * 1024 * 1024

# Evidence files (証拠書類) are stored under MEDIA_ROOT through the default storage (local
# disk; a shared volume or django-storages when there are several hosts, see README). They
# are never served from MEDIA_URL: every download goes through a view that checks the
# user's scope and the file's SHA-256.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

# Content-Security-Policy (django-csp): no inline script or style anywhere, the admin
# included; pages' small behaviours live in static/juki.js.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)
WHITENOISE_AUTOREFRESH = DEBUG

# Logs: JSON lines (time with its offset, level, event, user, address) on the console, and in
# LOG_FILE when set, for a log collector; LOG_FORMAT=text for plain lines.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
_log_handlers = {
    "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
}
if env.str("LOG_FILE", default=""):
    _log_handlers["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": env.str("LOG_FILE"),
        "formatter": "json",
    }


def _not_a_database_outage(record) -> bool:
    """Django's request log leaves out the 500 of an outage: the outage middleware answers it
    503 and logs it itself, once (``juki_admin.outage``)."""
    from juki_admin.middleware import is_database_away

    return not (record.exc_info and is_database_away(record.exc_info[1]))


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "not_a_database_outage": {
            "()": "django.utils.log.CallbackFilter",
            "callback": _not_a_database_outage,
        },
    },
    "formatters": {
        "json": {"()": "juki_admin.logs.JsonLinesFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": _log_handlers,
    "root": {"handlers": list(_log_handlers), "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every font subset at INFO; axes its version at start.
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},
        "django.request": {"filters": ["not_a_database_outage"]},
    },
}
