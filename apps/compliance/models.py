"""Policy packs as data, district parameter overrides, compliance runs and their results.

A pack (`xuhui-2026` v1 …) is loaded from `fixtures/policy/*.yaml`; its parameters are the
policy's numbers, its rules carry the source sentences, and its indicators say which
evaluator measures a school and with which parameters. A run evaluates every indicator of
a district's packs for every school in one school year and stores one immutable result
row per (school, indicator) — the history, for trends and explanations. Each run also
upserts, in its own transaction, the current result per (school, indicator, school year,
semester) (`CurrentResult`): what the dashboard, the self-check and the API read (ADR
0013). The semester is 0 for the whole year; a rule per semester also has a row for each
semester begun (1, 2), so a semester can be read on its own (ADR 0015).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import JobBase, JobState, TimeStampedModel
from apps.tenancy.models import District, School


@audited()
class PolicyPack(TimeStampedModel):
    code = models.SlugField(_("政策包代码"), max_length=40)
    version = models.PositiveIntegerField(_("版本"))
    title_zh = models.CharField(_("文件名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    seed = models.CharField(_("原文"), max_length=100, blank=True)
    source_sha256 = models.CharField(_("数据文件摘要"), max_length=64)

    class Meta:
        verbose_name = _("政策包")
        verbose_name_plural = _("政策包")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="pack_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


@audited()
class PackParameter(models.Model):
    pack = models.ForeignKey(PolicyPack, on_delete=models.CASCADE, related_name="parameters")
    key = models.CharField(_("参数"), max_length=60)
    value = models.JSONField(_("取值"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    rule_id = models.CharField(_("规则编号"), max_length=40)
    label_zh = models.CharField(_("名称"), max_length=120)
    label_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    interpretation = models.BooleanField(_("解释性取值"), default=False)
    note_zh = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")
        ordering = ["pack_id", "rule_id", "key"]
        constraints = [models.UniqueConstraint(fields=["pack", "key"], name="parameter_unique")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


@audited()
class PolicyRule(models.Model):
    pack = models.ForeignKey(PolicyPack, on_delete=models.CASCADE, related_name="rules")
    rule_id = models.CharField(_("规则编号"), max_length=40)
    title_zh = models.CharField(_("规则"), max_length=200)
    title_en = models.CharField(_("英文"), max_length=200, blank=True)
    source = models.TextField(_("原文"))

    class Meta:
        verbose_name = _("政策条款")
        verbose_name_plural = _("政策条款")
        ordering = ["pack_id", "rule_id"]
        constraints = [models.UniqueConstraint(fields=["pack", "rule_id"], name="rule_unique")]

    def __str__(self) -> str:
        return self.rule_id


class IndicatorScope(models.TextChoices):
    SCHOOL = "school", _("学校")
    DISTRICT = "district", _("区")


class Obligation(models.TextChoices):
    """POLICY "Required, encouraged, in principle": how binding an indicator's text is."""

    REQUIRED = "required", _("须达成（未达成即未达标）")
    ENCOURAGED = "encouraged", _("鼓励性要求（显示进度，不计为未达标）")
    IN_PRINCIPLE = "in_principle", _("原则上（可有说明理由的例外，不计为未达标）")


@audited()
class Indicator(models.Model):
    pack = models.ForeignKey(PolicyPack, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("指标编号"), max_length=40)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    category_zh = models.CharField(_("类别"), max_length=60)
    category_en = models.CharField(_("英文类别"), max_length=80, blank=True)
    title_zh = models.TextField(_("指标"))
    title_en = models.TextField(_("英文"), blank=True)
    source = models.TextField(_("原文"))
    rule_ids = ArrayField(models.CharField(max_length=40), verbose_name=_("依据条款"), default=list)
    responsible = ArrayField(
        models.CharField(max_length=60), verbose_name=_("责任部门"), default=list
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(_("时限原文"), max_length=100, blank=True)
    scope = models.CharField(
        _("评估对象"), max_length=10, choices=IndicatorScope.choices, default=IndicatorScope.SCHOOL
    )
    applicability = models.JSONField(_("适用范围"), default=dict)
    kinds = ArrayField(models.CharField(max_length=12), verbose_name=_("评估方式"), default=list)
    evaluator = models.CharField(_("评估器"), max_length=60)
    params = models.JSONField(_("评估参数"), default=dict, blank=True)
    next_step_zh = models.TextField(_("改进建议"), blank=True)
    obligation = models.CharField(
        _("约束力"), max_length=12, choices=Obligation.choices, default=Obligation.REQUIRED
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["pack_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="indicator_unique")]

    def __str__(self) -> str:
        return self.code


@audited()
class ParameterOverride(models.Model):
    """A district's own value for a pack parameter. Rows are never edited: a new row
    supersedes the previous one, so who changed what and when stays on record."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    pack_code = models.SlugField(_("政策包"), max_length=40)
    key = models.CharField(_("参数"), max_length=60)
    value = models.JSONField(_("取值"), null=True, blank=True)
    cleared = models.BooleanField(_("恢复政策原值"), default=False)
    reason = models.TextField(_("调整理由"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区级参数调整")
        verbose_name_plural = _("区级参数调整")
        ordering = ["district_id", "pack_code", "key", "-set_at", "-id"]
        indexes = [models.Index(fields=["district", "pack_code", "key", "-set_at"])]

    def __str__(self) -> str:
        return f"{self.district} {self.pack_code}.{self.key}"


class RunTrigger(models.TextChoices):
    MANUAL = "manual", _("手动")
    COMMAND = "command", _("命令行")
    NIGHTLY = "nightly", _("夜间定时")
    AUTO = "auto", _("数据变更自动")


@audited()
class ComplianceRun(JobBase):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(_("学年"))
    as_of = models.DateField(_("评估基准日"))
    pack_versions = models.JSONField(_("政策包版本"), default=dict)
    data_version = models.CharField(_("数据版本"), max_length=64)
    key = models.CharField(_("幂等键"), max_length=64, db_index=True)
    trigger = models.CharField(_("触发方式"), max_length=10, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(_("统计"), default=dict, blank=True)

    class Meta:
        verbose_name = _("达标评估")
        verbose_name_plural = _("达标评估")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["district", "school_year", "state", "-finished_at"]),
            # The reconciler's scan every 30 s: only the few unfinished runs are indexed.
            models.Index(
                fields=["state", "lease_expires_at"],
                condition=Q(state__in=["pending", "running"]),
                name="compliance_run_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.school_year} #{self.pk}"

    @staticmethod
    def lease_expired() -> Q:
        """A run fanned out over chunks (`RunChunk`) is alive while any chunk is: waiting
        in the queue, or running with its lease. Only once none is does an expired lease
        make the run dead — for the reconciler to send it again, and `fanout.dispatch` to
        finish it from what its chunks left."""
        live_chunk = RunChunk.objects.filter(run=OuterRef("pk")).filter(
            Q(state=JobState.PENDING) | Q(state=JobState.RUNNING, lease_expires_at__gte=Now())
        )
        return JobBase.lease_expired() & Q(~Exists(live_chunk))


class ResultSemester(models.IntegerChoices):
    """The period of a result within its school year (ADR 0015)."""

    YEAR = 0, _("全学年")
    FIRST = 1, _("第一学期")
    SECOND = 2, _("第二学期")


def _semester_field() -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        _("学期"), choices=ResultSemester.choices, default=ResultSemester.YEAR
    )


class ResultStatus(models.TextChoices):
    MET = "met", _("达标")
    PARTLY_MET = "partly_met", _("部分达标")
    NOT_MET = "not_met", _("未达标")
    PENDING_REVIEW = "pending_review", _("待审核")
    NOT_YET_DUE = "not_yet_due", _("未到期")
    NO_DATA = "no_data", _("暂无数据")
    NOT_APPLICABLE = "not_applicable", _("不适用")
    ENCOURAGED = "encouraged", _("鼓励项未完成")


class ComplianceResult(models.Model):
    """One indicator for one school (or the district) in one run. Never updated: the
    database refuses UPDATE on this table (migration 0002)."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="results")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField(_("指标编号"), max_length=40)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = _semester_field()
    status = models.CharField(_("状态"), max_length=16, choices=ResultStatus.choices)
    value = models.CharField(_("实际值"), max_length=120, blank=True)
    target = models.CharField(_("目标值"), max_length=120, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    evidence = models.JSONField(_("依据记录"), default=list, blank=True)
    missing = models.JSONField(_("缺失项"), default=list, blank=True)
    parts = models.JSONField(_("分项"), default=list, blank=True)
    note = models.TextField(_("说明"), blank=True)
    finished_at = models.DateTimeField(_("评估时间"))

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "school", "indicator", "semester"],
                name="result_unique_per_run",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.school_id} {self.status}"


class CurrentResult(models.Model):
    """The current result per (district, school year, semester, school, indicator code)
    — semester 0 the whole year, 1 or 2 one semester of a per-semester rule: a pointer
    to the newest history row of that key, rewritten by every run that evaluates it in
    the run's own transaction (`services._store`). Derived: a run's history rows and the
    run itself are the record; this table only saves every reader a `DISTINCT ON` over
    the whole year's history."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = _semester_field()
    indicator_code = models.CharField(_("指标编号"), max_length=40)
    result = models.OneToOneField(
        ComplianceResult, on_delete=models.CASCADE, related_name="current"
    )
    finished_at = models.DateTimeField(_("评估时间"))

    class Meta:
        verbose_name = _("当前评估结果")
        verbose_name_plural = _("当前评估结果")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year", "semester", "school", "indicator_code"],
                name="current_result_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.school_id} → {self.result_id}"


class RunChunk(JobBase):
    """One worker's share of a large district's run (issue 9 §7, `fanout`): a slice of
    its schools, evaluated and written to the run's history in the chunk's own
    transaction with its `finish`. The last chunk to finish points the current table at
    the run's rows and finishes the run (the barrier), so readers see a run whole or
    not at all."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveSmallIntegerField(_("序号"))
    school_ids = ArrayField(models.PositiveIntegerField(), verbose_name=_("学校"))
    written = models.PositiveIntegerField(_("写入结果数"), default=0)
    worker = models.CharField(_("执行进程"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("评估分片")
        verbose_name_plural = _("评估分片")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="run_chunk_unique")]
        indexes = [
            models.Index(
                fields=["state", "lease_expires_at"],
                condition=Q(state__in=["pending", "running"]),
                name="compliance_chunk_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} chunk {self.index}"


class RecomputeRequest(models.Model):
    """The debounce record of a school's automatic recompute (one row per school-year)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="recompute_unique")
        ]

    def __str__(self) -> str:
        return f"recompute {self.school_id} {self.school_year}"
