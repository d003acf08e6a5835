"""What the probation pages share: the school portal's base (the district's numbers,
the reading of the mentor rule), service errors onto a form (a PermissionDenied of the
kit's own-record check shown in its words, not as a 403), and the board's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm

from apps.core.web import apply_service_errors, read_upload
from apps.probation.models import TraineeStatus
from apps.probation.selectors import ProbationRules, probation_rules
from apps.probation.selectors.progress import mentor_min_years_text
from apps.tenancy.mixins import SchoolPortalMixin

if TYPE_CHECKING:
    from apps.accounts.models import User

NOT_ALLOWED = "您不能办理此项，请由其他负责人办理。"
STATUS_FILTERS = [("", "全部状态"), *TraineeStatus.choices]


def actor_of(request: Any) -> User:
    """The signed-in user of a portal page or an API request (the mixins ensured one)."""
    return cast("User", request.user)


def uploaded(upload: Any) -> dict[str, Any]:
    """An optional uploaded file as the service's `file_name` and `file_data`."""
    name, data = read_upload(upload)
    return {"file_name": name, "file_data": data}


def refused_on_form(form: BaseForm, error: ValidationError | PermissionDenied) -> None:
    """A service's refusal on the form: field errors on their fields; a PermissionDenied
    (nobody assesses their own probation) as the form's error, in Chinese."""
    if isinstance(error, ValidationError):
        apply_service_errors(form, error)
        return
    message = str(error)
    form.add_error(None, message if message and not message.isascii() else NOT_ALLOWED)


class ProbationSchoolMixin(SchoolPortalMixin):
    """The school portal's probation pages: `rules` (the district's numbers) and the
    reading of the mentor rule (a pack parameter marked 解释)."""

    _rules: ProbationRules | None = None

    @property
    def rules(self) -> ProbationRules:
        if self._rules is None:
            self._rules = probation_rules(district=self.school.district)
        return self._rules

    @property
    def mentor_reading(self) -> str:
        return mentor_min_years_text(self.rules)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["mentor_reading"] = self.mentor_reading
        return context
