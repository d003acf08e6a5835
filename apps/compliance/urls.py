from django.urls import path

from . import views

app_name = "compliance"

D = "d/<int:district_id>/compliance"
urlpatterns = [
    path(f"{D}/", views.DashboardView.as_view(), name="dashboard"),
    path(f"{D}/run/", views.RunStartView.as_view(), name="run_start"),
    path(f"{D}/runs/<int:run_id>/", views.RunDetailView.as_view(), name="run_detail"),
    path(f"{D}/results/<int:result_id>/", views.ResultDetailView.as_view(), name="result_detail"),
    path(f"{D}/trend/", views.TrendView.as_view(), name="trend"),
    path(f"{D}/parameters/", views.ParametersView.as_view(), name="parameters"),
    path(f"{D}/packs/", views.PacksView.as_view(), name="packs"),
    path("s/<int:school_id>/compliance/", views.SelfCheckView.as_view(), name="self_check"),
    path(
        "s/<int:school_id>/compliance/results/<int:result_id>/",
        views.SchoolResultDetailView.as_view(),
        name="school_result_detail",
    ),
]
