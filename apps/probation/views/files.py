"""An assessment's uploaded material (考核材料), served back as an attachment to those who
may read the school's probation; the download is logged."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from apps.core.access_log import log_data_access
from apps.core.web import file_response
from apps.probation.selectors import assessment_file_get
from apps.tenancy.mixins import SchoolPortalMixin


class AssessmentFileView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record, data = assessment_file_get(
            school=self.school, trainee_id=kwargs["trainee_id"],
            assessment_id=kwargs["assessment_id"],
        )  # fmt: skip
        log_data_access(request, what="见习考核材料下载", subject=record)
        return file_response(record, data, prefix="probation")
