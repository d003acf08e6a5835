"""The backbone app's URLs (namespace `backbone`): the district portal
(/d/<district_id>/backbone/…), the school portal (/s/<school_id>/backbone/…) and the
teacher's own pages (/me/backbone/…). One block per topic."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "backbone"

D = "d/<int:district_id>/backbone"
S = "s/<int:school_id>/backbone"
ME = "me/backbone"

urlpatterns: list[URLPattern] = []

# ---- cohort and tasks (XB23-COHORT, XB23-TASKS) ----
# ---- end cohort ----

# ---- assessments, consequences, rectification, applications, certificates (XB23-ASSESS) ----
# ---- end assessments ----

# ---- allowance ledger (XB23-ALLOWANCE) ----
from django.urls import path  # noqa: E402

from .views import allowance as allowance_views  # noqa: E402

urlpatterns += [
    path(f"{S}/allowance/", allowance_views.SchoolLedgerView.as_view(), name="allowance_ledger"),
    path(f"{S}/allowance/pay/", allowance_views.SchoolPayMonthView.as_view(), name="allowance_pay"),
    path(
        f"{S}/allowance/bonus/", allowance_views.SchoolBonusView.as_view(), name="allowance_bonus"
    ),
    path(
        f"{S}/allowance/payroll/",
        allowance_views.SchoolPayrollView.as_view(),
        name="allowance_payroll",
    ),
    path(
        f"{S}/allowance/<int:payment_id>/delete/",
        allowance_views.SchoolPaymentDeleteView.as_view(),
        name="allowance_delete",
    ),
    path(
        f"{D}/allowance/",
        allowance_views.DistrictOverviewView.as_view(),
        name="allowance_district",
    ),
    path(f"{ME}/allowance/", allowance_views.MyAllowanceView.as_view(), name="allowance_mine"),
]
# ---- end allowance ----

# ---- honours, talent pool, target, ladder (XB-POOL, XB-TARGET, XH26-LADDER) ----
# ---- end pool ----

# ---- growth teams, composition, leaders, admissions, assessment (XB-TEAMS … XB-ASSESS) ----
# ---- end teams ----

# ---- five ones, projects, collections, showcases (XB-FIVE, XB-PROJECT, XB-SHOWCASE) ----
# ---- end work ----
