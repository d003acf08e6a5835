"""Remove audit history and personal-data access records older than N days.

`prune_audit --older-than-days 365` deletes, from every history table (apps.core.audit)
and from the access log (apps.core.access_log), the rows written more than 365 days ago.
It refuses a period shorter than `AUDIT_RETENTION_DAYS` (180): the law asks for six months
at least (Cybersecurity Law art. 21; PIPL art. 51/55/56). The database lets only the
tables' owner delete an audit row: the command acts as the schema owner
(`apps.core.dbroles.as_schema_owner`), so it runs where `migrate` runs, with the owner's
login. See docs/operations.md, "审计与日志保留".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from apps.core.access_log import DataAccessLog
from apps.core.audit import AUDIT_RETENTION_DAYS, command_context, history_models
from apps.core.dbroles import as_schema_owner


class Command(BaseCommand):
    help = "Delete audit history and access-log rows older than --older-than-days (≥ 180)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-days", type=int, required=True)

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than_days"]
        if days < AUDIT_RETENTION_DAYS:
            raise CommandError(
                f"保留期不得短于 {AUDIT_RETENTION_DAYS} 天（网络安全法第二十一条：网络日志留存"
                f"不少于六个月）。请将 --older-than-days 设为 {AUDIT_RETENTION_DAYS} 或更大。"
            )
        cutoff = timezone.now() - dt.timedelta(days=days)
        tables: list[tuple[type[models.Model], str]] = [
            *((model, "pgh_created_at") for model in history_models()),
            (DataAccessLog, "at"),
        ]
        total = 0
        with transaction.atomic():
            for model, written_at in tables:
                # the database lets only the tables' owner delete (apps.core.audit)
                with as_schema_owner(model._meta.db_table):
                    rows = model._default_manager.filter(**{f"{written_at}__lt": cutoff})
                    total += rows.delete()[0]
        self.stdout.write(f"pruned {total} audit rows older than {days} days ({cutoff:%Y-%m-%d})")
