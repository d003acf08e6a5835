"""The studios' writes, one module per topic (other apps import from here)."""

from .briefs import brief_correct as brief_correct
from .briefs import brief_file as brief_file
from .briefs import brief_review as brief_review
from .members import lead_end as lead_end
from .members import lead_grant as lead_grant
from .members import member_add as member_add
from .members import member_leave as member_leave
from .outcomes import outcome_add as outcome_add
from .outcomes import outcome_promote as outcome_promote
from .rules import rules_review as rules_review
from .rules import rules_submit as rules_submit
from .sessions import may_record_sessions as may_record_sessions
from .sessions import session_record as session_record
from .teams import TeamFields as TeamFields
from .teams import funding_add as funding_add
from .teams import plan_save as plan_save
from .teams import team_create as team_create
from .teams import team_end as team_end
from .teams import team_update as team_update
from .teams import theme_add as theme_add
from .teams import theme_remove as theme_remove
