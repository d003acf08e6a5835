"""我的见习 (/me/probation/): the trainee's own probation on the phone — the buckets as
progress bars, the assessments, the mentor, the next step and the deadline. A teacher
without a probation gets a 404, like any page that is not theirs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from apps.probation.models import LEVEL_ORDER
from apps.probation.selectors import (
    probation_rules,
    progress_of,
    trainee_assessments,
    trainee_of_user,
)
from apps.probation.views.common import actor_of


class MyProbationView(LoginRequiredMixin, TemplateView):
    template_name = "probation/my_probation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trainee = trainee_of_user(user_id=actor_of(self.request).pk)
        if trainee is None:
            raise Http404
        rules = probation_rules(district=trainee.school.district)
        (progress,) = progress_of([trainee], rules)
        context.update(
            trainee=trainee,
            progress=progress,
            levels=LEVEL_ORDER,
            history=list(trainee_assessments(trainee=trainee)),
        )
        return context
