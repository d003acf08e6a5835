from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports (PDF and Excel, their jobs and archive) and notices (消息中心, 待办, robots).

    Above the domain apps: it reads compliance results and the apps' selectors, and the
    apps never import it (they announce what happened through the kit's signals)."""

    name = "apps.reports"
    label = "reports"
    verbose_name = "报表与消息"

    def ready(self) -> None:
        self._notices_ready()

    @staticmethod
    def _notices_ready() -> None:
        """The 待办 sources, the receiver of review decisions, the notices' tasks."""
        from apps.core.review import record_reviewed  # noqa: PLC0415

        from . import tasks  # noqa: F401, PLC0415 - registers the notices' tasks
        from .selectors import due  # noqa: PLC0415
        from .services.notices import on_record_reviewed  # noqa: PLC0415

        due.register()
        record_reviewed.connect(on_record_reviewed, dispatch_uid="reports.notices")
