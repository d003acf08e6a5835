"""Reads of the audit pages: the district's tables, its history rows, its access log."""

from .access import district_access_log, school_names
from .events import (
    ACTIONS,
    Change,
    EventFilters,
    EventRow,
    actor_ids_matching,
    district_events,
    event_rows,
)
from .tables import AuditTable, district_scope, district_tables, table_by_key

__all__ = [
    "ACTIONS",
    "AuditTable",
    "Change",
    "EventFilters",
    "EventRow",
    "actor_ids_matching",
    "district_access_log",
    "district_events",
    "district_scope",
    "district_tables",
    "event_rows",
    "school_names",
    "table_by_key",
]
