"""Routes of probation (namespace "probation"): the school portal (/s/<school_id>/probation/…),
the district portal (/d/<district_id>/probation/…) and the teacher space (/me/probation/)."""

from django.urls import URLPattern, path

from .views import district, files, imports, mine, trainees
from .views.deputies import DeputyDetailView, DeputyListView
from .views.eligibility import ExceptionListView, HomeVisitListView
from .views.reserve import ReserveEditView, ReserveListView

app_name = "probation"

S = "s/<int:school_id>/probation"
D = "d/<int:district_id>/probation"
T = f"{S}/<int:trainee_id>"

urlpatterns: list[URLPattern] = [
    # deputies on two tracks (XH26-DEPUTY), the reserve pool (XH26-RESERVE), lishui-2015
    path(f"{S}/deputies/", DeputyListView.as_view(), name="deputies"),
    path(f"{S}/deputies/<int:assignment_id>/", DeputyDetailView.as_view(), name="deputy"),
    path(f"{S}/reserve/", ReserveListView.as_view(), name="reserve"),
    path(f"{S}/reserve/<int:entry_id>/", ReserveEditView.as_view(), name="reserve_edit"),
    path(f"{S}/exceptions/", ExceptionListView.as_view(), name="exceptions"),
    path(f"{S}/home-visits/", HomeVisitListView.as_view(), name="home_visits"),
    # school portal: trainees
    path(f"{S}/", trainees.BoardView.as_view(), name="board"),
    path(f"{T}/", trainees.TraineeDetailView.as_view(), name="trainee_detail"),
    path(f"{T}/edit/", trainees.TraineeEditView.as_view(), name="trainee_edit"),
    path(f"{T}/mentor-logs/", trainees.MentorLogAddView.as_view(), name="mentor_log_add"),
    path(f"{T}/assessments/", trainees.AssessmentAddView.as_view(), name="assessment_add"),
    path(
        f"{T}/assessments/<int:assessment_id>/file/",
        files.AssessmentFileView.as_view(),
        name="assessment_file",
    ),
    path(f"{T}/send/", trainees.SendView.as_view(), name="send"),
    path(f"{T}/retry/", trainees.RetryView.as_view(), name="retry"),
    path(f"{T}/appoint/", trainees.AppointView.as_view(), name="appoint"),
    path(f"{T}/certificate.pdf", trainees.CertificatePdfView.as_view(), name="certificate"),
    path(f"{S}/import/", imports.SchoolImportView.as_view(), name="import"),
    path(f"{S}/import/template/", imports.SchoolTemplateView.as_view(), name="import_template"),
    path(
        f"{S}/import/<int:job_id>/", imports.SchoolImportDetailView.as_view(), name="import_detail"
    ),
    # district portal
    path(f"{D}/", district.DistrictOverviewView.as_view(), name="district_overview"),
    path(f"{D}/queue/", district.GraduationQueueView.as_view(), name="queue"),
    path(
        f"{D}/queue/<int:trainee_id>/",
        district.GraduationRecordView.as_view(),
        name="graduation_record",
    ),
    path(f"{D}/import/", imports.DistrictImportView.as_view(), name="district_import"),
    path(
        f"{D}/import/template/",
        imports.DistrictTemplateView.as_view(),
        name="district_import_template",
    ),
    path(
        f"{D}/import/<int:job_id>/",
        imports.DistrictImportDetailView.as_view(),
        name="district_import_detail",
    ),
    # teacher space
    path("me/probation/", mine.MyProbationView.as_view(), name="my_probation"),
]
