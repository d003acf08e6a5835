"""Reads of studios and workshops (public: reports and demo read these)."""

from .collection import (
    COLLECTION_HEADERS,
    CollectionEntry,
    CollectionTeam,
    collection_marker,
    collection_rows,
    collection_teams,
)

__all__ = [
    "COLLECTION_HEADERS",
    "CollectionEntry",
    "CollectionTeam",
    "collection_marker",
    "collection_rows",
    "collection_teams",
]
