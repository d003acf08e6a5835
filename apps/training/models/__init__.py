"""Training models, by topic: vocabulary, activities and attendance, the hours ledger and
credits, the development archive."""

from .activities import Attendance, TrainingActivity
from .archive import AchievementKind, AchievementLevel, ArchiveEntry, ArchiveFile
from .ledger import (
    CreditAssignment,
    EntryKind,
    ExternalTraining,
    ExternalTrainingFile,
    LedgerEntry,
    RecordStatus,
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
    "AchievementKind",
    "AchievementLevel",
    "ArchiveEntry",
    "ArchiveFile",
    "Attendance",
    "ContentTier",
    "CreditAssignment",
    "CreditClass",
    "EntryKind",
    "ExternalLevel",
    "ExternalTraining",
    "ExternalTrainingFile",
    "Layer",
    "LedgerEntry",
    "Module",
    "OrganiserLevel",
    "ProbationBucket",
    "Programme",
    "RecordStatus",
    "TrainingActivity",
    "TrainingForm",
]
