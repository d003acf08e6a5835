"""/healthz: database, Redis and worker status as JSON, for load balancers and operators.

The answer is 200 while the database answers (the web can serve pages), 503 when it does
not. Redis and the worker are reported separately: a stopped worker degrades background
work (imports, reports) but does not take the site down. With no broker configured,
tasks run eagerly in the web process and the worker is reported as "eager".
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

WORKER_PING_TIMEOUT = 1.0


def _check_database() -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def _check_redis() -> dict[str, Any]:
    url = settings.REDIS_URL
    if not url:
        return {"status": "not_configured"}
    import redis  # noqa: PLC0415 - only needed when Redis is configured

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


def _check_worker(redis_status: str) -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager"}
    if redis_status != "ok":
        return {"status": "down", "error": "broker unreachable"}
    from config.celery import app  # noqa: PLC0415

    try:
        replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    if not replies:
        return {"status": "down", "workers": 0}
    return {"status": "ok", "workers": len(replies)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _check_database()
    redis_check = _check_redis()
    worker = _check_worker(redis_check["status"])
    if database["status"] != "ok":
        overall = "down"
    elif redis_check["status"] == "down" or worker["status"] == "down":
        overall = "degraded"
    else:
        overall = "ok"
    return JsonResponse(
        {"status": overall, "database": database, "redis": redis_check, "worker": worker},
        status=503 if overall == "down" else 200,
    )
