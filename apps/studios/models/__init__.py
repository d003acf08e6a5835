"""Studios and workshops, by topic: vocabulary; teams with their themes, members,
sessions, funding and plans; outcomes and files; quarterly briefs and studio rules;
guardian's object permissions on teams."""

from .briefs import Brief, BriefEvent, RulesEvent, StudioRules
from .outcomes import Outcome, TeamFile, TeamFileData
from .permissions import TeamGroupObjectPermission, TeamUserObjectPermission
from .studios import Funding, Member, Plan, Session, Team, TeamQuerySet, Theme
from .vocab import (
    BriefStatus,
    CourseForm,
    HostKind,
    MemberRole,
    OutcomeKind,
    OutcomeStage,
    PlanKind,
    RulesStatus,
    StudioLevel,
    TeamKind,
    WorkshopType,
)

__all__ = [
    "Brief",
    "BriefEvent",
    "BriefStatus",
    "CourseForm",
    "Funding",
    "HostKind",
    "Member",
    "MemberRole",
    "Outcome",
    "OutcomeKind",
    "OutcomeStage",
    "Plan",
    "PlanKind",
    "RulesEvent",
    "RulesStatus",
    "Session",
    "StudioLevel",
    "StudioRules",
    "Team",
    "TeamFile",
    "TeamFileData",
    "TeamGroupObjectPermission",
    "TeamKind",
    "TeamQuerySet",
    "TeamUserObjectPermission",
    "Theme",
    "WorkshopType",
]
