from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "apps.evidence"
    label = "evidence"
    verbose_name = "佐证材料"

    def ready(self) -> None:
        from . import indicators  # noqa: F401, PLC0415 - registers the document/attestation evaluators
