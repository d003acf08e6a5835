"""The studio lead's space (placeholder until the space is built)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class SpaceView(LoginRequiredMixin, TemplateView):
    template_name = "studios/space.html"
