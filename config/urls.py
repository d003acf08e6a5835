from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.health import healthz

urlpatterns = [
    path("", include("apps.tenancy.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.people.urls")),
    path("", include("apps.compliance.urls")),
    path("", include("apps.training.urls")),
    path("", include("apps.probation.urls")),
    path("", include("apps.studios.urls")),
    path("", include("apps.backbone.urls")),
    path("", include("apps.evidence.urls")),
    path("", include("apps.audit.urls")),
    path("", include("apps.reports.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (CSP: no inline script). The docs
    # page is for people who use the product: it asks for a login (the schema stays public
    # for API clients, and says nothing a logged-out caller could not learn from a 401).
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# Under /api/ an unknown URL answers JSON like every other API error (the schema's 404).
handler404 = "apps.core.schema.not_found"

admin.site.site_header = "班主任队伍建设管理平台 · 系统管理"
admin.site.site_title = "系统管理"

if settings.DEBUG:  # pragma: no cover - local development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
