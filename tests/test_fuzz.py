"""Schemathesis over every API operation as each role of district A (issue 8, point 6).

Every response, for every generated request, must be no server error, conform to the
schema (status code, content type, headers, body) and show nothing of a school the role
may not read (tests/support/fuzz.py, tests/support/leaks.py). The fast run, part of
`make test`, sends a few examples per operation (positive and negative data, derandomized
so a run is repeatable); the full run (`make fuzz`, marker `fuzz`) many more with a fresh
seed each time, within a time cap per role.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.personas import World
from tests.support import fuzz, fuzz_world, leaks

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
FAST_EXAMPLES = 4
FULL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FULL_CAP_SECONDS = float(os.environ.get("FUZZ_CAP_SECONDS", "240"))  # per role


def _token(app: fuzz.InTestWSGI, username: str) -> str:
    from werkzeug.test import Client

    response = Client(app).post(
        "/api/v1/auth/token/", data={"username": username, "password": "pw"}
    )
    assert response.status_code == 200, response.get_data()
    return str(response.get_json()["token"])


def _short(error: BaseException, lines: int = 40) -> str:
    text = str(error).splitlines()
    return "\n".join(text[:lines] + (["…"] if len(text) > lines else []))


@dataclass(frozen=True)
class Pass:
    """One sweep over the operations: `examples` each, until `cap_seconds` have gone."""

    examples: int
    cap_seconds: float = float("inf")
    derandomize: bool = True


FAST = (Pass(FAST_EXAMPLES),)
# Every operation a few examples first (so a slow machine still reaches all of them),
# then as many more as the cap allows, with a fresh seed each run.
FULL = (Pass(FAST_EXAMPLES), Pass(FULL_EXAMPLES, FULL_CAP_SECONDS, derandomize=False))


def _run(world: World, role: str, passes: tuple[Pass, ...], only: str | None = None) -> fuzz.Stats:
    """Every operation of the schema (or the one labelled `only`) as `role`, pass by pass;
    the failures of all of them reported together."""
    seeded = fuzz_world.seed(world)
    app = fuzz.InTestWSGI()
    schema = fuzz.load_schema(app)
    persona = world.persona(role)
    assert persona.user is not None
    token = _token(app, persona.user.username)
    checks = [*fuzz.CHECKS, fuzz.make_leak_check(leaks.guard_for(world, persona))]
    operations = [op.ok() for op in schema.get_all_operations() if only in (None, op.ok().label)]
    stats = fuzz.Stats(operations=len(operations), labels=[op.label for op in operations])
    failures: dict[str, str] = {}
    for sweep in passes:
        started = time.monotonic()
        for operation in operations:
            if operation.label in failures:
                continue
            if time.monotonic() - started > sweep.cap_seconds:
                stats.skipped += 1
                continue
            pinned = fuzz_world.path_parameters(operation.path, seeded, world)
            strategy = st.one_of(
                *(operation.as_strategy(generation_mode=m, path_parameters=pinned) for m in MODES)
            )
            try:
                fuzz.fuzz_operation(
                    strategy, app=app, token=token, checks=checks, stats=stats,
                    max_examples=sweep.examples, derandomize=sweep.derandomize,
                )  # fmt: skip
            except (Exception, BaseExceptionGroup) as error:  # reported together below
                failures[operation.label] = f"{operation.label}: {_short(error)}"
    assert not failures, "\n\n".join(failures.values())
    return stats


def _report(capsys: Any, stats: fuzz.Stats, role: str) -> None:
    with capsys.disabled():
        sys.stdout.write("\n" + stats.line(role) + "\n")


# What each role's reads must reach (a 2xx, not only 404s): the pinned rows are its own.
READS = {
    "A.admin": "GET /api/v1/districts/{district_id}/",
    "A.reviewer": "GET /api/v1/districts/{district_id}/",
    "A1.leader": "GET /api/v1/schools/{school_id}/",
    "A1.teacher": "GET /api/v1/me/",
}


# The district admin's own reads (学校管理, 账号管理): as on the pages, its reviewer gets
# the 404 of a stranger there (tests/tenancy/test_matrix.py checks it).
ADMIN_READS = ("schools/", "school-imports/", "accounts/", "roles/")


def _reads(role: str, labels: list[str]) -> set[str]:
    reads = {label for label in labels if label.startswith(READS[role])}
    if role != "A.admin":
        reads = {r for r in reads if not any(f"{{district_id}}/{p}" in r for p in ADMIN_READS)}
    return reads


@pytest.mark.parametrize("role", fuzz.ROLES)
def test_api_fuzz_fast(role: str, world: World, capsys: Any) -> None:
    stats = _run(world, role, FAST)
    _report(capsys, stats, role)
    reads = _reads(role, stats.labels)
    assert len(reads) >= 3, reads
    assert reads - stats.reached == set(), "the fuzzer reached no 2xx of these"


@pytest.mark.fuzz
@pytest.mark.parametrize("role", fuzz.ROLES)
def test_api_fuzz_full(role: str, world: World, capsys: Any) -> None:
    stats = _run(world, role, FULL)
    _report(capsys, stats, role)


def test_every_api_object_has_a_seeded_row(world: World) -> None:
    """A new API route with an `{id}` needs its row in tests/support/fuzz_world.py, or the
    fuzzer only ever reaches its 404."""
    seeded = fuzz_world.seed(world)
    schema = fuzz.load_schema(fuzz.InTestWSGI())
    unpinned = sorted(
        {
            op.ok().path
            for op in schema.get_all_operations()
            if fuzz_world.unpinned(op.ok().path, seeded)
        }
    )
    assert unpinned == [], "add a row for these to tests/support/fuzz_world.py"


def test_the_fuzzer_sees_a_leak_and_a_drift(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Control: with a school's answer made to name the other district and to carry a null
    where the schema documents a string, the run fails on both."""
    from apps.tenancy.serializers import SchoolOutput

    other = world.districts["B"].pk
    plain = SchoolOutput.to_representation

    def broken(self: Any, instance: Any) -> Any:
        return plain(self, instance) | {"district": other, "code": None}

    monkeypatch.setattr(SchoolOutput, "to_representation", broken)
    with pytest.raises(AssertionError) as failed:
        _run(world, "A.admin", (Pass(2),), only="GET /api/v1/schools/")
    assert "is a District of the other district" in str(failed.value)
    assert "Response violates schema" in str(failed.value)
