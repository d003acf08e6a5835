"""Selection and probation models, by topic: vocabulary, trainees and mentors, the
three-level assessment."""

from .assessments import Assessment, AssessmentEvent, AssessmentFile, AssessmentImport
from .trainees import MentorLog, Trainee
from .vocab import (
    LEVEL_ORDER,
    OPEN_STATUSES,
    SCHOOL_LEVELS,
    AssessmentLevel,
    AssessmentStatus,
    TraineeStatus,
)

__all__ = [
    "LEVEL_ORDER",
    "OPEN_STATUSES",
    "SCHOOL_LEVELS",
    "Assessment",
    "AssessmentEvent",
    "AssessmentFile",
    "AssessmentImport",
    "AssessmentLevel",
    "AssessmentStatus",
    "MentorLog",
    "Trainee",
    "TraineeStatus",
]
