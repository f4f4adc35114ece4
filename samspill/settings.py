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
    "samspill.overview",  # the composition layer: last, above every domain app
    # Last, so core/templates/django/forms/ overrides Django's own form templates.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0
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
