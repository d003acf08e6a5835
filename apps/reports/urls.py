from django.urls import URLPattern, path

from .views import notices

app_name = "reports"

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
]
