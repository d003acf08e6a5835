"""`manage.py migrate` as the schema owner: the `migrate` database alias
(MIGRATE_DATABASE_URL) is the default here, since the app role (DATABASE_URL) may not
create or alter tables. `--database` still chooses another alias."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS

MIGRATE_ALIAS = "migrate"


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Runs as the schema owner (the `migrate` alias) by default."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        owner = MIGRATE_ALIAS if MIGRATE_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS
        parser.set_defaults(database=owner)
