from django.urls import path

from . import views

app_name = "audit"

D = "d/<int:district_id>/audit"
urlpatterns = [
    path(f"{D}/", views.EventListView.as_view(), name="events"),
    path(f"{D}/export.xlsx", views.EventExportView.as_view(), name="events_export"),
    path(f"{D}/access/", views.AccessLogView.as_view(), name="access_log"),
]
