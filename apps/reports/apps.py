from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports (PDF and Excel, their jobs and archive) and notices (消息中心, 待办, robots).

    Above the domain apps: it reads compliance results and the apps' selectors, and the
    apps never import it (they announce what happened through the kit's signals)."""

    name = "apps.reports"
    label = "reports"
    verbose_name = "报表与消息"
