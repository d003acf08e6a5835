"""The reports app's models, one module per sub-domain, re-exported here."""

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

__all__ = [
    "ROBOT_CHANNELS",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "Notice",
    "NoticeKind",
    "NoticeMute",
    "RobotChannel",
    "RobotPost",
]
