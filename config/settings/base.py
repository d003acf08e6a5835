"""Settings shared by every environment; configured from the environment (12-factor).

Variables (all optional in development, see docs/configuration.md):
DATABASE_URL, MIGRATE_DATABASE_URL, DATABASE_APP_ROLE, REDIS_URL, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DJANGO_DEBUG, DJANGO_CSRF_TRUSTED_ORIGINS, IMPORT_MAX_BYTES.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env (written by `make run`) is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "axes",  # login throttling (apps/accounts/security.py)
    "csp",  # Content-Security-Policy
    "django_otp",
    "django_otp.plugins.otp_totp",  # optional second factor (apps/accounts/totp.py)
    "pgtrigger",
    "pghistory",  # audit trail: history tables written by triggers (apps/core/audit.py)
    "apps.core",
    "apps.accounts",
    "apps.tenancy",
    "apps.people",
    "apps.compliance",
    "apps.evidence",
    "apps.training",
    "apps.probation",
    "apps.studios",
    "apps.backbone",
    "apps.reports",  # above the domain apps: reports, their archive, notices
    "apps.audit",  # above the domain apps: reads their history ("谁改了什么")
    "apps.demo",  # top-most: seed_demo and generate_synthetic
]

MIDDLEWARE = [
    "apps.core.request_id.RequestIdMiddleware",  # first: every log line names the request
    # Every statement of the request in its user's row-level security scope (the user is
    # read when a statement needs it; before that, none).
    "apps.tenancy.scope.DbScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.request_limits.RequestSizeMiddleware",  # 413 in Chinese before a body is read
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.SessionTimeoutMiddleware",
    "apps.accounts.middleware.ForcePasswordChangeMiddleware",  # initial passwords first
    "apps.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.tenancy.middleware.ActiveMembershipMiddleware",
    "apps.core.audit.AuditContextMiddleware",  # who and which request, on every history row
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its 429 page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "apps.tenancy.context_processors.portal",
                "apps.reports.context_processors.notices",
            ],
        },
    },
]

# Two roles (docs/operations.md, 数据库角色): the app connects as a role that owns nothing
# (DATABASE_URL); `manage.py migrate` runs as the schema owner (MIGRATE_DATABASE_URL, the
# `migrate` alias). The backend puts each statement's row-level security scope in front
# of it (apps/core/dbscope.py).
_APP_DATABASE_URL = env("DATABASE_URL", default="postgres://homeroom_app@127.0.0.1:5432/homeroom")
DATABASES = {
    "default": env.db_url_config(_APP_DATABASE_URL),
    "migrate": env.db_url_config(env("MIGRATE_DATABASE_URL", default=_APP_DATABASE_URL)),
}
for _alias in DATABASES.values():
    _alias["ENGINE"] = "apps.core.postgres"
    _alias["ATOMIC_REQUESTS"] = False
    _alias["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    _alias["CONN_HEALTH_CHECKS"] = True
DATABASES["migrate"]["CONN_MAX_AGE"] = 0
DATABASES["migrate"]["TEST"] = {"MIRROR": "default"}
# The role the migrations grant table privileges to (default: DATABASE_URL's user), the
# schema owner's (MIGRATE_DATABASE_URL's user), and a role that may create databases, for
# `manage.py restore` (default: `postgres` on the same server).
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default=DATABASES["default"]["USER"])
DATABASE_OWNER_ROLE = env("DATABASE_OWNER_ROLE", default=DATABASES["migrate"]["USER"])
DATABASE_ADMIN_URL = env("DATABASE_ADMIN_URL", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username + IP
    "apps.accounts.backends.LoginNameBackend",  # username, staff number or mobile number
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tenancy:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Internationalisation: Simplified Chinese first, English available (?lang / profile switch).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

# Uploads: the roster import keeps files in the database (the worker may run elsewhere).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
# Data rows per sheet an import reads (the header row not counted): every import, and the
# roster import on its own (a large school's whole staff in one file).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
ROSTER_IMPORT_MAX_ROWS = env.int("ROSTER_IMPORT_MAX_ROWS", default=15000)

# Redis and Celery. With no REDIS_URL the broker is in-memory and tasks run eagerly in the
# web process (the embedded default), so the demo still works where only PostgreSQL does.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A school's automatic recompute waits for this many quiet seconds after its last change.
COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = env.int("COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS", default=20)
# A whole-district run of more schools than this is spread over the workers in chunks of
# about this many schools (apps/compliance/fanout.py); 0 keeps every run in one task.
# About schools ÷ workers: each chunk has a fixed cost (packs, parameters, per-indicator
# queries), so more chunks than workers only adds it (bench/README.md).
COMPLIANCE_FANOUT_CHUNK_SCHOOLS = env.int("COMPLIANCE_FANOUT_CHUNK_SCHOOLS", default=1000)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# The largest multipart request (a file and its form) read at all; a larger one, or any
# other body over DATA_UPLOAD_MAX_MEMORY_SIZE, is answered 413 in Chinese before its body
# is read (apps/core/request_limits.py).
REQUEST_MAX_BYTES = max(EVIDENCE_MAX_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024

# Jobs (apps/core/models.py JobBase): a running job holds a lease its heartbeat renews every
# third of JOB_LEASE_SECONDS; a job whose worker died is taken again once the lease is over.
# The reconciler (beat, every JOB_RECONCILE_SECONDS) re-sends jobs pending longer than
# JOB_PENDING_GRACE_SECONDS since they were sent, and running jobs whose lease expired.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=60)
JOB_PENDING_GRACE_SECONDS = env.int("JOB_PENDING_GRACE_SECONDS", default=60)
JOB_RECONCILE_SECONDS = env.float("JOB_RECONCILE_SECONDS", default=30.0)
# After this many attempts that all died, a job ends as an error instead of being sent again.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)

# Reports (issue 12): their own queue, so a long district PDF never holds up imports and
# runs (workers consume it with `-Q default,reports`), and a cap per person.
REPORTS_QUEUE = env("REPORTS_QUEUE", default="reports")
CELERY_TASK_ROUTES = {"reports.*": {"queue": REPORTS_QUEUE}}
REPORT_MAX_ACTIVE_PER_USER = env.int("REPORT_MAX_ACTIVE_PER_USER", default=3)

# Notices (docs/notices.md): 消息中心, 待办, the district robots and e-mail.
NOTICE_SITE_URL = env(
    "NOTICE_SITE_URL", default=""
)  # makes links in robot messages and e-mails absolute
NOTICE_DUE_HORIZON_DAYS = env.int("NOTICE_DUE_HORIZON_DAYS", default=14)
NOTICE_RECENT_DAYS = env.int("NOTICE_RECENT_DAYS", default=30)
NOTICE_RESEARCH_WARN_DAYS = env.int("NOTICE_RESEARCH_WARN_DAYS", default=7)
NOTICE_ROBOT_PER_MINUTE = env.int("NOTICE_ROBOT_PER_MINUTE", default=20)
NOTICE_ROBOT_BATCH_ITEMS = env.int("NOTICE_ROBOT_BATCH_ITEMS", default=10)
NOTICE_ROBOT_TIMEOUT = env.float("NOTICE_ROBOT_TIMEOUT", default=10.0)
NOTICE_ROBOT_HOSTS = env.list(
    "NOTICE_ROBOT_HOSTS", default=["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
)
NOTICE_MAX_ATTEMPTS = env.int("NOTICE_MAX_ATTEMPTS", default=5)
NOTICE_RETRY_BASE_SECONDS = env.float("NOTICE_RETRY_BASE_SECONDS", default=30.0)
NOTICE_DELIVERY_SECONDS = env.float("NOTICE_DELIVERY_SECONDS", default=60.0)
DINGTALK_TEXT_MAX_BYTES = env.int("DINGTALK_TEXT_MAX_BYTES", default=20000)
# The key sealing stored robot webhooks and secrets (apps/core/sealed.py); empty: SECRET_KEY.
SEALED_VALUES_KEY = env("SEALED_VALUES_KEY", default="")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="班主任平台 <noreply@localhost>")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "notices-due": {
        "task": "reports.notices_due",
        "schedule": crontab(hour=7, minute=30),
    },
    "notices-deliver": {
        "task": "reports.deliver_pending",
        "schedule": NOTICE_DELIVERY_SECONDS,
        "options": {"expires": NOTICE_DELIVERY_SECONDS},
    },
    "compliance-nightly": {
        "task": "compliance.nightly_runs",
        "schedule": crontab(hour=2, minute=30),
    },
    # issue 12 §5: the districts' scheduled reports, on the 1st of each month
    "reports-monthly": {
        "task": "reports.scheduled",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "reconcile-jobs": {
        "task": "core.reconcile_jobs",
        "schedule": JOB_RECONCILE_SECONDS,
        # With no worker for a while, the backlog is one message, not one per period.
        "options": {"expires": JOB_RECONCILE_SECONDS},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials is answered 401 with
        # WWW-Authenticate: Token (DRF takes the header from the first class).
        "apps.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",  # drf-spectacular, pages on GET only
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "班主任队伍建设管理平台 API",
    "DESCRIPTION": "Homeroom-teacher workforce platform: schools, teachers, classes, "
    "homeroom assignments and roster imports. Every endpoint is scoped to the caller's "
    "memberships; resources of other schools or districts answer 404.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.schema.document_error_responses",  # 400/401/403/404 with their shapes
    ],
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "apps.tenancy.models.Role",
        "StaffRoleEnum": "apps.accounts.serializers.STAFF_ROLES",
        "AssignmentRoleEnum": "apps.people.models.AssignmentRole",
        "JobStateEnum": "apps.core.models.JobState",
        "EvidenceKindEnum": "apps.evidence.models.EvidenceKind",
        "AchievementKindEnum": "apps.training.models.archive.AchievementKind",
        "EvaluationKindEnum": "apps.training.models.programmes.EvaluationKind",
        "TrainingImportKindEnum": "apps.training.models.jobs.ImportKind",
        "ActivityOrganiserLevelEnum": "apps.training.models.vocab.OrganiserLevel",
        "ExternalOrganiserLevelEnum": "apps.training.models.vocab.ExternalLevel",
        "ReserveStatusEnum": "apps.probation.models.reserve.ReserveStatus",
        "AchievementLevelEnum": "apps.training.models.archive.AchievementLevel",
        "AssessmentLevelEnum": "apps.probation.models.AssessmentLevel",
        "SchoolAssessmentLevelEnum": "apps.probation.serializers.trainees.SCHOOL_LEVEL_CHOICES",
        "GraduationLevelEnum": "apps.probation.serializers.trainees.GRADUATION_LEVEL_CHOICES",
        "OutcomeKindEnum": "apps.studios.models.vocab.OutcomeKind",
        # studios: teams
        "TeamKindEnum": "apps.studios.models.TeamKind",
    },
    # Swagger UI served from our own static files (closed networks: no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Sessions (apps/accounts/middleware.py SessionTimeoutMiddleware): signed out after
# SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS after the login
# whatever happens; the cookie lives no longer than that.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_ACTIVITY_RESOLUTION = 60  # the activity stamp is written at most once a minute
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# API tokens (apps/accounts/tokens.py): they expire TOKEN_TTL after they were issued.
TOKEN_TTL = timedelta(seconds=env.int("API_TOKEN_TTL_SECONDS", default=8 * 60 * 60))

# Login throttling (django-axes, apps/accounts/security.py): AXES_FAILURE_LIMIT wrong
# passwords for one username from one client IP lock that pair for AXES_COOLOFF_TIME; the
# account still logs in from elsewhere. TRUSTED_PROXY_COUNT: reverse proxies in front.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "apps.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Second factor (apps/accounts/totp.py): district staff may enrol an authenticator app;
# with REQUIRE_TOTP_FOR_DISTRICT_STAFF they must.
REQUIRE_TOTP_FOR_DISTRICT_STAFF = env.bool("REQUIRE_TOTP_FOR_DISTRICT_STAFF", default=False)
TOTP_LOGIN_STEP_SECONDS = 5 * 60  # time between the password and the code
OTP_TOTP_ISSUER = "班主任队伍建设管理平台"

# Content-Security-Policy (django-csp): our own files only, no inline script or style
# (templates keep none: tests/test_csp.py). Bootstrap's icons and the TOTP QR code are
# data: images. File downloads set their own stricter policy (apps/core/web.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "apps.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "structured"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; its warnings (a refused URL) stay.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
