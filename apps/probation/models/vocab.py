"""The probation's vocabulary: a trainee's stages and the three assessment levels
(XH26-PROB-ASSESS)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TraineeStatus(models.TextChoices):
    """in probation → (hours and the school's two assessments done) awaiting the
    district's → appointed; a failed assessment defers, and a retry starts a new attempt."""

    IN_PROBATION = "in_probation", _("见习中")
    AWAITING = "awaiting", _("待区级结业考核")
    APPOINTED = "appointed", _("已正式聘任")
    DEFERRED = "deferred", _("暂缓聘任")


OPEN_STATUSES = (TraineeStatus.IN_PROBATION, TraineeStatus.AWAITING, TraineeStatus.DEFERRED)


class AssessmentLevel(models.TextChoices):
    SCHOOL_PROCESS = "school_process", _("学校过程考核")
    ONDUTY_SKILLS = "onduty_skills", _("上岗技能考核")
    DISTRICT_GRADUATION = "district_graduation", _("区级结业考核")


SCHOOL_LEVELS = (AssessmentLevel.SCHOOL_PROCESS, AssessmentLevel.ONDUTY_SKILLS)
LEVEL_ORDER = (*SCHOOL_LEVELS, AssessmentLevel.DISTRICT_GRADUATION)


class AssessmentStatus(models.TextChoices):
    """The kit's review states: an assessor records the assessment and decides it at
    once — 合格 is "accepted", 不合格 "returned" (with the comment the kit asks for)."""

    PENDING = "pending", _("待评定")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")
    WITHDRAWN = "withdrawn", _("已撤回")
