"""The one settings module. Every deployment difference comes from an environment variable."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from digicoop.envconf import (
    database_from_url,
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DIGICOOP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DIGICOOP_DEBUG", False)
SECRET_KEY = env_secret("DIGICOOP_SECRET_KEY") or local_secret(VAR_DIR / "secret_key")
# Keys that encrypt trainees' personal data (talent.crypto checks them at start-up): a
# comma-separated list of base64url 32-byte keys; the first encrypts, every one decrypts.
DIGICOOP_DATA_KEYS = env_secret("DIGICOOP_DATA_KEY") or local_secret(VAR_DIR / "data_key", 32)
ALLOWED_HOSTS = env_list("DIGICOOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DIGICOOP_CSRF_TRUSTED_ORIGINS", [])
# Shared reference data (SDG and Agenda 2063 frameworks, World Bank indicators) that
# `make run` loads when present; read in place, never copied into the repository.
SHARED_DATA_DIR = Path(env_str("DIGICOOP_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data")))
SITE_URL = env_str("DIGICOOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "plans",
    "participants",
    "activities",
    "progress",
    "demo",
    "api",
    "frameworks",
    "indicators",
    "interop",
    "talent",
    "django_tasks",
    "django_tasks_db",
    "finance",
    "workspace",
    "languages",
    "lib",
    "portal",
    "reports",
    "ninja",  # serves the API docs' Swagger UI from local static files, never a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "digicoop.middleware.RefuseNulBytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.limits.QueryStringLimit",
    # Before sessions, CSRF and authentication: an anonymous reader's public page is answered
    # from the cache without them (lib.public_cache says what is kept and why it is never stale).
    "lib.public_cache.PublicResponseCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Audit events written by signals know the request's user and address.
    "accounts.audit.RequestContext",
    # Which sessions a second-factor code verified, then what the second factor requires.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactor",
    "languages.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "activities.middleware.ActivityRefusals",
    # Last, as django-axes asks: it answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "digicoop.urls"
WSGI_APPLICATION = "digicoop.wsgi.application"

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
                "django.template.context_processors.i18n",
                "interop.context_processors.imports",
                "workspace.context_processors.workspace",
            ],
            # Numbers and dates are written one way everywhere (lib.formatting).
            "builtins": ["lib.templatetags.formatting"],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'digicoop.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while another writes; the busy timeout waits out the short
    # write transactions of others instead of failing with "database is locked". IMMEDIATE
    # takes the write lock when a transaction begins (not midway, where SQLite could only
    # fail), so transactions are kept short: no request-wide transaction (ATOMIC_REQUESTS);
    # each domain function that writes opens its own.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DIGICOOP_SQLITE_BUSY_TIMEOUT", 20, minimum=1),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Read replicas of the primary (PostgreSQL streaming replicas), comma-separated database URLs:
# anonymous public reads (pages and API) are spread over them (lib.replicas); everything else
# reads and writes the primary. A page read from a replica within DATABASE_REPLICA_MAX_LAG
# seconds of a change is not cached (the replica may not have the change yet).
DATABASE_REPLICAS = []
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS", [])):
    DATABASES[f"replica_{_n}"] = database_from_url("DATABASE_REPLICA_URLS", _url)
    DATABASE_REPLICAS.append(f"replica_{_n}")
DATABASE_ROUTERS = ["lib.replicas.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG = env_int("DIGICOOP_REPLICA_MAX_LAG_SECONDS", 5, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache of public responses and figures (lib.public_cache). By default files under
# var/cache: no server, shared by every process of this machine. Several machines share Redis:
# DIGICOOP_CACHE_URL=redis://127.0.0.1:6379/1 (or file:///path, locmem://, or off://).
CACHES = {"default": env_cache("DIGICOOP_CACHE_URL", f"file://{VAR_DIR / 'cache'}")}
# How long a public response or figure is kept at most (0 turns the page cache off). Changes
# invalidate at once; the limit only bounds the cache's size and anything that changes with
# the date alone.
PUBLIC_CACHE_SECONDS = env_int("DIGICOOP_PUBLIC_CACHE_SECONDS", 300, minimum=0)
# The pages an anonymous reader gets from the cache (URL names): public figures and records
# only; a page that shows anything of the user never belongs here.
PUBLIC_CACHE_URL_NAMES = frozenset(
    {
        "home",
        "plan-detail",
        "activity-list",
        "activity-detail",
        "progress:pillar",
        "progress:organisations",
        "progress:organisation",
        "progress:sectors",
        "progress:sector",
        "progress:country",
        "progress:chart-csv",
        "indicators:countries",
        "frameworks:plan-contribution",
        "talent:dashboard",
        "finance:overview",
        "finance:flows",
        "finance:pledges",
        "finance:scorecard",
        "interop:open-data",
    }
)
# Every anonymous GET of the API is public (it answers anonymous readers the public view);
# tokens are the reader's own.
PUBLIC_CACHE_PATH_PREFIXES = ("/api/v1/",)
PUBLIC_CACHE_EXCLUDED_PREFIXES = ("/api/v1/tokens",)
# Writes to these tables change nothing the public reads (sessions, sign-in records, the job
# queue's own rows, the cache table, accounts and their audit trail).
PUBLIC_CACHE_IGNORED_TABLES = (
    "django_session",
    "django_cache",
    "django_admin_log",
    "django_tasks",
    "axes_",
    "accounts_",
)

# Background jobs (digicoop.tasks): queued as rows of this database, run by `manage.py
# db_worker` processes (`make run` starts one). Being in the same database, a job is queued in
# the same transaction as the request that asks for it, and survives restarts of either side.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports"],
    }
}

# The cache counts short-lived things (applications to join per address): kept in files under
# var/ so every web worker of the machine shares the counts without another server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Sign-in protection (django-axes): after DIGICOOP_SIGNIN_FAILURE_LIMIT failures an account, and
# separately an address, is refused for DIGICOOP_SIGNIN_LOCKOUT_MINUTES; a success resets it.
# accounts.signin.Backend is Django's ModelBackend, loading a session's user with what the
# second factor needs to know about them (no query of its own on every request).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.signin.Backend",
]
AXES_FAILURE_LIMIT = env_int("DIGICOOP_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("DIGICOOP_SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.client_ip"
AXES_VERBOSE = False
# Two-step sign-in (accounts.twofactor): a TOTP app and backup codes. Anyone may enrol; a plan
# may require it of its secretariat and reviewers (Plan.require_two_factor); with
# DIGICOOP_REQUIRE_2FA_FOR_STAFF on, staff users and every plan's secretariat and reviewers must.
DIGICOOP_REQUIRE_2FA_FOR_STAFF = env_bool("DIGICOOP_REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = env_str("DIGICOOP_2FA_ISSUER", "digicoop")
# Wrong codes slow down further tries on the device too (1 s, 2 s, 4 s…), besides django-axes.
OTP_TOTP_THROTTLE_FACTOR = 1
# A password-reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("DIGICOOP_PASSWORD_RESET_MINUTES", 60, minimum=5) * 60
# API tokens stop working this many days after they are made (a shorter life may be asked).
DIGICOOP_API_TOKEN_DAYS = env_int("DIGICOOP_API_TOKEN_DAYS", 90, minimum=1)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("zh-hans", "简体中文"),
    ("ar", "العربية"),
    ("pt", "Português"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language management commands write to whoever runs them in (summaries, refusals,
# errors); manage.py activates it. Empty: the site's LANGUAGE_CODE, as Django does by default.
COMMAND_LANGUAGE = env_str("DIGICOOP_COMMAND_LANGUAGE", "").strip().lower()
if COMMAND_LANGUAGE and COMMAND_LANGUAGE not in {code for code, _name in LANGUAGES}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"DIGICOOP_COMMAND_LANGUAGE must be one of {', '.join(c for c, _n in LANGUAGES)}, "
        f"got {COMMAND_LANGUAGE!r}"
    )
# Arabic reads right to left; LANGUAGES_BIDI already lists it. The choice lasts a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Arabic and CJK fonts from Debian's font packages, when installed (languages/fonts.py).
    "languages.fonts.SystemFontsFinder",
]
# Font collections are large and already compact; compressing them only slows collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *["jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"],
    *["woff", "woff2", "mp4", "webm", "ttc"],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("DIGICOOP_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DIGICOOP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# IATI files at least this large are read by reader processes while the importer writes.
IATI_PARALLEL_MIN_BYTES = env_int("DIGICOOP_IATI_PARALLEL_MIN_BYTES", 16 * 1024 * 1024, minimum=0)
# Each reader parses the whole file and checks its share: a second one pays only where there
# are cores to spare (on two cores, one reader was faster: bench/README.md).
IATI_READER_PROCESSES = env_int(
    "DIGICOOP_IATI_READER_PROCESSES", 1 if (os.cpu_count() or 1) <= 2 else 2, minimum=1
)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# The largest uploaded file accepted (import files; documents have DOCUMENT_MAX_BYTES).
UPLOAD_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE

# Outgoing e-mail (reporting reminders, password resets, other notices): "smtp" sends through
# the relay below; "console" (the default, for development) writes messages to the log.
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}.get(env_str("DIGICOOP_EMAIL_BACKEND", "console"), "")
if not EMAIL_BACKEND:
    raise ImproperlyConfigured("DIGICOOP_EMAIL_BACKEND must be smtp or console")
EMAIL_TIMEOUT = env_int("DIGICOOP_EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_HOST = env_str("DIGICOOP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DIGICOOP_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DIGICOOP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("DIGICOOP_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("DIGICOOP_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DIGICOOP_FROM_EMAIL", "digicoop@localhost")
# An invitation's link works once, for this many days after it was sent (accounts.invitations).
DIGICOOP_INVITATION_DAYS = env_int("DIGICOOP_INVITATION_DAYS", 7, minimum=1)
# Applications to join (workspace.join): at most this many an hour from one address, and for
# one contact e-mail; more are refused with a message (Django's cache counts them).
DIGICOOP_JOIN_LIMIT_PER_HOUR = env_int("DIGICOOP_JOIN_LIMIT_PER_HOUR", 3, minimum=1)
# Reporting reminders (finance.reporting): days before a due date, and the window after it in
# which a partner that has not reported gets its one overdue reminder.
DIGICOOP_REMINDER_DAYS_BEFORE = env_int("DIGICOOP_REMINDER_DAYS_BEFORE", 14, minimum=0)
DIGICOOP_REMINDER_DAYS_AFTER = env_int("DIGICOOP_REMINDER_DAYS_AFTER", 30, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DIGICOOP_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DIGICOOP_BEHIND_TLS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS in production: redirect plain HTTP, and tell browsers to use HTTPS only (HSTS) for
# DIGICOOP_HSTS_SECONDS; subdomains and the browsers' preload list are opt-in, as both are
# hard to undo.
SECURE_SSL_REDIRECT = env_bool("DIGICOOP_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DIGICOOP_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DIGICOOP_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DIGICOOP_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
# A signed-in session ends after DIGICOOP_SESSION_HOURS, and when the browser closes.
SESSION_COOKIE_AGE = env_int("DIGICOOP_SESSION_HOURS", 8, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Content-Security-Policy (django-csp): scripts and style sheets from this site only, and
# nothing inline: no inline script, no style element, no style attribute (the progress bars and
# the map's legend are drawn in SVG with geometry attributes instead).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [NONE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOG_LEVEL = env_str("DIGICOOP_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"DIGICOOP_LOG_LEVEL must be a logging level, got {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs each layout step of each page at INFO: a report would print hundreds.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
