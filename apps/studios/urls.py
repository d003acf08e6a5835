"""The studios' URLs (namespace `studios`)."""

from __future__ import annotations

from django.urls import path

from .views import space

app_name = "studios"

urlpatterns = [
    path("studio/", space.SpaceView.as_view(), name="space"),
]
