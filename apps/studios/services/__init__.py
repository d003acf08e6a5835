"""The studios' writes, one module per sub-domain (other apps import from here)."""

from .sessions import may_record_sessions as may_record_sessions
from .sessions import session_record as session_record
