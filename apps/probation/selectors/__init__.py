"""Reads of the probation app (other apps import from here)."""

from .progress import (
    BUCKET_LABELS,
    Bucket,
    ProbationRules,
    Progress,
    deputy_practice_applies,
    planned_end,
    probation_rules,
    progress_of,
)
from .reports import (
    DISTRICT_HEADERS,
    SCHOOL_HEADERS,
    district_report_rows,
    school_report_rows,
)
from .trainees import (
    district_trainees,
    graduation_candidates,
    mentor_qualifies,
    qualified_mentors,
    school_trainees,
    trainee_assessments,
    trainee_mentor_logs,
    trainee_of_user,
)

__all__ = [
    "BUCKET_LABELS",
    "DISTRICT_HEADERS",
    "SCHOOL_HEADERS",
    "Bucket",
    "ProbationRules",
    "Progress",
    "deputy_practice_applies",
    "district_report_rows",
    "district_trainees",
    "graduation_candidates",
    "mentor_qualifies",
    "planned_end",
    "probation_rules",
    "progress_of",
    "qualified_mentors",
    "school_report_rows",
    "school_trainees",
    "trainee_assessments",
    "trainee_mentor_logs",
    "trainee_of_user",
]
