"""Settings shared by every environment; everything site-specific comes from the environment.

SIFA_HOME          data folder (default ./sifa-data/): SQLite file, secret key, uploads, backups
SIFA_DATABASE_URL  database (default sqlite:///$SIFA_HOME/sifa.sqlite3); postgres://user:pw@host/db
SIFA_PG_OPTIONS    PostgreSQL per-connection settings (default "-c jit=off -c max_parallel_workers_per_gather=0"; "" keeps the server's)
SIFA_REPLICA_URL   a PostgreSQL streaming replica for replica-safe reads (sifa.core.dbrouter)
SIFA_SECRET_KEY    secret key (default: generated once and kept in $SIFA_HOME/secret_key)
SIFA_ALLOWED_HOSTS comma-separated host names (default localhost,127.0.0.1)
SIFA_DEBUG         1 to enable Django's debug pages (never in production)
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _sifa_home() -> Path:
    home = Path(_env("SIFA_HOME", "./sifa-data")).expanduser().resolve()
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"数据目录 {home} 无法写入（{exc.strerror}），请检查 SIFA_HOME 设置或目录权限。"
        ) from None
    return home


SIFA_HOME = _sifa_home()


def _secret_key() -> str:
    key = _env("SIFA_SECRET_KEY")
    if key:
        return key
    path = SIFA_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env("SIFA_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in _env("SIFA_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in _env("SIFA_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()
]

# Apps: core first (region tree, audit, workflow), then one app per business line.
SIFA_LINE_APPS = [
    "sifa.rulelaw",
    "sifa.normdocs",
    "sifa.reconsideration",
    "sifa.litigation",
    "sifa.enforcement",
    "sifa.mediation",
    "sifa.correction",
    "sifa.offices",
    "sifa.legalservice",
    "sifa.legalaid",
    "sifa.notary",
    "sifa.team",
    "sifa.plans",
]

INSTALLED_APPS = [
    "sifa.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sifa.accounts",
    "sifa.core",
    "sifa.auditchain",
    *SIFA_LINE_APPS,
    "sifa.reports",
    "sifa.dataio",
    "sifa.api",
    "sifa.workbench",
    "sifa.workspace",
    "sifa.returns",
]

MIDDLEWARE = [
    "sifa.core.client_ip.ClientAddressMiddleware",  # REMOTE_ADDR = client, see SIFA_TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy, see CONTENT_SECURITY_POLICY
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sifa.accounts.middleware.TwoFactorMiddleware",  # 2FA step; administrators: no business pages
    "django.contrib.messages.middleware.MessageMiddleware",
    "sifa.accounts.passwords.PasswordExpiryMiddleware",  # expired password: change it first
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sifa.core.client_ip.AuditlogMiddleware",  # auditlog's, with the proxy-aware address
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sifa.urls"
WSGI_APPLICATION = "sifa.wsgi.application"

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
                "sifa.core.context_processors.sifa",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        _env("SIFA_DATABASE_URL", f"sqlite:///{SIFA_HOME / 'sifa.sqlite3'}"),
        conn_max_age=int(_env("SIFA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the report centre read while a clerk writes; 20 s covers an import's commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles a statement whose estimated cost passes jit_above_cost (100,000
    # by default): at a province's size every figure statement does, and compiling took longer
    # than running it (a county-year's figures 466-533 ms with JIT, 172-205 ms without; the
    # province-year 9.4-10.8 s against 2.0-2.2 s). Sifa's statements are short OLTP and
    # aggregate scans, so each connection turns it off. SIFA_PG_OPTIONS replaces these
    # per-connection settings (libpq `options`), e.g. "-c jit_above_cost=5000000".
    # Parallel query is off too: with many users at once the workers only compete for the
    # same cores, and starting them costs more than most of Sifa's statements take (a county's
    # certified-officer count 5 ms of work, 21 ms with one worker). On the province bench, 20
    # users: p95 331 ms with parallel query, 280 ms without; the province-year's figures no
    # slower (951 ms against 1,077 ms).
    _pg_options = _env("SIFA_PG_OPTIONS", "-c jit=off -c max_parallel_workers_per_gather=0")
    if _pg_options:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", _pg_options)

# A PostgreSQL streaming replica (sifa.core.dbrouter): with SIFA_REPLICA_URL, GETs of the figures,
# report centre, dashboard, exports and returns read from it; writes, reads inside a transaction
# and reads for SIFA_REPLICA_PIN_SECONDS after a browser wrote stay on the primary; a replica down
# or more than SIFA_REPLICA_MAX_LAG seconds behind is left out (a warning in the log). Unset: one
# database, nothing changes.
SIFA_REPLICA_MAX_LAG = float(_env("SIFA_REPLICA_MAX_LAG", "5"))
SIFA_REPLICA_PIN_SECONDS = int(_env("SIFA_REPLICA_PIN_SECONDS", "10"))
SIFA_REPLICA_CHECK_SECONDS = float(_env("SIFA_REPLICA_CHECK_SECONDS", "2"))
if _env("SIFA_REPLICA_URL"):
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(
            "SIFA_REPLICA_URL 只能与 PostgreSQL 主库（SIFA_DATABASE_URL）一起使用。"
        )
    DATABASES["replica"] = dj_database_url.parse(
        _env("SIFA_REPLICA_URL"), conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": int(_env("SIFA_REPLICA_CONNECT_TIMEOUT", "2")),
        **DATABASES["replica"].get("OPTIONS", {}),
    }
    # Tests: the replica serves the primary's test database (a standby copies the whole cluster).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sifa.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "sifa.core.dbrouter.ReplicaMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password policy (sifa.accounts.passwords): >= 10 characters, three of four character classes,
# not common, not the demo password, not like the user name; the set time is recorded for the
# county's expiry (CountyProfile.password_max_age_days).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sifa.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "sifa.accounts.passwords.CharacterClassValidator"},
    {"NAME": "sifa.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "sifa.accounts.passwords.DemoPasswordValidator"},
    {"NAME": "sifa.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "sifa.accounts.passwords.PasswordAgeRecorder"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling: the 5th wrong password locks the account+address pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Every failed login is kept (AccessFailureLog) for the security auditor; no screen deletes it.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 100_000

# Two-factor login (django-otp): TOTP app plus one-time backup codes; required for the three
# administrators, optional for everyone else (sifa.accounts.twofactor).
OTP_TOTP_ISSUER = "司法业务系统"
AXES_CLIENT_IP_CALLABLE = "sifa.core.client_ip.client_ip"  # see SIFA_TRUSTED_PROXIES

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(_env("SIFA_STATIC_ROOT", str(SIFA_HOME / "static")))
if not _env("SIFA_STATIC_ROOT"):
    STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = SIFA_HOME / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic for a pilot

# Audit history (django-auditlog): who, when, from where, before/after.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_ALL_MODELS = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sifa.api.tokens.ExpiringTokenAuthentication",  # expiry, use recorded
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: one request body per operation in the schema, no form/multipart doubles.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # One error shape, in Chinese: {"errors": [{"field", "code", "message"}]} (sifa/api/errors.py).
    "EXCEPTION_HANDLER": "sifa.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # One stable name for each choice set several fields share or whose field names collide
    # (otherwise the generator appends a hash, and a client's type names would follow it).
    "ENUM_NAME_OVERRIDES": {
        "LineEnum": "sifa.core.lines.Line",
        "PartyKindEnum": "sifa.mediation.models.cases.PartyKind",
        "CleanupItemKindEnum": "sifa.normdocs.models.ItemKind",
        "ReviewOpinionEnum": "sifa.normdocs.models.Opinion",
        "TeamRoleEnum": "sifa.correction.models.supervision.TeamRole",
        "MemberRoleEnum": "sifa.mediation.models.committees.MemberRole",
    },
    "TITLE": "司法 Sifa 数据接口",
    "DESCRIPTION": "县司法局业务记录与统计数字。认证：请求头 Authorization: Token <令牌>。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served by the app itself (drf-spectacular-sidecar): no CDN on bureau intranets.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request and response components apart: read-only fields (id, status, derived dates) are
    # never required on a request.
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the path after /api/ (mediation_mediationcase_list…), stable
    # whatever other app mounts a DRF view elsewhere.
    "SCHEMA_PATH_PREFIX": r"/api/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sifa.api.errors.add_error_responses",
        "sifa.api.views.figures_schema",
    ],
}

SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("SIFA_LOG_LEVEL", "WARNING")},
}

# Days before a deadline at which it is shown as 即将到期.
SIFA_DUE_SOON_DAYS = 7

# The server address the internal Word edition of a report links its figures to.
# Empty: the site links to the address it is served on (the request); the command line then
# writes no links.
SIFA_REPORT_BASE_URL = _env("SIFA_REPORT_BASE_URL", "")
# Figures the masked edition leaves readable (comma-separated ids); empty = the seed's choice
# (org.villages, legalservice.platforms, rulelaw.inspections and the rates).
if _env("SIFA_REPORT_PUBLIC_FIGURES"):
    SIFA_REPORT_PUBLIC_FIGURES = [
        f.strip() for f in _env("SIFA_REPORT_PUBLIC_FIGURES").split(",") if f.strip()
    ]

# Bounded Excel import (sifa.dataio.limits): a workbook passing one of these is refused before it
# is parsed, with a Chinese message naming the limit. Defaults let the 100,000-row benchmark
# workbook through (bench/import_bench.py) and keep an import's memory bounded.
SIFA_IMPORT_LIMITS = {
    "upload_bytes": 50 * 1024 * 1024,  # the file itself (nginx in front allows 50 MB)
    "members": 1000,  # entries of the zip
    "uncompressed_bytes": 256 * 1024 * 1024,  # all parts, from the zip's directory
    "compression_ratio": 100,  # per part larger than ratio_floor_bytes
    "ratio_floor_bytes": 1024 * 1024,
    "part_bytes": 16 * 1024 * 1024,  # an XML part other than a sheet or the shared strings
    "sheets": 100,
    "rows": 400_000,  # rows holding values, all sheets together
    "columns": 256,  # per sheet
    "cells": 4_000_000,  # rows x columns as read, all sheets together
    "cell_chars": 32_767,  # one cell (Excel's own limit)
    "shared_strings": 1_000_000,
    "text_chars": 50_000_000,  # all cell text, a shared string counted at each use
    "annotate_bytes": 20 * 1024 * 1024,  # sheets' XML up to which a rejected file is annotated
}
# Uploads above this are spooled to a temporary file by Django, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security: client address, password policy, API tokens, content security policy -------
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks,
# e.g. "127.0.0.1,10.0.0.0/24"); empty = none, the client address is REMOTE_ADDR
# (sifa.core.client_ip, used by the lockout, the audit log and the access rows).
SIFA_TRUSTED_PROXIES = [p.strip() for p in _env("SIFA_TRUSTED_PROXIES").split(",") if p.strip()]

# API tokens (sifa.api.tokens): valid this many days from creation; `sifa token create|revoke`.
SIFA_API_TOKEN_DAYS = int(_env("SIFA_API_TOKEN_DAYS", "30"))

# Content-Security-Policy (django-csp 4): only this site's own files. No inline script and no
# inline event handler anywhere (page data travels in json_script blocks, which do not run).
# Styles still allow 'unsafe-inline': ECharts writes its tooltips as HTML with style
# attributes, and the stock admin and Swagger UI carry inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
