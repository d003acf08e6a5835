from typing import Any

from django.core.management.base import BaseCommand

from apps.core.audit import command_context
from apps.demo.seed import seed_demo
from apps.people.demo import DEMO_PASSWORD, DISTRICTS, demo_logins
from apps.studios.demo import studio_demo_logins


class Command(BaseCommand):
    help = "Build the demo districts, schools, people, training records and logins (idempotent)."

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo()
        self.stdout.write(f"demo data ready ({result['schools_populated']} schools populated now)")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        leads = studio_demo_logins([(d.login_prefix, d.name) for d in DISTRICTS])
        for username, role, district in [*demo_logins(), *leads]:
            self.stdout.write(f"  {username:<14} {district} · {role}")
