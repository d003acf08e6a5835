"""`manage.py backup` (`make backup`): the database and the media into
var/backups/<timestamp>/ (apps/core/backup.py, docs/operations.md 备份与恢复)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.backup import BackupError, Server, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, as the schema owner) and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--into", default=str(settings.BASE_DIR / "var" / "backups"), help="backup root"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = Server.from_settings(settings.DATABASES["migrate"])
        try:
            folder = backup(
                server=server, media_root=Path(settings.MEDIA_ROOT), into=Path(options["into"])
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份完成：{folder}")
