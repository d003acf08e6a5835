from django.urls import path

from . import views
from .views import schools

app_name = "tenancy"

D = "d/<int:district_id>/manage/schools"
urlpatterns = [
    path("", views.home, name="home"),
    path("switch-role/", views.switch_role, name="switch_role"),
    # 学校管理: the district admin's schools
    path(f"{D}/", schools.SchoolListView.as_view(), name="schools"),
    path(f"{D}/new/", schools.SchoolCreateView.as_view(), name="school_new"),
    path(f"{D}/<int:school_id>/", schools.SchoolEditView.as_view(), name="school_edit"),
    path(f"{D}/<int:school_id>/close/", schools.SchoolCloseView.as_view(), name="school_close"),
    path(f"{D}/<int:school_id>/reopen/", schools.SchoolReopenView.as_view(), name="school_reopen"),
    path(f"{D}/import/", schools.SchoolImportView.as_view(), name="school_import"),
    path(
        f"{D}/import/template.xlsx",
        schools.SchoolTemplateView.as_view(),
        name="school_import_template",
    ),
    path(
        f"{D}/import/<int:job_id>/",
        schools.SchoolImportDetailView.as_view(),
        name="school_import_detail",
    ),
]
