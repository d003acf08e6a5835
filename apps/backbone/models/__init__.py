"""Backbone teachers and famous homeroom teachers, by topic: vocabulary; the xuhui cohort
with its members, task entries and applications; assessments, consequences and
rectification plans; the allowance ledger; xinbei's honours and talent pool; growth
teams with mentors, members, projects, collections, showcases and assessments; the
career ladder's ratings; the plans and the radiation column; files."""

from .allowance import AllowancePayment
from .assessment import Assessment, Consequence, Rectification, RectificationEvent
from .cohort import BackboneMember, Cohort, CohortApplication, TaskEntry, TaskEntryEvent
from .famous import HomeroomHonour, PoolEntry
from .files import BackboneFile, BackboneFileData
from .ladder import HomeroomRating
from .plans import DevelopmentPlan, RadiatePost, RadiateReach, TeamPlan, TeamPlanKind
from .teams import (
    CharacterProject,
    Collection,
    GrowthAssessment,
    GrowthMember,
    GrowthMemberEvent,
    GrowthTeam,
    Mentor,
    Showcase,
)
from .vocab import (
    AdmissionStatus,
    AllowanceKind,
    ApplicationStatus,
    AssessmentKind,
    Category,
    ConsequenceKind,
    Decision,
    EntryStatus,
    FamousLevel,
    Honour,
    LeaveReason,
    MemberLeave,
    PoolStatus,
    ProjectScope,
    RectificationStatus,
    Result,
    Rung,
    Task,
    TaskEntryKind,
    Tier,
)

__all__ = [
    "AdmissionStatus",
    "AllowanceKind",
    "AllowancePayment",
    "ApplicationStatus",
    "Assessment",
    "AssessmentKind",
    "BackboneFile",
    "BackboneFileData",
    "BackboneMember",
    "Category",
    "CharacterProject",
    "Cohort",
    "CohortApplication",
    "Collection",
    "Consequence",
    "ConsequenceKind",
    "Decision",
    "DevelopmentPlan",
    "EntryStatus",
    "FamousLevel",
    "GrowthAssessment",
    "GrowthMember",
    "GrowthMemberEvent",
    "GrowthTeam",
    "HomeroomHonour",
    "HomeroomRating",
    "Honour",
    "LeaveReason",
    "MemberLeave",
    "Mentor",
    "PoolEntry",
    "PoolStatus",
    "ProjectScope",
    "RadiatePost",
    "RadiateReach",
    "Rectification",
    "RectificationEvent",
    "RectificationStatus",
    "Result",
    "Rung",
    "Showcase",
    "Task",
    "TaskEntry",
    "TaskEntryEvent",
    "TaskEntryKind",
    "TeamPlan",
    "TeamPlanKind",
    "Tier",
]
