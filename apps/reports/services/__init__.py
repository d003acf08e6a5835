"""The reports app's writes, one module per sub-domain."""

from .jobs import RENDER_TASK, report_cancel, report_render, report_request

__all__ = ["RENDER_TASK", "report_cancel", "report_render", "report_request"]
