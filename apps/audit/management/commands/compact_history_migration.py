"""Rewrite a generated migration that adds history models so that `migrate` runs it fast.

    python manage.py makemigrations training --name audit_history
    python manage.py compact_history_migration training 0015_audit_history

`makemigrations` writes one operation per field, index and trigger of every new history
model; `migrate` re-renders the related models after each, so a migration for a score of
audited models took minutes. This command rewrites it to the same project state in a
few steps: the fields and indexes of each new model inside its `CreateModel`, and all
the triggers in one `apps.core.audit.InstallTriggers`. `makemigrations --check` stays
clean (the state is the same), and the tables and triggers are the same.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.writer import MigrationWriter
from pgtrigger.migrations import AddTrigger

from apps.core.audit import InstallTriggers


def compacted(operations: list[Any]) -> list[Any]:
    """The same state in fewer steps (see the module's docstring)."""
    created = {op.name_lower: op for op in operations if isinstance(op, migrations.CreateModel)}
    kept: list[Any] = []
    triggers: list[Any] = []
    for op in operations:
        target = created.get(getattr(op, "model_name_lower", ""))
        if isinstance(op, migrations.AddField) and target is not None:
            target.fields.append((op.name, op.field))
        elif isinstance(op, migrations.AddIndex) and target is not None:
            target.options.setdefault("indexes", []).append(op.index)
        elif isinstance(op, AddTrigger):
            triggers.append(op)
        else:
            kept.append(op)
    return [*kept, InstallTriggers(triggers)] if triggers else kept


class Command(BaseCommand):
    help = "Rewrite a migration of new history models into a few fast operations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("app_label")
        parser.add_argument("migration_name")

    def handle(self, *args: Any, **options: Any) -> None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        migration = loader.get_migration(options["app_label"], options["migration_name"])
        before = len(migration.operations)
        migration.operations = compacted(list(migration.operations))  # type: ignore[misc]
        writer = MigrationWriter(migration)
        with open(writer.path, "w", encoding="utf-8") as out:
            out.write(writer.as_string())
        self.stdout.write(f"{writer.path}: {before} operations → {len(migration.operations)}")
