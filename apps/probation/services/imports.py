"""Assessment results from Excel (XH26-PROB-ASSESS) as the kit's import jobs, all or
nothing: a school's leader imports the school's two levels, the district's staff the
区级结业考核 of the trainees sent on (rows by 学校代码 + 工号).

`*_import_start` checks who uploads and hands the file to `core.jobs.import_create`; the
runner (`assessment_import_execute`, run by the kit's task) reads the sheet with
progress, reports every bad row (`excel.assessments`), and saves the rows through
`assessment_record` in one transaction — a rule only the service sees (a row's trainee
deferred by an earlier row, say) rejects the file with the row named."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.jobs import (
    ImportDone,
    ImportRefused,
    RowsRejected,
    import_create,
    import_limits,
    import_runner,
)
from apps.core.xlsx import RowError
from apps.probation.excel.assessments import (
    SHEET,
    AssessmentRow,
    parse_district_assessments,
    parse_school_assessments,
)
from apps.probation.models import AssessmentImport, AssessmentStatus
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES, District, School

from .assessments import assessment_record

if TYPE_CHECKING:
    from apps.accounts.models import User

SUCCESS = "导入成功：登记考核结果 {recorded} 条（合格 {passed} 条，不合格 {failed} 条）。"


def school_assessment_import_start(
    *, school: School, actor: User, file_name: str, data: bytes
) -> AssessmentImport:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader imports its assessments")
    return import_create(
        AssessmentImport, file_name=file_name, data=data, school=school,
        district_id=school.district_id, created_by=actor,
    )  # fmt: skip


def district_assessment_import_start(
    *, district: District, actor: User, file_name: str, data: bytes
) -> AssessmentImport:
    if not holds_district_role(actor, district.pk, DISTRICT_ROLES):
        raise PermissionDenied("only the district's staff import graduation results")
    return import_create(
        AssessmentImport, file_name=file_name, data=data, school=None,
        district_id=district.pk, created_by=actor,
    )  # fmt: skip


def _still_allowed(job: AssessmentImport) -> bool:
    if job.school_id is None:
        return holds_district_role(job.created_by, job.district_id, DISTRICT_ROLES)
    return job.school_id in school_ids_led_by(job.created_by)


@transaction.atomic
def save_assessments(rows: list[AssessmentRow], *, actor: Any) -> dict[str, Any]:
    """Every row through `assessment_record`, in one transaction: a refused row rejects
    the file (RowsRejected inside the transaction: nothing kept)."""
    errors: list[RowError] = []
    passed = 0
    for row in rows:
        values = row.values
        try:
            assessment_record(
                trainee=row.trainee, actor=actor, level=values["level"],
                assessed_on=values["assessed_on"],
                passed=values["result"] == AssessmentStatus.PASSED,
                assessor_name=values["assessor_name"], comment=values.get("comment", ""),
                score=values.get("score"),
            )  # fmt: skip
        except ValidationError as error:
            errors += [RowError(SHEET, row.row, "", message) for message in error.messages]
            continue
        except PermissionDenied:
            errors.append(RowError(SHEET, row.row, "", "不能登记本人的见习考核。"))
            continue
        passed += values["result"] == AssessmentStatus.PASSED
    if errors:
        raise RowsRejected(errors)
    return {"recorded": len(rows), "passed": passed, "failed": len(rows) - passed}


@import_runner(AssessmentImport, select_related=("school", "school__district", "district"))
def assessment_import_execute(job: AssessmentImport) -> ImportDone:
    if not _still_allowed(job):
        raise ImportRefused("上传人已不再担任可导入此数据的角色，未保存任何数据。")
    data, limits = bytes(job.file_data), import_limits()
    if job.school is not None:
        parsed, rows = parse_school_assessments(
            data, school=job.school, limits=limits, progress=job.report_progress
        )
    else:
        parsed, rows = parse_district_assessments(
            data, district=job.district, limits=limits, progress=job.report_progress
        )
    if parsed.errors:
        raise RowsRejected(parsed.errors)
    if not rows:
        raise RowsRejected([RowError(SHEET, 0, "", "文件中没有考核结果，请从第 2 行开始填写。")])
    summary = save_assessments(rows, actor=job.created_by)
    return ImportDone(summary, SUCCESS.format(**summary))
