"""`manage.py restore <folder> [--database-name N] [--media]` (`make restore FILE=…`):
a backup into a new database (apps/core/backup.py, docs/operations.md 备份与恢复)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.backup import BackupError, Server, restore, restore_media


class Command(BaseCommand):
    help = "Restore a backup folder into a new (or empty) database; optionally its media."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="var/backups/<timestamp>")
        parser.add_argument(
            "--database-name", help="database to restore into (default: <name>_restored)"
        )
        parser.add_argument(
            "--media", action="store_true", help="unpack the media into MEDIA_ROOT too"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = Server.from_settings(settings.DATABASES["migrate"])
        name = options["database_name"] or f"{owner.dbname}_restored"
        folder = Path(options["folder"])
        try:
            counts = restore(
                folder=folder,
                database=name,
                owner=owner,
                owner_role=settings.DATABASE_OWNER_ROLE,
                app_role=settings.DATABASE_APP_ROLE,
                admin=Server.admin(settings.DATABASE_ADMIN_URL, owner),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复到数据库 {name}：{len(counts)} 张表，行数与备份清单一致。")
        if options["media"]:
            written = restore_media(folder, Path(settings.MEDIA_ROOT))
            self.stdout.write(f"媒体文件：写入 {written} 个（已有的同名文件未覆盖）。")
        self.stdout.write(f"要使用它：把 DATABASE_URL 和 MIGRATE_DATABASE_URL 指向 {name}。")
