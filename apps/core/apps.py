from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from . import tasks  # noqa: F401, PLC0415 - registers the kit's tasks in every process
        from .dbroles import grant_after_migrate  # noqa: PLC0415
        from .dbscope import connect_task_signals, use_command_default  # noqa: PLC0415

        # The app role is granted what every migrate created (apps/core/dbroles.py).
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="core.grants")
        # Row-level security scopes of tasks and commands (apps/core/dbscope.py).
        connect_task_signals()
        use_command_default()
