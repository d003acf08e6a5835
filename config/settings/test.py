"""Test settings: real PostgreSQL and Redis (a Redis database of its own)."""

import os

from .base import *  # noqa: F403
from .base import env

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
# Tests get their own Redis database (one per pytest-xdist worker) so a running demo worker,
# or the other test process's worker, never takes their tasks or answers their pings.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_REDIS_DB = 15 - (int(_XDIST_WORKER[2:]) + 1 if _XDIST_WORKER.startswith("gw") else 0)
REDIS_URL = env("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_REDIS_DB}")
CELERY_BROKER_URL = REDIS_URL
# Tasks are enqueued for real; tests that need them run either the service directly or a
# real worker (tests/conftest.py `celery_worker`). Eager mode is opt-in per test.
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
