"""Reads of studios and workshops (public: reports and demo read these)."""

from .briefs import brief_board
from .collection import (
    COLLECTION_HEADERS,
    CollectionEntry,
    CollectionTeam,
    collection_marker,
    collection_rows,
    collection_teams,
)
from .reports import DISTRICT_HEADERS as DISTRICT_REPORT_HEADERS
from .reports import SCHOOL_HEADERS as SCHOOL_REPORT_HEADERS
from .reports import district_report_rows, school_report_rows

__all__ = [
    "COLLECTION_HEADERS",
    "DISTRICT_REPORT_HEADERS",
    "SCHOOL_REPORT_HEADERS",
    "CollectionEntry",
    "CollectionTeam",
    "brief_board",
    "collection_marker",
    "collection_rows",
    "collection_teams",
    "district_report_rows",
    "school_report_rows",
]
