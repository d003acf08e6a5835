"""List APIs under load beside the `/api/v1/me/` ceiling (issue 9 §5).

    .venv/bin/python bench/api.py [--api-district synth-ledger] [--api-seconds 5]

A real server: gunicorn (2 sync workers, DEBUG off) on the configured database. A school
leader of the district (`<code>_leader`, password `demo-2026`, made by
`generate_synthetic`) takes an API token; then, per endpoint, a bounded load loop —
`--api-clients` client processes, each sending requests one after another for
`--api-seconds` — measures req/s (all clients together) and the p95 latency. Each
endpoint `--repeat` times; the run with the median req/s is reported.

Endpoints: `/api/v1/me/` (the lightest authenticated request: the machine's ceiling),
then the school's teachers, compliance results and ledger (first page of 50 each).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.tenancy.models import Membership, Role  # noqa: E402
from bench.table import BenchRow, render  # noqa: E402

set_process_default(SYSTEM)
SHARE = 0.8  # list APIs ≥ 80% of the /me/ ceiling
P95_MS = 100


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def _token(port: int, username: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": username, "password": "demo-2026"})
    connection.request("POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = json.loads(response.read() or b"{}")
    if response.status != 200:
        raise RuntimeError(f"no token for {username}: {response.status} {data}")
    return str(data["token"])


def _client(args: tuple[int, str, str, float]) -> list[float]:
    """One client: requests one after another until the time is up; latencies (s)."""
    port, path, token, seconds = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    latencies = []
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        latencies.append(time.perf_counter() - started)
    return latencies


def _load(pool: Any, port: int, path: str, token: str, options: Any) -> tuple[float, float]:
    """(req/s, p95 ms) of the median of `--repeat` loops."""
    runs = []
    for _ in range(max(3, options.repeat)):
        jobs = [(port, path, token, options.api_seconds)] * options.api_clients
        latencies = [x for found in pool.map(_client, jobs) for x in found]
        ordered = sorted(latencies)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        runs.append((len(latencies) / options.api_seconds, p95 * 1000))
    runs.sort()
    return runs[len(runs) // 2]


def bench_rows(options: Any) -> list[BenchRow]:
    leader = (
        Membership.objects.filter(
            user__username=f"{options.api_district}_leader", role=Role.SCHOOL_LEADER
        )
        .select_related("user", "school")
        .first()
    )
    if leader is None or leader.school_id is None:
        return [BenchRow("list APIs", "n/a", note=f"no {options.api_district}_leader")]
    school = leader.school_id
    port = _free_port()
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    # The server as the app role (row security on), even when the bench itself runs as
    # the schema owner (`make bench`, for the generator's deletes).
    env["DATABASE_URL"] = os.environ.get("BENCH_APP_DATABASE_URL", env.get("DATABASE_URL", ""))
    server = subprocess.Popen(  # noqa: S603 - our own server command
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "-w", "2",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(port)
        token = _token(port, leader.user.username)
        paths = {
            "/api/v1/me/ (ceiling)": "/api/v1/me/",
            "teachers": f"/api/v1/schools/{school}/teachers/",
            "school results": f"/api/v1/schools/{school}/compliance-results/",
            "ledger": f"/api/v1/schools/{school}/ledger/",
        }
        with multiprocessing.get_context("fork").Pool(options.api_clients) as pool:
            for path in paths.values():  # one request each first: workers and caches warm
                _client((port, path, token, 0.5))
            measured = {
                name: _load(pool, port, path, token, options) for name, path in paths.items()
            }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = measured["/api/v1/me/ (ceiling)"][0]
    rows = []
    for name, (rate, p95) in measured.items():
        is_ceiling = name.startswith("/api/v1/me/")
        ok = is_ceiling or (rate >= SHARE * ceiling and p95 <= P95_MS)
        rows.append(
            BenchRow(
                f"API {name}",
                f"{rate:,.0f} req/s, p95 {p95:.0f} ms",
                "" if is_ceiling else f"≥ {SHARE:.0%} of /me/, p95 ≤ {P95_MS} ms",
                "" if is_ceiling else ("met" if ok else f"missed ({rate / ceiling:.0%} of /me/)"),
                f"gunicorn 2 workers, {options.api_clients} clients × {options.api_seconds:g} s"
                + ("" if is_ceiling else f"; {rate / ceiling:.0%} of /me/"),
            )
        )
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-district", default="synth-ledger")
    parser.add_argument("--api-clients", type=int, default=4)
    parser.add_argument("--api-seconds", type=float, default=5.0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    print(render(bench_rows(parser.parse_args())))
