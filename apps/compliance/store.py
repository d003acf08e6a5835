"""Storing a run's results (ADR 0013), in the caller's transaction — the run's own, with
its `finish`:

1. the history rows, one per evaluated (school, indicator), written with COPY
   (`apps.core.bulk.copy_rows`): append-only, never updated, the record trends and
   explanations read;
2. the current table upserted from those rows in one statement: each (district, school
   year, semester, school, indicator code) the run evaluated now points at the run's
   row — unless a newer row already holds the key (a recompute that finished after this
   run began), so the table always names the newest result of every key, as a
   `DISTINCT ON` over the history would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection

from apps.core.bulk import copy_line, copy_rows

from .engine import Evaluated
from .models import ComplianceResult, ComplianceRun

HISTORY_COLUMNS = (
    "run_id", "district_id", "school_id", "indicator_id", "indicator_code", "school_year",
    "semester", "status", "value", "target", "deadline", "evidence", "missing", "parts",
    "note", "finished_at",
)  # fmt: skip

# Rows are taken in key order so that two runs upserting the same keys (a district run
# and a school's recompute) lock them in the same order and never deadlock.
UPSERT_CURRENT = """
INSERT INTO compliance_currentresult AS cur
    (district_id, school_year, semester, school_id, indicator_code, result_id, finished_at)
SELECT district_id, school_year, semester, school_id, indicator_code, id, finished_at
FROM compliance_complianceresult
WHERE run_id = %s
ORDER BY semester, school_id NULLS FIRST, indicator_code
ON CONFLICT ON CONSTRAINT current_result_unique DO UPDATE
SET result_id = EXCLUDED.result_id, finished_at = EXCLUDED.finished_at
WHERE (cur.finished_at, cur.result_id) < (EXCLUDED.finished_at, EXCLUDED.result_id)
"""


def _lines(
    run: ComplianceRun, evaluated: Iterable[Evaluated], finished: dt.datetime
) -> Iterator[str]:
    for item in evaluated:
        outcome, indicator = item.outcome, item.indicator
        yield copy_line(
            run.pk, run.district_id, item.school_id, indicator.pk, indicator.code,
            run.school_year, item.semester, outcome.status, outcome.value[:120],
            outcome.target[:120], indicator.deadline, outcome.evidence, outcome.missing,
            outcome.parts, outcome.note, finished,
        )  # fmt: skip


def write_history(run: ComplianceRun, evaluated: Iterable[Evaluated], finished: dt.datetime) -> int:
    """Step 1 alone (one COPY): a chunk of a fanned-out run writes its rows so, and the
    run's last chunk points the current table at all of them (`fanout`)."""
    return copy_rows(ComplianceResult, HISTORY_COLUMNS, _lines(run, evaluated, finished))


def store_results(run: ComplianceRun, evaluated: Iterable[Evaluated], finished: dt.datetime) -> int:
    """Write the history rows of `run` and point the current table at them (two
    statements whatever the number of rows); returns the number of rows written."""
    written = write_history(run, evaluated, finished)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_CURRENT, [run.pk])
    return written
