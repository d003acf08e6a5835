"""Writes of the probation app (other apps import from here)."""

from .appointment import refusal_text, trainee_appoint
from .assessments import assessment_record, assessment_state_error, may_assess
from .trainees import (
    mentor_log_add,
    require_leader,
    trainee_create,
    trainee_retry,
    trainee_send_to_district,
    trainee_update,
)

__all__ = [
    "assessment_record",
    "assessment_state_error",
    "may_assess",
    "mentor_log_add",
    "refusal_text",
    "require_leader",
    "trainee_appoint",
    "trainee_create",
    "trainee_retry",
    "trainee_send_to_district",
    "trainee_update",
]
