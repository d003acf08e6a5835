"""The studios' reads, one module per sub-domain (other apps import from here)."""

from .sessions import members_by_school as members_by_school
from .sessions import session_attendees as session_attendees
from .sessions import session_get as session_get
from .space import team_get_for as team_get_for
from .space import team_sessions as team_sessions
from .space import team_space as team_space
from .space import teams_of as teams_of
