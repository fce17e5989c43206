"""Settings for the danvan project, read from environment variables.

Local runs need no configuration: SQLite in the repository folder, a generated secret key kept in
a git-ignored file, DEBUG on. A production run (DEBUG=0) refuses to start without SECRET_KEY and
ALLOWED_HOSTS, so a forgotten variable never ships a known key.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)


def _local_secret_key() -> str:
    """A per-checkout key, generated once, so local sessions survive restarts."""
    path = BASE_DIR / ".local-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (production).")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off (production).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "danvan.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "danvan",
    "plans",
    "tasks",
    "reports",
    "django_celery_results",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "danvan.middleware.CurrentOrganizationMiddleware",
    "danvan.middleware.HtmxSessionExpiredMiddleware",
    "danvan.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "danvan.administration.accounts.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
FORM_RENDERER = "danvan.forms.FormRenderer"  # date formats in labels (accessibility, issue 18)
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.context_processors.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under concurrent writes (a double-click, two tabs): transactions take
    # the write lock when they begin, and a writer waits up to 20 s for another instead of failing
    # with "database is locked"; WAL lets pages be read while a write goes on.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("PG_RANDOM_PAGE_COST", "1.1"):
    # The planner's cost of a random page read, for SSD storage (PostgreSQL's default 4 is for spinning
    # disks): with it, a commune's page reads its rows through the indexes instead of scanning the
    # province's whole table (bench/load.py). PG_RANDOM_PAGE_COST="" leaves the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={os.environ.get('PG_RANDOM_PAGE_COST', '1.1')}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "danvan.administration.accounts.UsernameOrEmailBackend",  # a ModelBackend that also takes the e-mail
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

# Sessions live in the database so any app server behind a load balancer can serve a request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60)  # expires after an hour idle
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]  # Vietnamese for what Django and its apps leave in English

STATIC_URL = "/static/"
# node_modules is filled from the npm registry at set-up (package.json); nothing is vendored.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "node_modules"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-public/"  # files are served only through permission-checking views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# Rendered documents are cached by content hash; the database cache is shared by all servers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "danvan_cache",
        "TIMEOUT": 60 * 60 * 24 * 7,
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khong-tra-loi@danvan.local")
# The SMTP server, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (Django's defaults:
# localhost:25 without login).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# "Báo cáo trước ngày 03/9/2025" means submitted by the end of 02/9/2025 (DOMAIN.md). One setting,
# applied everywhere: True = the deadline day itself is already late; False = the whole day counts.
REPORT_DEADLINE_EXCLUSIVE = env_bool("REPORT_DEADLINE_EXCLUSIVE", True)
REMINDER_DAYS_BEFORE = [int(x) for x in env_list("REMINDER_DAYS_BEFORE", ["7", "1"])]
TASK_DUE_SOON_DAYS = env_int("TASK_DUE_SOON_DAYS", 7)

# Sign-in throttling (django-axes, danvan.lockout): a (username, address) pair is locked after
# AXES_FAILURE_LIMIT failures, an address trying many names after AXES_ADDRESS_FAILURE_LIMIT; never
# an account for everyone. Failing again while locked does not extend the lock.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "danvan.lockout.PairAndAddressHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "danvan.lockout.lockout_response"
AXES_VERBOSE = False
# The site's own reverse proxies (addresses or networks, comma-separated): only from them is the
# client address read from X-Forwarded-For. Empty: the connection's address is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "danvan.lockout.client_ip"

# Security headers. The site's own pages carry no inline script, so the policy can be strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# django-import-export: only users with the model's change permission may import or export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True  # a cell "=HYPERLINK(...)" exports as text

# Background jobs (Celery; danvan/celery.py). The broker defaults to the project's own database
# through kombu's SQLAlchemy transport, so nothing else has to run; CELERY_BROKER_URL=redis://... or
# amqp://... moves the queue to Redis or RabbitMQ with no change of code. Only failed jobs are kept
# (django_celery_results, visible in the admin under "Celery Results"), after their retries.
def _database_broker(database: dict) -> str:
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqla+sqlite:///{database['NAME']}"
    from urllib.parse import quote

    credentials = quote(database.get("USER") or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    at = "@" if credentials else ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"sqla+postgresql://{credentials}{at}{database.get('HOST') or ''}{port}/{database['NAME']}"


CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or _database_broker(DATABASES["default"])
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True  # the failed job's name and arguments in the admin
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
CELERY_TASK_ACKS_LATE = True  # a job whose worker died is delivered again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
# Printed documents are rendered in the background after each life-cycle event (submit, approve,
# return, issue, compile, refresh figures, signed scan); a draft DOCUMENT_DEBOUNCE_SECONDS after its
# last edit. A download that finds a render going on waits for it up to DOCUMENT_WAIT_SECONDS.
DOCUMENT_PRERENDER = env_bool("DOCUMENT_PRERENDER", True)
DOCUMENT_DEBOUNCE_SECONDS = env_int("DOCUMENT_DEBOUNCE_SECONDS", 20)
DOCUMENT_WAIT_SECONDS = env_int("DOCUMENT_WAIT_SECONDS", 20)
# The parts of a PDF (body, each phụ lục) are laid out at the same time: the calling process prints
# one, DOCUMENT_RENDER_PROCESSES worker processes the others (reports/documents/parallel.py).
# Default: the machine's cores less one; 0 prints everything in the calling process.
DOCUMENT_RENDER_PROCESSES = env_int("DOCUMENT_RENDER_PROCESSES", max(0, (os.cpu_count() or 1) - 1))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"weasyprint": {"level": "WARNING"}},  # not each step of each render in the worker's log
}
