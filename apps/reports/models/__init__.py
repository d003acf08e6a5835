"""The reports app's models, one module per sub-domain, re-exported here."""

from .jobs import ReportFile, ReportFormat, ReportJob, ReportKind, ReportTrigger
from .schedules import ReportSchedule

__all__ = [
    "ReportFile",
    "ReportFormat",
    "ReportJob",
    "ReportKind",
    "ReportSchedule",
    "ReportTrigger",
]
