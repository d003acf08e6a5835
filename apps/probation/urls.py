"""Routes of probation (namespace "probation"): the school portal (/s/<school_id>/probation/…),
the district portal (/d/<district_id>/probation/…) and the teacher space (/me/probation/)."""

from django.urls import path  # noqa: F401 - the sub-domains' routes use it

app_name = "probation"

S = "s/<int:school_id>/probation"
D = "d/<int:district_id>/probation"

urlpatterns: list = []
