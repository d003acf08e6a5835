"""Concrete models over the kit's abstract ones, for testing the kit on its own.

They are registered under the `core` app label only in the test process (this module is
imported by the kit tests) and their tables are created inside each test's transaction
by the `kit_tables` fixture, so no migration knows them.
"""

from __future__ import annotations

import pytest
from django.db import models

from apps.core.jobs import ImportJobBase
from apps.core.models import TimeStampedModel
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewStates
from tests.support import db_roles


class SampleImport(ImportJobBase):
    class Meta:
        app_label = "core"


class SampleRecord(TimeStampedModel, ReviewedRecord):
    class Status(models.TextChoices):
        WAITING = "waiting", "待审核"
        OK = "ok", "已通过"
        BACK = "back", "已退回"
        GONE = "gone", "已撤回"

    title = models.CharField("标题", max_length=40)
    about = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)

    REVIEW_STATES = ReviewStates(
        pending="waiting", accepted="ok", returned="back", withdrawn="gone"
    )

    class Meta:
        app_label = "core"

    def review_subject_user_id(self) -> int | None:
        return self.about_id


class SampleEvent(ReviewEventBase):
    record = models.ForeignKey(SampleRecord, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        app_label = "core"


@pytest.fixture
def kit_tables(db: None) -> None:
    """The sample tables, inside the test's transaction (gone when it rolls back)."""
    db_roles.create_test_tables(SampleImport, SampleRecord, SampleEvent)
