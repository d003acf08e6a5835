"""Routes of probation (namespace "probation"): the school portal (/s/<school_id>/probation/…),
the district portal (/d/<district_id>/probation/…) and the teacher space (/me/probation/)."""

from django.urls import URLPattern, path

from .views.deputies import DeputyDetailView, DeputyListView
from .views.eligibility import ExceptionListView, HomeVisitListView
from .views.reserve import ReserveEditView, ReserveListView

app_name = "probation"

S = "s/<int:school_id>/probation"
D = "d/<int:district_id>/probation"

urlpatterns: list[URLPattern] = [
    # deputies on two tracks (XH26-DEPUTY), the reserve pool (XH26-RESERVE), lishui-2015
    path(f"{S}/deputies/", DeputyListView.as_view(), name="deputies"),
    path(f"{S}/deputies/<int:assignment_id>/", DeputyDetailView.as_view(), name="deputy"),
    path(f"{S}/reserve/", ReserveListView.as_view(), name="reserve"),
    path(f"{S}/reserve/<int:entry_id>/", ReserveEditView.as_view(), name="reserve_edit"),
    path(f"{S}/exceptions/", ExceptionListView.as_view(), name="exceptions"),
    path(f"{S}/home-visits/", HomeVisitListView.as_view(), name="home_visits"),
]
