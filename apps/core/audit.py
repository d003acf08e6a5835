"""The audit trail: every change to a domain row kept, with who made it and in which request.

1. **Tracking.** `@audited()` on a concrete model (a thin wrapper over `pghistory.track`)
   gives it a history model `<Model>History` (table `<app>_<model>history`). Postgres
   triggers write a snapshot row there on every INSERT, on every UPDATE that changes a
   tracked field, and on every DELETE (the old row) — `bulk_create`, `update()`, `COPY`
   and raw SQL included, since the triggers belong to the database, not to Django.
2. **What is left out.** Bytes (`BinaryField`: an uploaded file's parent row keeps its
   name, type, size and digest), the fields named in `exclude=`, and a job's bookkeeping
   (`NOISE_FIELDS`: progress counters and the lease its heartbeat renews every few
   seconds). An UPDATE that changes nothing but `updated_at` writes no history row.
3. **Context.** Each history row carries `pgh_context` (JSON) and `pgh_context_id`: in a
   request `{"user", "request_id", "url", "method"}` (`AuditContextMiddleware`; the
   request id is the one the JSON logs print and the `X-Request-ID` header answers), in
   a Celery task `{"task", "task_id", "args"}` plus `{"job", "user"}` when the task runs a
   job row (the import task: the job and the person who uploaded the file), in a
   management command `{"command"}` (`@command_context` on `handle`). The context is
   copied into the row itself (pghistory's denormalised context), so a history row is
   complete on its own and nothing it relies on can be changed later.
4. **Append only.** Every history table refuses UPDATE always, and DELETE to anyone but
   the tables' owner (the role that runs migrate): `prune_audit` deletes as the owner and
   keeps `AUDIT_RETENTION_DAYS`; the app role owns nothing. pgtrigger's per-session
   switch (`SET pgtrigger.ignore`) is disabled after every migrate
   (`harden_trigger_switch`), so no session can skip the tracking or the protection.

`tests/test_architecture.py` fails on a concrete model of a domain app that is neither
audited nor listed, with its reason, among the exemptions there.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, Concatenate, ParamSpec, TypeVar

import pghistory
import pgtrigger
from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.operations.base import Operation
from django.db.models.signals import post_migrate
from django.http import HttpRequest
from pghistory.middleware import HistoryMiddleware
from pghistory.models import Event

from .request_id import current_request_id

# Audit events and the personal-data access log are kept at least six months: the
# Cybersecurity Law art. 21 (network logs ≥ 6 months) and PIPL art. 51/55/56.
# `prune_audit` refuses a shorter period (docs/operations.md).
AUDIT_RETENTION_DAYS = 180

# A job row's bookkeeping: counters and the lease its heartbeat renews (apps.core.models).
NOISE_FIELDS = frozenset({"progress", "total", "lease_expires_at"})

HISTORY_SUFFIX = "History"

M = TypeVar("M", bound=type[models.Model])
C = TypeVar("C")
P = ParamSpec("P")
R = TypeVar("R")


class AuditEvent(Event):
    """The base of every history model: pghistory's event, with a 64-bit id (a busy
    table's history outgrows 2³¹ rows) and the append-only triggers of step 4."""

    pgh_id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True


APPEND_ONLY_FUNC = """
IF TG_OP = 'DELETE'
   AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
THEN
    RETURN OLD;
END IF;
RAISE EXCEPTION 'audit rows are append-only: % on % refused (only the schema owner deletes)',
    TG_OP, TG_TABLE_NAME;
"""


def append_only_triggers() -> list[pgtrigger.Trigger]:
    """Step 4: no UPDATE ever; DELETE only by the tables' owner — `prune_audit`, which
    keeps `AUDIT_RETENTION_DAYS`, and the replacement of a synthetic district — never by
    the app role, which owns nothing (ADR 0010)."""
    func = " ".join(line.strip() for line in APPEND_ONLY_FUNC.strip().splitlines())
    return [
        pgtrigger.Trigger(
            name="audit_append_only",
            when=pgtrigger.Before,
            operation=pgtrigger.Update | pgtrigger.Delete,
            func=func,
        )
    ]


def _excluded_fields(model: type[models.Model], exclude: Iterable[str]) -> list[str]:
    """Step 2: bytes, job bookkeeping and the caller's own exclusions."""
    names = {f.name for f in model._meta.local_fields}
    left_out = set(exclude) | (NOISE_FIELDS & names)
    left_out |= {f.name for f in model._meta.local_fields if isinstance(f, models.BinaryField)}
    unknown = set(exclude) - names
    if unknown:
        raise ValueError(f"{model.__name__}: no field(s) {sorted(unknown)} to leave out")
    return sorted(left_out)


def _history_indexes(model: type[models.Model]) -> list[models.Index]:
    """Newest first, per district when the rows carry one (the "谁改了什么" page)."""
    has_district = any(f.name == "district" for f in model._meta.local_fields)
    fields = ["district", "-pgh_created_at"] if has_district else ["-pgh_created_at"]
    table = model._meta.db_table
    digest = hashlib.md5(table.encode(), usedforsecurity=False).hexdigest()[:6]
    return [models.Index(fields=fields, name=f"{table.replace('_', '')[:14]}_{digest}_at")]


def audited(*, exclude: Iterable[str] = ()) -> Callable[[M], M]:
    """Keep the history of every row of the decorated model (steps 1–4)."""

    def track(model: M) -> M:
        tracker = pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
            pghistory.DeleteEvent(),
            exclude=_excluded_fields(model, exclude),
            context_field=pghistory.ContextJSONField(),
            model_name=f"{model.__name__}{HISTORY_SUFFIX}",
            base_model=AuditEvent,
            meta={
                "triggers": append_only_triggers(),
                "indexes": _history_indexes(model),
            },
        )
        return tracker(model)  # type: ignore[no-any-return]

    return track


def history_model(model: type[models.Model]) -> type[AuditEvent] | None:
    """The history model of an audited model, or None."""
    event_models = getattr(model, "pgh_event_models", None) or {}
    for event_model in set(event_models.values()):
        if issubclass(event_model, AuditEvent):
            return event_model  # type: ignore[no-any-return]
    return None


def history_models() -> list[type[AuditEvent]]:
    """Every history model of the project (their tables are the audit trail)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AuditEvent) and not model._meta.abstract
    ]


# --------------------------------------------------------------------------- context


class AuditContextMiddleware(HistoryMiddleware):
    """Step 3 for requests: who (the user's id, kept up to date when DRF authenticates
    a token later in the request), which request (the id of `RequestIdMiddleware`), and
    where. After `AuthenticationMiddleware`."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request)
        context["request_id"] = getattr(request, "request_id", None) or current_request_id()
        context["method"] = request.method
        return context


def audit_context(**metadata: Any) -> pghistory.context:
    """Attach `metadata` to the history rows written meanwhile (`with audit_context(…):`),
    or, called without `with`, add it to the context already entered."""
    return pghistory.context(**metadata)


def command_context(
    handle: Callable[Concatenate[C, P], R],
) -> Callable[Concatenate[C, P], R]:
    """Step 3 for a management command: decorate its `handle`; the history rows it writes
    name the command (`{"command": "seed_demo"}`)."""

    def run(self: C, /, *args: P.args, **options: P.kwargs) -> R:
        name = type(self).__module__.rsplit(".", 1)[-1]
        with pghistory.context(command=name):
            return handle(self, *args, **options)

    functools.update_wrapper(run, handle)
    return run


_ACTOR_FIELDS = ("created_by", "requested_by")


def job_context(args: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """`{"job", "user"}` for a task that names a job row by (model label, id), as the
    import task does: the job, and the person who started it."""
    if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], int):
        return {}
    try:
        model = apps.get_model(args[0])
    except (LookupError, ValueError):
        return {}
    context: dict[str, Any] = {"job": f"{model._meta.label_lower}:{args[1]}"}
    names = {f.name for f in model._meta.fields}
    actor = next((name for name in _ACTOR_FIELDS if name in names), None)
    if actor is not None:
        row = model._default_manager.filter(pk=args[1]).values_list(f"{actor}_id").first()
        context["user"] = row[0] if row else None
    return context


_task_contexts: dict[str, Any] = {}  # task id → the entered pghistory.context


def _enter_task_context(
    task_id: str | None = None, task: Any = None, args: Any = (), **_: Any
) -> None:
    """Step 3 for a Celery task (worker or eager): entered before it runs."""
    if task_id is None or task is None:
        return
    arguments = list(args or ())
    context: Any = pghistory.context(task=task.name, task_id=task_id, args=arguments)
    context.__enter__()
    _task_contexts[task_id] = context
    pghistory.context(**job_context(arguments))


def _exit_task_context(task_id: str | None = None, **_: Any) -> None:
    context = _task_contexts.pop(task_id or "", None)
    if context is not None:
        context.__exit__(None, None, None)


task_prerun.connect(_enter_task_context, weak=False, dispatch_uid="core.audit.task_context")
task_postrun.connect(_exit_task_context, weak=False, dispatch_uid="core.audit.task_context")


# --------------------------------------------------------------------------- hardening


def _ignore_function() -> str:
    schema = getattr(settings, "PGTRIGGER_SCHEMA", "public")
    return f'"{schema}"._pgtrigger_should_ignore'


HARDENED_IGNORE = """
CREATE OR REPLACE FUNCTION {name}(trigger_name NAME) RETURNS BOOLEAN AS $$
BEGIN
    -- apps.core.audit: no session may switch the audit or protection triggers off.
    RETURN FALSE;
END;
$$ LANGUAGE plpgsql;
"""


def harden_trigger_switch(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """Step 4: after every migrate, make pgtrigger's `pgtrigger.ignore` switch a no-op.

    Every trigger pgtrigger installs first asks `_pgtrigger_should_ignore(name)`, which
    reads a setting any session may set (`SET LOCAL pgtrigger.ignore = '{…}'`); each
    trigger migration installs that function again, so it is replaced after the last
    migration has run. Nothing in this project uses `pgtrigger.ignore`.
    """
    connection = connections[using]
    if getattr(sender, "label", None) != "core" or connection.vendor != "postgresql":
        return  # once per migrate (post_migrate is sent for every app)
    with connection.cursor() as cursor:
        cursor.execute(HARDENED_IGNORE.format(name=_ignore_function()))


post_migrate.connect(harden_trigger_switch, dispatch_uid="core.audit.harden_trigger_switch")


# --------------------------------------------------------------------------- migrations


class InstallTriggers(Operation):
    """pgtrigger's `AddTrigger` operations applied as one migration step: the same
    project state (each trigger in its model's `triggers` option), the same SQL, but the
    models are re-rendered once per model instead of once per trigger. A migration that
    adds history to a score of models took minutes with one `AddTrigger` per trigger
    (each one re-renders the growing graph of related models) and takes seconds so;
    `compact_history_migration` rewrites a generated migration this way."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations: list[Any]) -> None:
        self.operations = operations

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (type(self).__qualname__, [], {"operations": self.operations})

    def state_forwards(self, app_label: str, state: Any) -> None:
        touched = []
        for operation in self.operations:
            model_state = state.models[app_label, operation.model_name]
            triggers = model_state.options.get("triggers", [])
            model_state.options["triggers"] = [*triggers, operation.trigger]
            if (app_label, operation.model_name) not in touched:
                touched.append((app_label, operation.model_name))
        state.reload_models(touched, delay=True)

    def database_forwards(self, app_label: str, schema_editor: Any, *_: Any) -> None:
        for operation in self.operations:
            schema_editor.execute(operation.trigger.install_sql, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, *_: Any) -> None:
        for operation in reversed(self.operations):
            schema_editor.execute(operation.trigger.uninstall_sql, params=None)

    def describe(self) -> str:
        return f"Install {len(self.operations)} triggers"
