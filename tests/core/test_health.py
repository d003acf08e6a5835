"""/healthz reports database, Redis and worker status as JSON (issue #2 §7)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
def test_healthz_with_no_worker_running_reports_worker_down() -> None:
    response = Client().get("/healthz")
    data = response.json()
    assert response.status_code == 200  # the site still serves pages
    assert data["database"]["status"] == "ok"
    assert data["redis"]["status"] == "ok"
    assert data["worker"] == {"status": "down", "workers": 0}
    assert data["status"] == "degraded"


@pytest.mark.worker
def test_healthz_with_a_worker_running_reports_it(celery_worker_thread: object) -> None:
    data = Client().get("/healthz").json()
    assert data["worker"]["status"] == "ok"
    assert data["worker"]["workers"] >= 1
    assert data["status"] == "ok"


@pytest.mark.django_db
def test_healthz_when_redis_is_unreachable() -> None:
    unreachable = "redis://127.0.0.1:1/0"
    with override_settings(REDIS_URL=unreachable, CELERY_BROKER_URL=unreachable):
        data = Client().get("/healthz").json()
    assert data["redis"]["status"] == "down"
    assert data["worker"]["status"] == "down"
    assert data["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_in_eager_mode_without_a_broker() -> None:
    with override_settings(REDIS_URL="", CELERY_TASK_ALWAYS_EAGER=True):
        data = Client().get("/healthz").json()
    assert data["redis"] == {"status": "not_configured"}
    assert data["worker"] == {"status": "eager"}
    assert data["status"] == "ok"
