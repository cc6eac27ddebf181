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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
            ],
            "builtins": ["juki_admin.templatetags.wareki"],
        },
    },
]

WSGI_APPLICATION = "juki_admin.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
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
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"

# Cards: a card password is overdue for change after this many days (the app records only
# the date of the last change, never a password).
CARD_PASSWORD_MAX_AGE_DAYS = env.int("CARD_PASSWORD_MAX_AGE_DAYS", default=90)
# Checks run before an individual card is issued: dotted paths to callables
# check(*, card, holder, on) that raise juki_admin.errors.DomainError to refuse the issue or
# return a warning text (kept in the ledger entry). Apps to the right of cards add theirs
# here, so that cards never imports them (see DESIGN.md, Shape of the code).
CARD_ISSUE_CHECKS: list[str] = ["training.checks.new_operator_training"]

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
# Findings: reminders to the office head this many days before the due date (and daily when
# overdue), as for reclaims.
FINDING_REMINDER_DAYS: list[int] = [30, 7, 1]

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every font subset at INFO.
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
