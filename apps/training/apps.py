from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "apps.training"
    label = "training"
    verbose_name = "研修与学时"

    def ready(self) -> None:
        from . import indicators  # noqa: F401, PLC0415 - registers the training evaluators
