"""Selection and probation models, by topic: vocabulary, trainees and mentors, the
three-level assessment; deputies on the two tracks, the reserve pool, lishui's
eligibility exceptions and home visits."""

from .assessments import Assessment, AssessmentEvent, AssessmentFile, AssessmentImport
from .deputies import (
    CaseGuidance,
    CaseType,
    DeputyAssessment,
    DeputyAssessmentEvent,
    DeputyPathItem,
    DeputyRecord,
    DeputyTrack,
)
from .eligibility import EligibilityException, HomeVisit
from .reserve import ReserveEntry, ReserveSource, ReserveStatus
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
    "CaseGuidance",
    "CaseType",
    "DeputyAssessment",
    "DeputyAssessmentEvent",
    "DeputyPathItem",
    "DeputyRecord",
    "DeputyTrack",
    "EligibilityException",
    "HomeVisit",
    "MentorLog",
    "ReserveEntry",
    "ReserveSource",
    "ReserveStatus",
    "Trainee",
    "TraineeStatus",
]
