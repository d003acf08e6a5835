"""The Celery application.

Settings come from Django's settings under the CELERY_ namespace (config/settings/base.py):
acks_late, reject_on_worker_lost, prefetch 1 and time limits are set there for every task.
With no REDIS_URL the broker is in-memory and tasks run eagerly in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("homeroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
