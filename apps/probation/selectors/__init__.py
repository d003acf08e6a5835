"""Reads of the probation app (other apps import from here)."""

from .deputies import deputy_summary
from .eligibility import home_visit_summary
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
from .reserve import reserve_summary
from .trainees import (
    assessment_file_get,
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
    "assessment_file_get",
    "deputy_practice_applies",
    "deputy_summary",
    "district_report_rows",
    "district_trainees",
    "graduation_candidates",
    "home_visit_summary",
    "mentor_qualifies",
    "planned_end",
    "probation_rules",
    "progress_of",
    "qualified_mentors",
    "reserve_summary",
    "school_report_rows",
    "school_trainees",
    "trainee_assessments",
    "trainee_mentor_logs",
    "trainee_of_user",
]
