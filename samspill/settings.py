"""Settings for Samspill, read from the environment (see README, "Configuration").

SQLite under var/ is the default so a fresh checkout runs; DATABASE_URL selects
PostgreSQL. SAMSPILL_PRODUCTION=1 switches every hardening option on at once.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from samspill.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAMSPILL_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("SAMSPILL_PRODUCTION")
DEBUG = env_bool("SAMSPILL_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    key = env_secret("SAMSPILL_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SAMSPILL_SECRET_KEY (or SAMSPILL_SECRET_KEY_FILE) must be set "
            "when SAMSPILL_PRODUCTION=1."
        )
    # A local installation keeps a generated key beside its database, so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "SAMSPILL_ALLOWED_HOSTS",
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env_list("SAMSPILL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "samspill.core",
    "samspill.audit",
    "samspill.projects",
    "samspill.accounts",  # base layer: invitations and password reset
    "django_tasks_db",  # background jobs in the database (docs/notifications.md)
    "samspill.notify",  # base layer: events, jobs, webhooks, calendar feeds, preferences
    "samspill.stakeholders",
    "samspill.business",
    "samspill.rollout",
    "samspill.trust",
    "samspill.comms",
    "samspill.objections",
    "samspill.pilot",
    "samspill.guarantees",
    "samspill.dpia",
    "samspill.transfer",
    "samspill.surveys",
    "samspill.kpis",
    "samspill.aifile",
    "samspill.desk",
    "samspill.controls",  # composition layer: the agreement's controls (docs/controls.md)
    "samspill.overview",  # the composition layer: last, above every domain app
    "samspill.api",  # composition layer too: the REST API over every domain (docs/api.md)
    "ninja",  # django-ninja's static files: the API docs page's Swagger UI, served locally
    # Last, so core/templates/django/forms/ overrides Django's own form templates.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # /api/ only: body size limit, problem details for every error, ETags (samspill/api).
    "samspill.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the account read in the session's own query (samspill/accounts).
    "samspill.accounts.middleware.AuthenticationMiddleware",
    # Signs out the sessions of a deactivated account (samspill/accounts/middleware.py).
    "samspill.accounts.middleware.SessionRevocationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it needs the authenticated user and answers lock-outs itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samspill.urls"
# Lets core/templates/django/forms/ restyle every form field, Django's own forms included.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "samspill.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'samspill.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers
    # queue instead of failing; the audit chain depends on that ordering.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Persistent connections (issue #22): the PRAGMAs above run once per connection, not
    # once per request. A sync worker serves one request at a time on its own connection.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("SAMSPILL_SQLITE_CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the site-admin flag with the user (samspill/accounts).
    "samspill.accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:list"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit: after 5 failures for one username from one address, wait 15 minutes.
AXES_FAILURE_LIMIT = env_int("SAMSPILL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMSPILL_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("SAMSPILL_PROXY_COUNT", 0)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian bokmål"))]
LOCALE_PATHS = [BASE_DIR / "samspill" / "locale"]
FORMAT_MODULE_PATH = ["samspill.formats"]
LANGUAGE_COOKIE_NAME = "samspill_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("SAMSPILL_TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve straight from the apps so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Content-Security-Policy: nothing but this server, and inline script only with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
# Django's database sessions, read together with their account (samspill/accounts/sessions).
SESSION_ENGINE = "samspill.accounts.sessions.db"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SAMSPILL_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SAMSPILL_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMSPILL_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SAMSPILL_HSTS_PRELOAD", True)
    if env_bool("SAMSPILL_BEHIND_PROXY", True):
        # The load balancer terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_client_errors": {"()": "samspill.core.logging.OneLineClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": env_str("SAMSPILL_LOG_LEVEL", "WARNING")},
}

# Survey invitations. With SAMSPILL_EMAIL_HOST set they go through that SMTP server;
# without it they are written as files to var/outbox, so nothing leaves a test machine,
# except in production, where Samspill then offers the links as CSV only.
_email_host = env_str("SAMSPILL_EMAIL_HOST", "")
if _email_host:
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env_int("SAMSPILL_EMAIL_PORT", 587),
            "username": env_str("SAMSPILL_EMAIL_USER", ""),
            "password": env_secret("SAMSPILL_EMAIL_PASSWORD") or "",
            "use_tls": env_bool("SAMSPILL_EMAIL_TLS", True),
            "timeout": 30,
        },
    }
elif not PRODUCTION:
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "outbox")},
    }
else:
    _mailer = None  # in production, no SMTP server means no e-mail: links go out as CSV
MAILERS = {"default": _mailer} if _mailer else {}
# E-mail is optional (survey links also go out as CSV), and the survey page says when it
# is off; Django's warning about a missing mailer would only repeat that.
SILENCED_SYSTEM_CHECKS = [] if _mailer else ["mail.W001"]
DEFAULT_FROM_EMAIL = env_str("SAMSPILL_EMAIL_FROM", "samspill@localhost")
# True only when mail really reaches people (SMTP). Otherwise an owner inviting someone is
# shown the invitation link to pass on, and told why.
EMAIL_REACHES_PEOPLE = bool(_email_host)
# How long an invitation link and a password reset link stay valid.
INVITATION_DAYS = env_int("SAMSPILL_INVITATION_DAYS", 7)
_reset_hours = env_int("SAMSPILL_PASSWORD_RESET_HOURS", 24)
for _name, _value in [
    ("SAMSPILL_INVITATION_DAYS", INVITATION_DAYS),
    ("SAMSPILL_PASSWORD_RESET_HOURS", _reset_hours),
]:
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1; got {_value}.")
PASSWORD_RESET_TIMEOUT = 3600 * _reset_hours  # Django's setting is in seconds
# Links in e-mails are absolute; this is the address people reach Samspill at.
SITE_URL = env_str("SAMSPILL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Uploaded evidence: never under STATIC_ROOT, served only through the permission check.
FILE_UPLOAD_PERMISSIONS = 0o640

# How many audit entries one page of the trail shows.
AUDIT_PAGE_SIZE = 50

# --- Background jobs, webhooks and notifications (samspill/notify, docs/notifications.md).
# Jobs are rows in the database (django-tasks-db), run by `samspill worker`; no extra
# server. SAMSPILL_TASKS_BACKEND=immediate runs each job inside the request instead.
_tasks_backend = env_str("SAMSPILL_TASKS_BACKEND", "database")
if _tasks_backend not in {"database", "immediate"}:
    raise ImproperlyConfigured(
        f"SAMSPILL_TASKS_BACKEND must be database or immediate; got {_tasks_backend!r}."
    )
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks_backend == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": [],  # any queue name
    }
}
# How often a failed job is tried in all, and the first wait before a retry (doubling).
JOB_ATTEMPTS = env_int("SAMSPILL_JOB_ATTEMPTS", 5)
JOB_RETRY_SECONDS = env_int("SAMSPILL_JOB_RETRY_SECONDS", 30)
# A RUNNING job whose worker has sent no heartbeat for this many seconds is put back to
# READY (counted as a try) by another worker: the worker died mid-job (docs/notifications.md).
JOB_STALE_SECONDS = env_int("SAMSPILL_JOB_STALE_SECONDS", 300)
# Webhook requests give up after this many seconds; the worker, never a request, waits.
WEBHOOK_TIMEOUT_SECONDS = env_int("SAMSPILL_WEBHOOK_TIMEOUT_SECONDS", 10)
# Host names a webhook may reach although they resolve to a loopback, link-local or private
# address (an internal chat server). Matched against the URL's host as written.
WEBHOOK_INTERNAL_HOSTS = env_list("SAMSPILL_WEBHOOK_INTERNAL_HOSTS", [])
# Reminders: an objection open longer than this many days is named in a reminder.
REMINDER_OBJECTION_DAYS = env_int("SAMSPILL_REMINDER_OBJECTION_DAYS", 14)
# Imports bigger than this many bytes run as a job with progress instead of in the request.
IMPORT_JOB_THRESHOLD_BYTES = env_int("SAMSPILL_IMPORT_JOB_THRESHOLD_BYTES", 1_000_000)
for _name, _value in [
    ("SAMSPILL_JOB_ATTEMPTS", JOB_ATTEMPTS),
    ("SAMSPILL_JOB_STALE_SECONDS", JOB_STALE_SECONDS),
    ("SAMSPILL_WEBHOOK_TIMEOUT_SECONDS", WEBHOOK_TIMEOUT_SECONDS),
]:
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1; got {_value}.")

# --- Scale-out: shared cache, object storage, secret rotation (docs/operations.md).
# SAMSPILL_REDIS_URL (or SAMSPILL_CACHE_URL) puts the cache in Redis, shared by every
# server: rate limits, login lockouts (axes' cache handler), the survey cache and, with
# SAMSPILL_CACHE_SESSIONS=1, sessions (cached_db). Without it each process has its own
# memory cache, and `check --deploy` warns in production (samspill/core/checks.py).
SHARED_CACHE_URL = env_str("SAMSPILL_CACHE_URL", "") or env_str("SAMSPILL_REDIS_URL", "")
if SHARED_CACHE_URL:
    CACHES = {
        "default": {
            # Django's RedisCache; a read is a miss while Redis is unreachable (core/cache.py).
            "BACKEND": "samspill.core.cache.ResilientRedisCache",
            "LOCATION": SHARED_CACHE_URL,
            "KEY_PREFIX": env_str("SAMSPILL_CACHE_PREFIX", "samspill"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    AXES_HANDLER = "samspill.core.cache.AxesSharedCacheHandler"
    if env_bool("SAMSPILL_CACHE_SESSIONS"):
        SESSION_ENGINE = "samspill.accounts.sessions.cached_db"
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A connection that the server dropped (a restart) is replaced before the next request
    # uses it, instead of failing that request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that asks the socket, not the server
    # (samspill/core/postgresql/base.py): no round trip per request.
    DATABASES["default"]["ENGINE"] = "samspill.core.postgresql"
    if env_bool("SAMSPILL_PG_PREPARED_STATEMENTS", True):
        # The same few queries run on every request (session, membership): prepared
        # once per connection, PostgreSQL stops planning them each time. Off for a pooler
        # in transaction mode that cannot follow prepared statements.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )

# Uploaded and generated files: a folder on disk (SAMSPILL_UPLOAD_DIR, default var/uploads),
# or with SAMSPILL_S3_BUCKET an S3-compatible bucket through django-storages.
UPLOAD_DIR = Path(env_str("SAMSPILL_UPLOAD_DIR", str(VAR_DIR / "uploads")))
S3_BUCKET = env_str("SAMSPILL_S3_BUCKET", "")
if S3_BUCKET:
    _s3_endpoint = env_str("SAMSPILL_S3_ENDPOINT_URL", "") or None
    STORAGES["uploads"] = {
        "BACKEND": "samspill.core.storage.BucketUploadStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "region_name": env_str("SAMSPILL_S3_REGION", "") or None,
            "access_key": env_str("SAMSPILL_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_secret("SAMSPILL_S3_SECRET_ACCESS_KEY"),
            "location": env_str("SAMSPILL_S3_PREFIX", ""),
            "addressing_style": env_str(
                "SAMSPILL_S3_ADDRESSING_STYLE", "path" if _s3_endpoint else "auto"
            ),
            "default_acl": None,  # private objects: the bucket policy decides, never public
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env_int("SAMSPILL_S3_URL_SECONDS", 60),
        },
    }
else:
    STORAGES["uploads"] = {
        "BACKEND": "samspill.core.storage.DiskUploadStorage",
        "OPTIONS": {"location": UPLOAD_DIR, "base_url": None},
    }
# Downloads through the permission check: streamed by the app (default), or with
# SAMSPILL_S3_REDIRECT=1 a redirect to a pre-signed URL valid SAMSPILL_S3_URL_SECONDS.
S3_REDIRECT = bool(S3_BUCKET) and env_bool("SAMSPILL_S3_REDIRECT")

# Old secret keys still accepted for signatures (sessions, links) after a rotation, and the
# key pseudonyms are derived from, which must outlive a rotation (projects/keys.py).
SECRET_KEY_FALLBACKS = env_list("SAMSPILL_SECRET_KEY_FALLBACKS", [])
PSEUDONYM_KEY = env_secret("SAMSPILL_PSEUDONYM_KEY") or SECRET_KEY

# --- Sign-in: single sign-on (OpenID Connect, LDAP, proxy header) and two-factor login.
# Read from the environment in samspill/accounts/auth_config.py; docs/accounts.md explains it.
from samspill.accounts import auth_config as _auth_config  # noqa: E402

AUTH = _auth_config.read(PRODUCTION)
INSTALLED_APPS += [
    # After samspill.accounts, whose templates restyle allauth's pages.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("samspill.accounts.middleware.SessionRevocationMiddleware"),
    "allauth.account.middleware.AccountMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    # Sends owners and site admins to set up two-factor login (SAMSPILL_REQUIRE_2FA).
    "samspill.accounts.sso.TwoFactorRequiredMiddleware",
)
ACCOUNT_ADAPTER = "samspill.accounts.sso.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "samspill.accounts.sso.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Samspill: "
# Wrong two-factor codes count as failed logins: 5 per account in 5 minutes, 10 a minute
# per address (allauth's rate limits, kept in the cache).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
SOCIALACCOUNT_PROVIDERS = {}
if AUTH.oidc:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": AUTH.oidc.scopes,
        "APPS": [
            {
                "provider_id": _auth_config.OIDC_PROVIDER_ID,
                "name": AUTH.oidc.name,
                "client_id": AUTH.oidc.client_id,
                "secret": AUTH.oidc.client_secret,
                "settings": {"server_url": AUTH.oidc.issuer},
            }
        ],
    }
    # The "Sign in with" button posts to Samspill, which redirects to the provider; a
    # browser applies form-action to that redirect too.
    SECURE_CSP["form-action"] = [*SECURE_CSP["form-action"], _auth_config.origin(AUTH.oidc.issuer)]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"] + (["webauthn"] if AUTH.webauthn else [])
MFA_TOTP_ISSUER = "Samspill"
MFA_ADAPTER = "samspill.accounts.mfa.MFAAdapter"  # TOTP keys stored encrypted
MFA_TOTP_TOLERANCE = 1  # a phone's clock may be 30 seconds off; each code still works once
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
if AUTH.ldap:
    try:
        import ldap as _ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError as _error:
        raise ImproperlyConfigured(
            "SAMSPILL_LDAP_URI is set, but python-ldap/django-auth-ldap cannot be imported "
            f"({_error}). Install them (docs/accounts.md, LDAP)."
        ) from None

    AUTHENTICATION_BACKENDS.append("samspill.accounts.backends.LDAPBackend")
    AUTH_LDAP_SERVER_URI = AUTH.ldap.uri
    AUTH_LDAP_BIND_DN = AUTH.ldap.bind_dn
    AUTH_LDAP_BIND_PASSWORD = AUTH.ldap.bind_password
    AUTH_LDAP_START_TLS = AUTH.ldap.start_tls
    AUTH_LDAP_USER_SEARCH = LDAPSearch(
        AUTH.ldap.user_search_base, _ldap.SCOPE_SUBTREE, AUTH.ldap.user_filter
    )
    AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
    AUTH_LDAP_ALWAYS_UPDATE_USER = True
    AUTH_LDAP_CONNECTION_OPTIONS = {_ldap.OPT_NETWORK_TIMEOUT: 10, _ldap.OPT_REFERRALS: 0}
    if AUTH.ldap.admin_group:
        from django_auth_ldap.config import MemberDNGroupType

        # Only the admin group is looked up: its "member" values name its people.
        AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
            AUTH.ldap.admin_group, _ldap.SCOPE_BASE, "(objectClass=*)"
        )
        AUTH_LDAP_GROUP_TYPE = MemberDNGroupType("member")
if AUTH.remote_user_header:
    AUTHENTICATION_BACKENDS.append("samspill.accounts.backends.RemoteUserBackend")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("samspill.accounts.middleware.AuthenticationMiddleware") + 1,
        "samspill.accounts.sso.ProxyHeaderMiddleware",
    )

# --- REST API (samspill/api, docs/api.md).
# Requests per minute one token may make; counted in the default cache (shared Redis in a
# multi-server installation).
API_RATE_LIMIT = env_str("SAMSPILL_API_RATE_LIMIT", "600/m")
# The largest request body the API reads (uploads included); larger ones get 413 unread.
API_MAX_BODY_BYTES = env_int("SAMSPILL_API_MAX_BODY_BYTES", 20_000_000)
# Collected static files; a container image keeps them outside the var volume.
STATIC_ROOT = Path(env_str("SAMSPILL_STATIC_ROOT", str(STATIC_ROOT)))
