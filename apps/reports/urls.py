from django.urls import URLPattern, path

from .views import jobs, notices

app_name = "reports"

D = "d/<int:district_id>/reports"
S = "s/<int:school_id>/reports"
urlpatterns: list[URLPattern] = [
    # 消息中心 (docs/notices.md)
    path("me/notices/", notices.NoticeListView.as_view(), name="notices"),
    path("me/notices/read-all/", notices.NoticeReadAllView.as_view(), name="notices_read_all"),
    path("me/notices/mute/", notices.NoticeMuteView.as_view(), name="notices_mute"),
    path("me/notices/<int:notice_id>/read/", notices.NoticeReadView.as_view(), name="notice_read"),
    path(
        "d/<int:district_id>/notices/robots/",
        notices.RobotSettingsView.as_view(),
        name="robot_settings",
    ),
    # reports (docs/reports.md)
    path(f"{D}/", jobs.DistrictReportsView.as_view(), name="district_reports"),
    path(f"{D}/start/", jobs.DistrictReportStartView.as_view(), name="district_start"),
    path(f"{D}/schedule/", jobs.DistrictScheduleView.as_view(), name="district_schedule"),
    path(f"{D}/<int:job_id>/", jobs.DistrictJobView.as_view(), name="district_job"),
    path(f"{D}/<int:job_id>/cancel/", jobs.DistrictJobCancelView.as_view(), name="district_cancel"),
    path(
        f"{D}/<int:job_id>/download/", jobs.DistrictDownloadView.as_view(), name="district_download"
    ),
    path(f"{S}/", jobs.SchoolReportsView.as_view(), name="school_reports"),
    path(f"{S}/start/", jobs.SchoolReportStartView.as_view(), name="school_start"),
    path(f"{S}/<int:job_id>/", jobs.SchoolJobView.as_view(), name="school_job"),
    path(f"{S}/<int:job_id>/cancel/", jobs.SchoolJobCancelView.as_view(), name="school_cancel"),
    path(f"{S}/<int:job_id>/download/", jobs.SchoolDownloadView.as_view(), name="school_download"),
]
