from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "人员与班级"

    def ready(self) -> None:
        from . import indicators, services  # noqa: F401, PLC0415 - register evaluators, import runner
