"""Routes of training (namespace "training"): the teacher space (/me/…), the school portal
(/s/<school_id>/…) and the district portal (/d/<district_id>/…)."""

from django.urls import path

from .views import (
    activities,
    archive,
    credits,
    evaluations,
    external,
    imports,
    ledger,
    programmes,
    research,
    surveys,
)

app_name = "training"

S = "s/<int:school_id>/training"
D = "d/<int:district_id>/training"
SCHOOL = "s/<int:school_id>"
DISTRICT = "d/<int:district_id>"
COHORT = f"{DISTRICT}/programmes/<int:cohort_id>"

urlpatterns = [
    # teacher space
    path("me/", credits.teacher_home, name="teacher_home"),
    path("me/training/", external.MyTrainingView.as_view(), name="my_training"),
    path("me/training/new/", external.MyExternalCreateView.as_view(), name="my_external_new"),
    path(
        "me/training/records/<int:record_id>/file/",
        external.MyExternalFileView.as_view(),
        name="my_external_file",
    ),
    path(
        "me/training/records/<int:record_id>/edit/",
        external.MyExternalEditView.as_view(),
        name="my_external_edit",
    ),
    path(
        "me/training/records/<int:record_id>/withdraw/",
        external.MyExternalWithdrawView.as_view(),
        name="my_external_withdraw",
    ),
    path("me/training/ledger/", ledger.MyLedgerView.as_view(), name="my_ledger"),
    path("me/archive/", archive.MyArchiveView.as_view(), name="my_archive"),
    path("me/archive/print/", archive.MyArchivePrintView.as_view(), name="my_archive_print"),
    path("me/archive/pdf/", archive.MyArchivePdfView.as_view(), name="my_archive_pdf"),
    path(
        "me/archive/<int:entry_id>/file/",
        archive.MyArchiveFileView.as_view(),
        name="my_archive_file",
    ),
    # school portal
    path(f"{S}/activities/", activities.ActivityListView.as_view(), name="activity_list"),
    path(f"{S}/activities/new/", activities.ActivityCreateView.as_view(), name="activity_create"),
    path(
        f"{S}/activities/<int:activity_id>/",
        activities.ActivityDetailView.as_view(),
        name="activity_detail",
    ),
    path(
        f"{S}/activities/<int:activity_id>/attachments/",
        activities.ActivityAttachmentAddView.as_view(),
        name="activity_attachment_add",
    ),
    path(
        f"{S}/activities/<int:activity_id>/attachments/<int:attachment_id>/",
        activities.ActivityAttachmentFileView.as_view(),
        name="activity_attachment_file",
    ),
    path(f"{S}/hours-review/", external.ExternalQueueView.as_view(), name="external_queue"),
    path(
        f"{S}/hours-review/<int:record_id>/",
        external.ExternalDetailView.as_view(),
        name="external_detail",
    ),
    path(
        f"{S}/hours-review/<int:record_id>/file/",
        external.ExternalFileView.as_view(),
        name="external_file",
    ),
    path(f"{S}/ledger/", ledger.LedgerView.as_view(), name="ledger"),
    path(
        f"{S}/ledger/teachers/<int:teacher_id>/",
        ledger.LedgerTeacherView.as_view(),
        name="ledger_teacher",
    ),
    path(
        f"{S}/ledger/<int:entry_id>/reverse/",
        ledger.LedgerReverseView.as_view(),
        name="ledger_reverse",
    ),
    path(f"{S}/credits/", credits.CreditsView.as_view(), name="credits"),
    path(f"{S}/credits/offset/", credits.CreditOffsetView.as_view(), name="credit_offset"),
    path(f"{S}/archive/", archive.ArchiveListView.as_view(), name="archive_list"),
    path(
        f"{S}/archive/<int:teacher_id>/",
        archive.ArchiveTeacherView.as_view(),
        name="archive_teacher",
    ),
    path(
        f"{S}/archive/<int:teacher_id>/print/",
        archive.ArchivePrintView.as_view(),
        name="archive_print",
    ),
    path(
        f"{S}/archive/<int:teacher_id>/pdf/", archive.ArchivePdfView.as_view(), name="archive_pdf"
    ),
    path(
        f"{S}/archive/entries/<int:entry_id>/file/",
        archive.ArchiveFileView.as_view(),
        name="archive_file",
    ),
    # district portal
    # XH26-A2-1: the district's spot-check of the schools' research sessions
    path(
        f"{D}/research-sessions/",
        research.ResearchSessionListView.as_view(),
        name="research_sessions",
    ),
    path(
        f"{D}/research-sessions/<int:activity_id>/check/",
        research.ResearchSessionListView.as_view(),
        name="research_session_check",
    ),
    path(
        f"{D}/activities/",
        activities.DistrictActivityListView.as_view(),
        name="district_activity_list",
    ),
    path(
        f"{D}/activities/new/",
        activities.DistrictActivityCreateView.as_view(),
        name="district_activity_create",
    ),
    path(
        f"{D}/activities/<int:activity_id>/",
        activities.DistrictActivityDetailView.as_view(),
        name="district_activity_detail",
    ),
    path(
        f"{D}/activities/<int:activity_id>/attachments/",
        activities.DistrictActivityAttachmentAddView.as_view(),
        name="district_activity_attachment_add",
    ),
    path(
        f"{D}/activities/<int:activity_id>/attachments/<int:attachment_id>/",
        activities.DistrictActivityAttachmentFileView.as_view(),
        name="district_activity_attachment_file",
    ),
    # XH26-TIER: 启航 / 续航 / 领航, district portal
    path(f"{DISTRICT}/programmes/", programmes.CohortListView.as_view(), name="cohort_list"),
    path(f"{DISTRICT}/programmes/new/", programmes.CohortFormView.as_view(), name="cohort_create"),
    path(f"{COHORT}/", programmes.CohortDetailView.as_view(), name="cohort_detail"),
    path(f"{COHORT}/edit/", programmes.CohortUpdateView.as_view(), name="cohort_edit"),
    path(f"{COHORT}/enrol/", programmes.CohortEnrolView.as_view(), name="cohort_enrol"),
    path(f"{COHORT}/members/", programmes.CohortMembersView.as_view(), name="cohort_members"),
    # PT24-NEEDS: district surveys
    path(
        f"{DISTRICT}/surveys/",
        surveys.DistrictSurveyListView.as_view(),
        name="district_survey_list",
    ),
    path(
        f"{DISTRICT}/surveys/new/",
        surveys.DistrictSurveyCreateView.as_view(),
        name="district_survey_create",
    ),
    path(
        f"{DISTRICT}/surveys/<int:survey_id>/",
        surveys.DistrictSurveyDetailView.as_view(),
        name="district_survey_detail",
    ),
    path(
        f"{DISTRICT}/surveys/<int:survey_id>/state/",
        surveys.DistrictSurveyStateView.as_view(),
        name="district_survey_state",
    ),
    # PT24-NEEDS: school surveys
    path(f"{SCHOOL}/surveys/", surveys.SchoolSurveyListView.as_view(), name="school_survey_list"),
    path(
        f"{SCHOOL}/surveys/new/",
        surveys.SchoolSurveyCreateView.as_view(),
        name="school_survey_create",
    ),
    path(
        f"{SCHOOL}/surveys/<int:survey_id>/",
        surveys.SchoolSurveyDetailView.as_view(),
        name="school_survey_detail",
    ),
    path(
        f"{SCHOOL}/surveys/<int:survey_id>/state/",
        surveys.SchoolSurveyStateView.as_view(),
        name="school_survey_state",
    ),
    # PT24-NEEDS: the teacher answers
    path("me/surveys/", surveys.MySurveyListView.as_view(), name="my_surveys"),
    path(
        "me/surveys/<int:survey_id>/",
        surveys.MySurveyAnswerView.as_view(),
        name="my_survey_answer",
    ),
    # PT24-EVAL: school portal
    path(
        f"{SCHOOL}/evaluations/",
        evaluations.EvaluationOverviewView.as_view(),
        name="evaluation_overview",
    ),
    path(
        f"{SCHOOL}/evaluations/new/",
        evaluations.EvaluationCreateView.as_view(),
        name="evaluation_create",
    ),
    path(
        f"{SCHOOL}/evaluations/teachers/<int:teacher_id>/",
        evaluations.EvaluationTeacherView.as_view(),
        name="evaluation_teacher",
    ),
    path(
        f"{SCHOOL}/evaluations/<int:record_id>/file/",
        evaluations.EvaluationFileView.as_view(),
        name="evaluation_file",
    ),
    path(
        f"{SCHOOL}/evaluations/<int:record_id>/delete/",
        evaluations.EvaluationDeleteView.as_view(),
        name="evaluation_delete",
    ),
    # Excel imports (school portal) and the ledger export
    path(f"{S}/imports/", imports.SchoolImportsView.as_view(), name="school_imports"),
    path(f"{S}/imports/<int:job_id>/", imports.ImportDetailView.as_view(), name="import_detail"),
    path(
        f"{S}/activities/<int:activity_id>/import/",
        imports.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
    path(
        f"{S}/activities/<int:activity_id>/import/template.xlsx",
        imports.AttendanceTemplateView.as_view(),
        name="attendance_template",
    ),
    path(f"{S}/external/import/", imports.ExternalImportView.as_view(), name="external_import"),
    path(
        f"{S}/external/import/template.xlsx",
        imports.ExternalTemplateView.as_view(),
        name="external_template",
    ),
    path(f"{S}/ledger/export.xlsx", ledger.LedgerExportView.as_view(), name="ledger_export"),
    # Excel imports (district portal)
    path(
        f"{D}/activities/<int:activity_id>/import/",
        imports.DistrictAttendanceImportView.as_view(),
        name="district_attendance_import",
    ),
    path(
        f"{D}/activities/<int:activity_id>/import/template.xlsx",
        imports.DistrictAttendanceTemplateView.as_view(),
        name="district_attendance_template",
    ),
    path(
        f"{D}/imports/<int:job_id>/",
        imports.DistrictImportDetailView.as_view(),
        name="district_import_detail",
    ),
]
