from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from . import tasks  # noqa: F401, PLC0415 - registers the kit's tasks in every process
