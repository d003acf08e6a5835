"""The reports app's writes, one module per sub-domain."""

from .jobs import RENDER_TASK, report_cancel, report_render, report_request
from .schedules import schedule_of, schedule_set, scheduled_reports

__all__ = [
    "RENDER_TASK",
    "report_cancel",
    "report_render",
    "report_request",
    "schedule_of",
    "schedule_set",
    "scheduled_reports",
]
