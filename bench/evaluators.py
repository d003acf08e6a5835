"""One evaluator over every school of a district, as a run calls it: its median time and
its query count (which must not grow with the schools). Imported after `django.setup()`."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator
from apps.compliance.registry import Context, get
from apps.core.schoolyear import current_school_year, school_year, today
from apps.tenancy.models import District, School
from bench.table import BenchRow, median_seconds


def evaluator_row(district: District, schools: list[School], code: str, repeat: int) -> BenchRow:
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    if indicator is None:
        return BenchRow(f"{code} evaluator", "n/a", note="pack not loaded")
    year = current_school_year()
    # the indicator's own pack (with the district's overrides), so an evaluator of a pack
    # the district has not chosen (xinbei's, in a synthetic district) is measured too
    values = pack_data.resolved_parameters(district, [indicator.pack])
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    func = get(indicator.evaluator).func

    def run() -> None:
        ctx = Context(district=district, school_year=year, period=school_year(year), as_of=today())
        func(ctx, indicator, params, schools)

    with CaptureQueriesContext(connection) as captured:
        run()
    seconds = median_seconds(run, repeat)
    return BenchRow(f"{code} evaluator, {len(schools)} schools", f"{seconds * 1000:.0f} ms",
                    note=f"{len(captured)} queries")  # fmt: skip
