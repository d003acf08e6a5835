"""`generate_synthetic --profile district|city` (issue 9 §8): the planning profiles, and
the foreign keys of the tables COPY fills checked in one pass each rather than row by row
— every key still there, validated, exactly as the migrations defined it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from apps.core.schoolyear import current_school_year
from apps.demo.management.commands.generate_synthetic import with_profile
from apps.demo.synthetic.generate import COPIED

KEYS = """
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated
FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2
"""


def _keys() -> list[tuple[str, str, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(KEYS, [[model._meta.db_table for model in COPIED]])
        return [tuple(row) for row in cursor.fetchall()]


def test_the_profiles_are_the_issues_sizes_and_explicit_options_win() -> None:
    empty = {"schools": None, "teachers_per_school": None, "district_code": None,
             "years": None, "ledger_rows_per_teacher": None}  # fmt: skip
    district = with_profile({**empty, "profile": "district"})
    assert (district["schools"], district["teachers_per_school"], district["years"]) == (
        300, 50, 3,
    )  # fmt: skip
    city = with_profile({**empty, "profile": "city", "schools": 20})
    assert (city["schools"], city["teachers_per_school"], city["years"]) == (20, 50, 1)
    assert city["district_code"] == "synth-c2000" and city["ledger_rows_per_teacher"] > 0
    with pytest.raises(CommandError, match="--profile"):
        with_profile({**empty, "profile": None})


@pytest.mark.django_db
def test_the_copy_tables_keep_every_foreign_key_validated() -> None:
    before = _keys()
    assert before and all(validated for *_k, validated in before)
    out = StringIO()
    call_command(
        "generate_synthetic", schools=2, teachers_per_school=3, district_code="synth-fk",
        year=current_school_year(), years=1, ledger_rows_per_teacher=6, stdout=out,
        skip_checks=True,
    )  # fmt: skip
    assert "constraint checks" in out.getvalue()
    assert _keys() == before
