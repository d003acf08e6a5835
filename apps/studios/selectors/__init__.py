"""The studios' reads, one module per topic (public: reports, demo and bench read these)."""

from .briefs import brief_board as brief_board
from .briefs import brief_due as brief_due
from .briefs import brief_due_day as brief_due_day
from .briefs import quarters_due as quarters_due
from .collection import COLLECTION_HEADERS as COLLECTION_HEADERS
from .collection import CollectionEntry as CollectionEntry
from .collection import CollectionTeam as CollectionTeam
from .collection import collection_marker as collection_marker
from .collection import collection_rows as collection_rows
from .collection import collection_teams as collection_teams
from .outcomes import outcome_file_get as outcome_file_get
from .outcomes import readable_team as readable_team
from .outcomes import team_outcome_get as team_outcome_get
from .outcomes import team_outcomes as team_outcomes
from .reports import DISTRICT_REPORT_HEADERS as DISTRICT_REPORT_HEADERS
from .reports import SCHOOL_REPORT_HEADERS as SCHOOL_REPORT_HEADERS
from .reports import district_report_rows as district_report_rows
from .reports import school_report_rows as school_report_rows
from .teams import district_teams as district_teams
from .teams import rules_of as rules_of
from .teams import school_teams as school_teams
from .teams import team_get_for as team_get_for
from .teams import team_members as team_members
