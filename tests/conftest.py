"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from apps.core.dbscope import system_scope

from .personas import World, build_world
from .support import db_roles

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses
# to run there unless told that this thread is really synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database as pytest-django makes it, then worked on as the app role
    (tests/support/db_roles.py)."""
    with django_db_blocker.unblock():
        db_roles.work_as_app_role()
    yield
    with django_db_blocker.unblock():
        db_roles.stop_working_as_app_role()


@pytest.fixture(autouse=True)
def _system_db_scope() -> Iterator[None]:
    """Test code reads every school's rows; a request it makes reads its user's only."""
    with system_scope():
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """A logged-in test client for a persona key ("A1.leader"); "anon" is anonymous."""

    def make(key: str) -> Client:
        client = Client()
        persona = world.persona(key)
        if persona.user is not None:
            client.force_login(persona.user)
        return client

    return make


@pytest.fixture
def celery_worker_thread(transactional_db: None) -> Iterator[object]:
    """A real Celery worker (in a thread of this process) consuming from the test Redis.

    Use with `transactional_db`: the worker has its own database connection and only sees
    committed rows, exactly like a worker in production.
    """
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings as django_settings

    from config.celery import app

    app.conf.task_always_eager = False
    queues = [django_settings.CELERY_TASK_DEFAULT_QUEUE, django_settings.REPORTS_QUEUE]
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=queues
    ) as worker:
        yield worker
