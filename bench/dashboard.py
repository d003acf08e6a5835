"""The district dashboard at 300 and 2,000 schools (issue 9 §4): p50/p95 and queries.

    .venv/bin/python bench/dashboard.py --district-code synth-300 [--district-code synth-2000]

Each district's admin (`<code>_admin`, made by `generate_synthetic`) requests the
dashboard through Django's test client in this process (every middleware, the template,
DEBUG off), as a logged-in browser would:

* **cold**: the cache emptied before each request — the page built from the database
  (the first request after a run); median of `--repeat`;
* **a filter's first view**: each of the variants below once — the snapshot cached, the
  page built from it; median;
* **warm**: `--requests` requests spread over the first pages, a search and the three
  sorts — what district staff paging through the heatmap see; p50 and p95.

The query count is that of one cold request (a warm one issues fewer).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.tenancy.models import District  # noqa: E402
from bench.table import BenchRow, render  # noqa: E402

TARGET_MS = 150
MAX_QUERIES = 12


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _measure(code: str, requests: int, repeat: int) -> dict[str, Any] | None:
    district = District.objects.filter(code=code).first()
    user = User.objects.filter(username=f"{code}_admin").first()
    if district is None or user is None:
        return None
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    url = reverse("compliance:dashboard", args=[district.pk])
    schools = district.schools.count()
    cold = []
    queries: list[str] = []

    def counted(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    for _ in range(repeat):
        cache.clear()
        queries.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(counted):
            response = client.get(url)
        cold.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    size = len(response.content)
    variants = [f"?page={p}" for p in range(1, 6)] + [
        "?sort=unmet",
        "?sort=name&page=2",
        f"?q={district.schools.order_by('code').values_list('code', flat=True)[1]}",
    ]
    first = []  # each variant's first request: the snapshot cached, its page not yet
    for variant in variants:
        started = time.perf_counter()
        assert client.get(url + variant).status_code == 200
        first.append(time.perf_counter() - started)
    warm = []
    for n in range(requests):
        started = time.perf_counter()
        response = client.get(url + variants[n % len(variants)])
        warm.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "schools": schools,
        "cold": statistics.median(cold),
        "first": statistics.median(first),
        "queries": len(queries),
        "p50": statistics.median(warm),
        "p95": _percentile(warm, 0.95),
        "kb": size / 1024,
    }


def bench_rows(options: Any) -> list[BenchRow]:
    rows = []
    for code in options.dashboard_districts:
        found = _measure(code, options.dashboard_requests, max(3, options.repeat))
        if found is None:
            rows.append(BenchRow(f"dashboard {code}", "n/a", note="district not generated"))
            continue
        ok = found["p95"] * 1000 <= TARGET_MS and found["queries"] <= MAX_QUERIES
        rows.append(
            BenchRow(
                f"dashboard, {found['schools']} schools",
                f"p50 {found['p50'] * 1000:.0f} ms / p95 {found['p95'] * 1000:.0f} ms, "
                f"{found['queries']} queries",
                f"p95 ≤ {TARGET_MS} ms, ≤ {MAX_QUERIES} queries",
                "met" if ok else f"missed (p95 {found['p95'] * 1000:.0f} ms)",
                f"cold (cache empty) {found['cold'] * 1000:.0f} ms, a filter's first view "
                f"{found['first'] * 1000:.0f} ms; page {found['kb']:.0f} KB",
            )
        )
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dashboard-districts", nargs="*", default=[])
    parser.add_argument("--dashboard-requests", type=int, default=40)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    print(render(bench_rows(parser.parse_args())))
