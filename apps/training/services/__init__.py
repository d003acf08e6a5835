"""Writes of training, one module per sub-domain. Services take their scope and the acting
user as keyword arguments, check who may act and the same-tenant invariants themselves,
and raise `ValidationError` keyed by field, in Chinese; every hour that counts enters the
ledger in the same transaction as its source row (`ledger` is the one module that writes
`LedgerEntry`), and every change an indicator reads schedules the school's compliance
recompute after commit.

Callers outside training (other apps, the demo and synthetic data, tests) use this
package's names, `from apps.training import services; services.attendance_record(...)`;
inside training, import from the submodule. Services may import selectors and `excel`
(sheet parsing); neither imports a service.
"""

from .activities import (
    MAX_ATTACHMENTS,
    activity_attachment_add,
    activity_create,
    attendance_record,
)
from .archive import (
    archive_entry_create,
)
from .credits import (
    credit_offset_recognise,
    credits_assign_semester,
)
from .day_hours import (
    check_day_hours,
    day_hours_problems,
)
from .evaluations import (
    evaluation_record_create,
    evaluation_record_delete,
)
from .external import (
    external_correct,
    external_date_error,
    external_import_verified,
    external_review,
    external_submit,
    external_withdraw,
)
from .imports import (
    attendance_import_start,
    district_attendance_import_start,
    external_import_start,
    save_attendance,
    save_external,
    training_import_execute,
    training_import_run,
)
from .ledger import (
    attendance_ledger_row,
    external_ledger_row,
    ledger_bulk_append,
    ledger_copy,
    ledger_reverse,
    ledger_row,
)
from .programmes import (
    CourseInput,
    cohort_create,
    cohort_enrol,
    cohort_members_set_status,
    cohort_update,
)
from .research import (
    administrative_warning,
    research_session_errors,
    session_spot_check,
)
from .surveys import (
    answer_field,
    clean_questions,
    parse_question_line,
    question_problems,
    survey_answer,
    survey_create,
    survey_set_open,
)

__all__ = [
    "MAX_ATTACHMENTS",
    "CourseInput",
    "activity_attachment_add",
    "activity_create",
    "administrative_warning",
    "answer_field",
    "archive_entry_create",
    "attendance_import_start",
    "attendance_ledger_row",
    "attendance_record",
    "check_day_hours",
    "clean_questions",
    "cohort_create",
    "cohort_enrol",
    "cohort_members_set_status",
    "cohort_update",
    "credit_offset_recognise",
    "credits_assign_semester",
    "day_hours_problems",
    "district_attendance_import_start",
    "evaluation_record_create",
    "evaluation_record_delete",
    "external_correct",
    "external_date_error",
    "external_import_start",
    "external_import_verified",
    "external_ledger_row",
    "external_review",
    "external_submit",
    "external_withdraw",
    "ledger_bulk_append",
    "ledger_copy",
    "ledger_reverse",
    "ledger_row",
    "parse_question_line",
    "question_problems",
    "research_session_errors",
    "save_attendance",
    "save_external",
    "session_spot_check",
    "survey_answer",
    "survey_create",
    "survey_set_open",
    "training_import_execute",
    "training_import_run",
]
