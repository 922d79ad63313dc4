"""Settings for SWP Governance: one module, driven by environment variables.

Every value that production needs is read from the environment and checked here, so that a
mistyped or missing value stops the process at start-up instead of misbehaving later.
With nothing set, the app runs on the embedded default: SQLite and Celery tasks run in-process.
"""

import datetime
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from swp.env import env_bool, env_int, env_list, env_site_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

# No default key outside DEBUG: a guessable key would let anyone forge sessions.
SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",
    "axes",
    "swp",
    "boards",
    "priorities",
    "actions",
    "performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "swp.middleware.AuditContextMiddleware",
    # Before anything reads the database for the request (swp/page_cache.py).
    "swp.page_cache.generation_read_first",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so that a session it ends can say why on the sign-in page.
    "swp.middleware.SessionLimitsMiddleware",
    "swp.middleware.PrivatePagesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "swp.urls"
WSGI_APPLICATION = "swp.wsgi.application"

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
                "swp.context_processors.service",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
        }
    }
# Forms read every choice list through QuerySet.iterator(), which on PostgreSQL opens a server-side
# cursor: more round trips for each list, on every page with a filter form. The lists are short; the
# audit export builds its whole file in memory anyway, and a command that iterates over a whole
# table (dumpdata) now reads it at once.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "swp.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before any password is checked.
    "swp.backends.SignInThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "swp.backends.StaffModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# UK formats (dates typed as 31/3/2026, shown as 1 March 2026) come from the language code alone.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The service is in English and carries no translations. With translation on, every month name,
# lazy label and message looked up a catalogue that only repeats it: a tenth of a page's time.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# static/swp/ holds the project's own scripts; the front-end build compiles static/src/ into
# static/dist/ (ignored by git, made by `make assets`). The Sass sources are never served.
STATICFILES_DIRS = [("swp", BASE_DIR / "static" / "swp"), ("dist", BASE_DIR / "static" / "dist")]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The pack styles a widget by the name of its class: swp.widgets.LongSelect is a select.
CRISPY_CLASS_CONVERTERS = {"longselect": "govuk-select"}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="swp-governance@localhost")

REDIS_URL = env_str("REDIS_URL", default="")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Keeps apart services that share one Redis database (and the test runs that do).
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default=""),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    # Without Redis the embedded default still runs every task, in the web process.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_STORE_EAGER_RESULT = True
# Rendered filter forms ({% filter_form %}): in each process's own memory, bounded, and emptied by
# every restart, so that a deploy's new layout or template is in force at once (docs/adr/0006).
CACHES["filter_forms"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "filter-forms",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# Key pages kept for repeat visits until the next write (swp/page_cache.py, docs/adr/0007), at most
# this many seconds: how late a page may be to show what changes with the clock alone. Every process
# must see every other's writes, which only the shared cache gives, so it needs REDIS_URL.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=60 if REDIS_URL else 0)
if PAGE_CACHE_SECONDS < 0 or (PAGE_CACHE_SECONDS and not REDIS_URL):
    raise ImproperlyConfigured("PAGE_CACHE_SECONDS must be 0 (off), or a number of seconds with REDIS_URL set.")
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 300},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Performance packs (performance/packs/). The automatic draft is built this many days after a
# quarter ends, and owners without a progress update in the quarter are reminded this many days
# before that, so the draft has their news.
PACK_DRAFT_DAYS_AFTER_QUARTER = env_int("PACK_DRAFT_DAYS_AFTER_QUARTER", default=21)
PACK_REMINDER_DAYS_BEFORE_DRAFT = env_int("PACK_REMINDER_DAYS_BEFORE_DRAFT", default=7)
# 0 reminder days sends no reminders. Otherwise they go on a day after the quarter has ended (so
# that it is the quarter just closed they ask about) and before its draft.
if not 0 <= PACK_REMINDER_DAYS_BEFORE_DRAFT < PACK_DRAFT_DAYS_AFTER_QUARTER <= 60:
    raise ImproperlyConfigured(
        "Need 0 <= PACK_REMINDER_DAYS_BEFORE_DRAFT < PACK_DRAFT_DAYS_AFTER_QUARTER <= 60 (days): the draft "
        "must come before the next quarter's work starts, and the reminder after the quarter and before the draft."
    )
# A build that has not finished this long after it started is taken for dead (its worker was
# killed) and started again, up to PACK_BUILD_MAX_ATTEMPTS attempts in all; then it fails with a reason.
PACK_BUILD_STALE_AFTER_SECONDS = env_int("PACK_BUILD_STALE_AFTER_SECONDS", default=600)
PACK_BUILD_MAX_ATTEMPTS = env_int("PACK_BUILD_MAX_ATTEMPTS", default=3)
# Test-only: seconds a build waits after writing its files and before making them the pack's, so
# that the tests can kill a worker in the middle of a build. Leave unset everywhere else.
PACK_BUILD_TEST_DELAY_SECONDS = env_int("PACK_BUILD_TEST_DELAY_SECONDS", default=0)

# Where the real MPS crime files live for the tests that read them; absent files skip those tests.
SHARED_DATA_DIR = Path(env_str("SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# An escalation no board has resolved after this many days goes up to the Executive (boards/tasks.py).
ESCALATION_AGE_DAYS = env_int("ESCALATION_AGE_DAYS", default=14)

DEMO_PASSWORD = env_str("DEMO_PASSWORD", default="swp-demo-2026")

SERVICE_NAME = env_str("SERVICE_NAME", default="SWP Governance")
# Where people reach the service, for the links in emails: a job sending mail has no request to
# take the address from.
SITE_URL = env_site_url("SITE_URL", default="http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step of rendering a pack at INFO; only its warnings are news. So does
    # django-axes for every sign-in, which the audit log records anyway; its lockouts are warnings.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

CSRF_FAILURE_VIEW = "swp.views.csrf_failure"

# HTTPS and browser protections (`manage.py check --deploy` passes with DEBUG off). Tests and a
# local run over plain HTTP switch the redirect off with SECURE_SSL_REDIRECT=false.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers ask for the health check over plain HTTP and do not follow redirects.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Behind a proxy that terminates HTTPS, the header it sets to "https" on secure requests, e.g.
# X-Forwarded-Proto. Only set it when the proxy always sets or strips that header itself.
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER", default="")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp): only the service's own files and no inline style at all.
# An inline script runs only with its response's nonce ({{ request.csp_nonce }}), or if it is the
# GOV.UK Frontend line in base.html that marks the page as having JavaScript, allowed by its hash.
JS_ENABLED_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, JS_ENABLED_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sessions (docs/adr/0004-ending-sessions.md). Every request saves the session, so
# SESSION_COOKIE_AGE is the idle limit; SESSION_MAX_AGE_SECONDS ends a session this long after
# sign-in however busy it is (swp.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_AGE_SECONDS = env_int("SESSION_MAX_AGE_SECONDS", default=10 * 60 * 60)
if not 0 < SESSION_COOKIE_AGE <= SESSION_MAX_AGE_SECONDS:
    raise ImproperlyConfigured("Need 0 < SESSION_COOKIE_AGE (idle limit) <= SESSION_MAX_AGE_SECONDS (seconds).")

# Sign-in throttling (django-axes): this many failures for one username, or from one address,
# lock further attempts on it for SIGN_IN_LOCKOUT_MINUTES. Attempts during a lockout are refused
# without extending it. An administrator unlocks early from the user's page in the admin.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "swp.views.sign_in_locked_out"
AXES_CLIENT_IP_CALLABLE = "swp.network.client_ip"
# The audit log (swp.models.AuditEvent) records every sign-in; axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
# How many proxies in front of the app append to X-Forwarded-For; 0 means the app is reached
# directly. Sign-in throttling per address and the audit log go by the address this yields.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)

# Uploads stay in memory: Django's temporary-file handler names its file after the uploaded one,
# and nothing a person sends may choose a path on the server. Files over the limit are dropped;
# the import pages read theirs through performance.uploads, which says why.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
