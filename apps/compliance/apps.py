from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "apps.compliance"
    label = "compliance"
    verbose_name = "达标评估"

    def ready(self) -> None:
        # The engine's own evaluators (pending_module, all_of). Domain apps register theirs
        # from their own AppConfig.ready(); compliance imports none of them.
        from . import evaluators  # noqa: F401, PLC0415
