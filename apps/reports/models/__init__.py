"""The reports app's models, one module per sub-domain, re-exported here."""

from .jobs import ReportFile, ReportFormat, ReportJob, ReportKind, ReportTrigger
from .notices import (
    ROBOT_CHANNELS,
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeKind,
    NoticeMute,
    RobotChannel,
    RobotPost,
)
from .schedules import ReportSchedule

__all__ = [
    "ROBOT_CHANNELS",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "Notice",
    "NoticeKind",
    "NoticeMute",
    "ReportFile",
    "ReportFormat",
    "ReportJob",
    "ReportKind",
    "ReportSchedule",
    "ReportTrigger",
    "RobotChannel",
    "RobotPost",
]
