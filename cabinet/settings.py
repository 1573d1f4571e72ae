"""Cabinet settings: everything that varies between machines comes from the environment.

CABINET_DATA_DIR       data folder (SQLite database, generated secret key); default ./var
DATABASE_URL           sqlite:///path or postgres://user:pass@host:port/name;
                       default: SQLite in the data folder
CABINET_SECRET_KEY     secret key; when unset, one is generated once into the data folder
CABINET_DEBUG          "1"/"true" for development
CABINET_ALLOWED_HOSTS  comma-separated host names; default 127.0.0.1,localhost
CABINET_HTTPS          "1"/"true" behind HTTPS: secure cookies, HSTS, redirect to https
CABINET_CSRF_TRUSTED_ORIGINS  comma-separated origins (https://cabinet.example.fr)
CABINET_BENCH          "1" for `make bench`: each response tells its SQL queries
                       (X-Cabinet-Queries); never in production
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from cabinet.core.postgres import PG_OPTIONS


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CABINET_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    key = os.environ.get("CABINET_SECRET_KEY")
    if key:
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("CABINET_DEBUG")
ALLOWED_HOSTS = _list("CABINET_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _list("CABINET_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "cabinet.core",
    "cabinet.accounts",
    "cabinet.clients",
    "cabinet.groups",
    "cabinet.matters",
    "cabinet.activities",
    "cabinet.billing",
    "cabinet.insurance",
    "cabinet.history",
    "cabinet.portal",
]

MIDDLEWARE = [
    "cabinet.core.middleware.RequestEdgeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cabinet.core.middleware.PortalSessionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
if _flag("CABINET_BENCH"):
    # `make bench`: the SQL queries of each request in the X-Cabinet-Queries header. First,
    # so that it counts those of every other middleware too (sessions, users).
    MIDDLEWARE.insert(0, "cabinet.core.middleware.QueryCountMiddleware")

ROOT_URLCONF = "cabinet.urls"
WSGI_APPLICATION = "cabinet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'cabinet.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN, so two transactions never both read then write the same counter.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # PostgreSQL's planner settings (cabinet/core/postgres.py); options given in
    # DATABASE_URL (`?options=…`) come after them, and win.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{PG_OPTIONS} {_options.get('options', '')}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "cabinet.core.storage.StaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
# Source maps are only for developers' tools: compressing them (brotli) took a minute.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if _flag("CABINET_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# The firm as its bills show it (A7): set each value from the environment in production.
CABINET_FIRM = {
    "name": os.environ.get("CABINET_FIRM_NAME", "Cabinet Lefèvre & Vasseur"),
    "legal_form": os.environ.get("CABINET_FIRM_LEGAL_FORM", "SELARL au capital de 10 000 €"),
    "address": os.environ.get("CABINET_FIRM_ADDRESS", "12 rue de la République"),
    "postal_code": os.environ.get("CABINET_FIRM_POSTAL_CODE", "69002"),
    "city": os.environ.get("CABINET_FIRM_CITY", "Lyon"),
    "phone": os.environ.get("CABINET_FIRM_PHONE", "04 00 00 00 00"),
    "email": os.environ.get("CABINET_FIRM_EMAIL", "contact@lv-avocats.exemple.fr"),
    "siret": os.environ.get("CABINET_FIRM_SIRET", "000 000 000 00000"),
    "vat_number": os.environ.get("CABINET_FIRM_VAT_NUMBER", "FR00000000000"),
    "bar": os.environ.get("CABINET_FIRM_BAR", "Barreau de Lyon"),
    "payment_days": int(os.environ.get("CABINET_FIRM_PAYMENT_DAYS", "30")),
}

CABINET_PAGE_SIZE = 25
# A group's tree draws its first levels within this many members; deeper branches are drawn
# when opened (cabinet.groups.tree_views).
CABINET_TREE_ROWS = 300
# Logins: after this many refused attempts for one identifier, the next ones are refused
# for this many minutes, whatever the password (cabinet.accounts.services.login_check).
CABINET_LOGIN_MAX_FAILURES = int(os.environ.get("CABINET_LOGIN_MAX_FAILURES", "10"))
CABINET_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("CABINET_LOGIN_LOCKOUT_MINUTES", "15"))
CABINET_API_MAX_LIMIT = 200

# The client portal (I4, U2, U5): its own session cookie (cabinet.core.middleware), and the
# hours an invitation link (also «Mot de passe oublié») stays valid. The link is Django's
# password-reset token, single-use: it no longer matches once the password is set.
CABINET_PORTAL_SESSION_COOKIE_NAME = "cabinet_portal_session"
CABINET_PORTAL_INVITE_HOURS = int(os.environ.get("CABINET_PORTAL_INVITE_HOURS", "48"))
PASSWORD_RESET_TIMEOUT = CABINET_PORTAL_INVITE_HOURS * 3600

# Mail (portal invitations): an SMTP server when CABINET_EMAIL_HOST is set, else the
# console (the message is written to the server's output).
if os.environ.get("CABINET_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["CABINET_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("CABINET_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("CABINET_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("CABINET_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _flag("CABINET_EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("CABINET_EMAIL_FROM", "Cabinet <no-reply@cabinet.invalid>")
EMAIL_TIMEOUT = 20
# Request bodies above this size are refused with a 413 (cabinet.core.middleware); Django's
# own limit on what it reads into memory is the same.
CABINET_MAX_BODY_BYTES = int(os.environ.get("CABINET_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = CABINET_MAX_BODY_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CABINET_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
