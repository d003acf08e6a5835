"""Training models, by topic: vocabulary, activities and attendance, the hours ledger and
credits, the development archive."""

from .activities import ActivityAttachment, ActivityAttachmentFile, Attendance, TrainingActivity
from .archive import AchievementKind, AchievementLevel, ArchiveEntry, ArchiveFile
from .jobs import ImportKind, TrainingImport
from .ledger import (
    CreditAssignment,
    CreditOffset,
    EntryKind,
    ExternalTraining,
    ExternalTrainingFile,
    LedgerEntry,
    RecordStatus,
)
from .programmes import (
    OUTCOME_KINDS,
    PROCESS_KINDS,
    Cohort,
    CohortCourse,
    CohortMember,
    EvaluationFile,
    EvaluationKind,
    EvaluationRecord,
    MemberStatus,
    Survey,
    SurveyResponse,
)
from .vocab import (
    ContentTier,
    CreditClass,
    ExternalLevel,
    Layer,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingForm,
)

__all__ = [
    "OUTCOME_KINDS",
    "PROCESS_KINDS",
    "AchievementKind",
    "AchievementLevel",
    "ActivityAttachment",
    "ActivityAttachmentFile",
    "ArchiveEntry",
    "ArchiveFile",
    "Attendance",
    "Cohort",
    "CohortCourse",
    "CohortMember",
    "ContentTier",
    "CreditAssignment",
    "CreditClass",
    "CreditOffset",
    "EntryKind",
    "EvaluationFile",
    "EvaluationKind",
    "EvaluationRecord",
    "ExternalLevel",
    "ExternalTraining",
    "ExternalTrainingFile",
    "ImportKind",
    "Layer",
    "LedgerEntry",
    "MemberStatus",
    "Module",
    "OrganiserLevel",
    "ProbationBucket",
    "Programme",
    "RecordStatus",
    "Survey",
    "SurveyResponse",
    "TrainingActivity",
    "TrainingForm",
    "TrainingImport",
]
