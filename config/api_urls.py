"""/api/v1/: every app's API routes, collected in one router."""

from django.urls import include, path

from apps.accounts.apis import TokenView
from apps.accounts.apis import router as accounts_router
from apps.backbone.apis import router as backbone_router
from apps.compliance.apis import PackChoiceView
from apps.compliance.apis import router as compliance_router
from apps.evidence.apis import router as evidence_router
from apps.people.apis import router as people_router
from apps.probation.apis import MyProbationView
from apps.probation.apis import router as probation_router
from apps.reports.apis.notices import MyNoticeReadView, MyNoticesView
from apps.studios.apis import router as studios_router
from apps.tenancy.apis import MeView
from apps.tenancy.apis import router as tenancy_router
from apps.training.apis import MyTrainingView
from apps.training.apis import router as training_router

app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("me/training/", MyTrainingView.as_view(), name="me-training"),
    path("me/probation/", MyProbationView.as_view(), name="me-probation"),
    path("me/notices/", MyNoticesView.as_view(), name="me-notices"),
    path("me/notices/<int:pk>/read/", MyNoticeReadView.as_view(), name="me-notice-read"),
    path(
        "districts/<int:district_id>/policy-pack-choice/",
        PackChoiceView.as_view(),
        name="policy-pack-choice",
    ),
    path("", include(tenancy_router.urls)),
    path("", include(accounts_router.urls)),
    path("", include(people_router.urls)),
    path("", include(compliance_router.urls)),
    path("", include(evidence_router.urls)),
    path("", include(training_router.urls)),
    path("", include(probation_router.urls)),
    path("", include(studios_router.urls)),
    path("", include(backbone_router.urls)),
]
