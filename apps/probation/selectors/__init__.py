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
    "Bucket",
    "ProbationRules",
    "Progress",
    "deputy_practice_applies",
    "district_trainees",
    "graduation_candidates",
    "mentor_qualifies",
    "planned_end",
    "probation_rules",
    "progress_of",
    "qualified_mentors",
    "school_trainees",
    "trainee_assessments",
    "trainee_mentor_logs",
    "trainee_of_user",
]
