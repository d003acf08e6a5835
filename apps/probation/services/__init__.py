"""Writes of the probation app (other apps import from here)."""

from .appointment import refusal_text, trainee_appoint
from .assessments import assessment_record, assessment_state_error, may_assess
from .deputies import case_guidance_add, deputy_assess, deputy_path_add
from .eligibility import eligibility_exception_record, home_visit_add
from .reserve import reserve_entry_create, reserve_entry_update
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
    "case_guidance_add",
    "deputy_assess",
    "deputy_path_add",
    "eligibility_exception_record",
    "home_visit_add",
    "may_assess",
    "mentor_log_add",
    "refusal_text",
    "require_leader",
    "reserve_entry_create",
    "reserve_entry_update",
    "trainee_appoint",
    "trainee_create",
    "trainee_retry",
    "trainee_send_to_district",
    "trainee_update",
]
