"""Test settings: real PostgreSQL and Redis (a Redis database of its own)."""

import os

from .base import *  # noqa: F403
from .base import _APP_DATABASE_URL, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files come from the finders (runserver / live_server); no collected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite logs in as a role that may create its databases and roles (the local superuser:
# TEST_DATABASE_URL, else DATABASE_URL — with `postgres` for a project role's user, as in the
# .env of `make run`), migrates, hands the schema to the owner role and then works as the
# app role (SET ROLE, tests/support/db_roles.py), so every test meets the privileges and
# row-level security production has.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="homeroom_app")
DATABASE_OWNER_ROLE = env("DATABASE_OWNER_ROLE", default="homeroom_owner")
for _alias in DATABASES.values():  # noqa: F405
    _alias.update(env.db_url_config(env("TEST_DATABASE_URL", default=_APP_DATABASE_URL)))
    _alias["ENGINE"] = "apps.core.postgres"
    if _alias["USER"] in {DATABASE_APP_ROLE, DATABASE_OWNER_ROLE}:
        _alias["USER"], _alias["PASSWORD"] = "postgres", ""
# Tests get their own Redis database (one per pytest-xdist worker) so a running demo worker,
# or the other test process's worker, never takes their tasks or answers their pings.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_REDIS_DB = 15 - (int(_XDIST_WORKER[2:]) + 1 if _XDIST_WORKER.startswith("gw") else 0)
REDIS_URL = env("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_REDIS_DB}")
CELERY_BROKER_URL = REDIS_URL
# …and names of their own on it (issue #11 §15): a worker of `make run` or of another
# checkout pointed at the same Redis database consumes the queue "default" and answers
# broadcasts on the exchange "celery"; the suite's keys, queue and control exchange carry
# this process's name, so such a worker never takes the suite's jobs or answers its pings.
# (The name goes into the environment, so the workers a test starts as processes use it too.)
_TEST_NAME = os.environ.setdefault(
    "HOMEROOM_TEST_BROKER_NAME", f"homeroom-test-{_XDIST_WORKER or os.getpid()}"
)
CELERY_TASK_DEFAULT_QUEUE = _TEST_NAME
REPORTS_QUEUE = f"{_TEST_NAME}-reports"
CELERY_TASK_ROUTES = {"reports.*": {"queue": REPORTS_QUEUE}}
CELERY_CONTROL_EXCHANGE = _TEST_NAME
CELERY_EVENT_EXCHANGE = f"{_TEST_NAME}-events"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "global_keyprefix": f"{_TEST_NAME}:",
}
# Tasks are enqueued for real; tests that need them run either the service directly or a
# real worker (tests/conftest.py `celery_worker`). Eager mode is opt-in per test.
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
