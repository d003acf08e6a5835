"""The suite itself: no test is collected with a date that goes stale while it runs.

`make test` takes about twenty minutes; collected at 23:50 in Shanghai, a parametrize value
"today + 1 day" is today by the time the test runs, and a check that refuses future dates
then rightly accepts it (CI failed this way once). Such values are `FromToday(n)`,
resolved in the test (tests/support/dates.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCK_CALLS = {"today", "now", "localdate"}


def stale_dates(source: str) -> list[int]:
    """Lines where a decorator (e.g. parametrize) or a module-level constant calls the clock
    for a date in the future: `today() + …`."""
    found = []
    tree = ast.parse(source)
    roots: list[ast.AST] = [d for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                            for d in node.decorator_list]  # fmt: skip
    roots += [node for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)]
    for root in roots:
        for node in ast.walk(root):
            if (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Call)
                and getattr(node.left.func, "id", getattr(node.left.func, "attr", ""))
                in CLOCK_CALLS
            ):
                found.append(node.lineno)
    return found


def test_no_test_is_collected_with_a_future_date() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in stale_dates(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"use FromToday(n) from tests/support/dates.py: {offenders}"


def test_the_check_catches_tomorrow_in_a_parametrize() -> None:
    source = (
        "import pytest\n"
        "@pytest.mark.parametrize('day', [today() + dt.timedelta(days=1)])\n"
        "def test_x(day):\n    pass\n"
        "LATER = timezone.now() + dt.timedelta(hours=1)\n"
    )
    assert stale_dates(source) == [2, 5]
