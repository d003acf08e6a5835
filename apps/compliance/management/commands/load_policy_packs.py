from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.compliance.packs import PACK_DIR, PackError, load_pack_file
from apps.core.audit import command_context


class Command(BaseCommand):
    help = "Load the policy packs in fixtures/policy/ (or the given files); idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*", help="YAML files (default: fixtures/policy/*.yaml)")

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        files = [Path(f) for f in options["files"]] or sorted(PACK_DIR.glob("*.yaml"))
        if not files:
            raise CommandError(f"no policy packs found in {PACK_DIR}")
        for path in files:
            try:
                pack, created = load_pack_file(path)
            except PackError as exc:
                raise CommandError(str(exc)) from exc
            state = "loaded" if created else "unchanged"
            self.stdout.write(
                f"{pack.code} v{pack.version}: {state} "
                f"({pack.indicators.count()} indicators, {pack.parameters.count()} parameters)"
            )
