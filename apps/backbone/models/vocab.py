"""The backbone app's vocabularies: the xuhui cohort (XB23-*), xinbei's famous homeroom
teachers and growth teams (XB-*), and the career ladder (XH26-LADDER)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """XB23-COHORT: the two roles of a cohort member."""

    LEADER = "leader", _("学科（班主任）带头人")
    BACKBONE = "backbone", _("中青年骨干")


class LeaveReason(models.TextChoices):
    TRANSFER = "transfer", _("调动")
    TERMINATED = "terminated", _("终止骨干资格")
    WITHDRAWN = "withdrawn", _("本人退出")


class Task(models.TextChoices):
    """XB23-TASKS: the five basic tasks."""

    T1 = "T1", _("任务一 参加区级专题培训")
    T2 = "T2", _("任务二 公开教学或学术交流")
    T3 = "T3", _("任务三 指导团队或培养教师")
    T4 = "T4", _("任务四 论文发表或获奖")
    T5 = "T5", _("任务五 开发研修课程")


class TaskEntryKind(models.TextChoices):
    """A manual task entry (with evidence) for what the product holds no record of."""

    TRAINING = "training", _("参加区级专题培训")
    OPEN_LESSON = "open_lesson", _("公开教学")
    EXCHANGE = "exchange", _("学术交流")
    GUIDED_TEAM = "guided_team", _("指导团队")
    GUIDED_TEACHER = "guided_teacher", _("培养教师")
    PAPER = "paper", _("论文发表")
    AWARD = "award", _("论文/课题获奖")
    ONLINE_COURSE = "online_course", _("区级研修网络课程")
    SCHOOL_COURSE = "school_course", _("校级面授课程")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已认定")
    RETURNED = "returned", _("已退回")


class AssessmentKind(models.TextChoices):
    """XB23-ASSESS: the yearly assessment and the term-end one (届满考核)."""

    YEARLY = "yearly", _("学年度考核")
    TERM_END = "term_end", _("届满考核")


class Result(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ConsequenceKind(models.TextChoices):
    """XB23-ASSESS: what an assessment result (or the leading group) brings about."""

    WARNING = "warning", _("警告并书面整改")
    ALLOWANCE_SUSPENDED = "allowance_suspended", _("暂停发放下一学年骨干津贴")
    NO_CERTIFICATE = "no_certificate", _("不予发放结业证书")
    BARRED = "barred", _("取消新一届骨干申报资格")
    TERMINATED = "terminated", _("终止骨干资格")
    BONUS = "bonus", _("优秀奖金")


class RectificationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已申报")
    ADMITTED = "admitted", _("已入选")
    DECLINED = "declined", _("未入选")


class AllowanceKind(models.TextChoices):
    """XB23-ALLOWANCE: the monthly allowance and the 优秀 bonus, each its own row."""

    MONTHLY = "monthly", _("月度骨干津贴")
    BONUS = "bonus", _("优秀奖金")


class FamousLevel(models.TextChoices):
    """XB-POOL: the two levels of 名班主任."""

    CITY = "city", _("市级名班主任")
    DISTRICT = "district", _("区级名班主任")


class PoolStatus(models.TextChoices):
    """XB-POOL: individual application → school recommendation → district review."""

    APPLIED = "applied", _("个人已申报")
    RECOMMENDED = "recommended", _("学校已推荐")
    ELECTED = "elected", _("已入选人才库")
    NOT_RECOMMENDED = "not_recommended", _("学校未推荐")
    REJECTED = "rejected", _("区级评审未通过")


class Honour(models.TextChoices):
    """A homeroom title or award that the XB-LEADER and XB-MEMBER conditions name (the
    pack holds which ones count and their order)."""

    DISTRICT_SENIOR = "district_senior", _("区高级班主任")
    CITY_SENIOR = "city_senior", _("市高级班主任")
    CITY_SPECIAL = "city_special", _("市特级班主任")
    CITY_EXCELLENT = "city_excellent", _("市级优秀班主任")
    CONTEST_FIRST = "contest_first", _("班主任基本功大赛区级一等奖")


class Tier(models.TextChoices):
    """XB-TEAMS: the two tiers of "2+N"."""

    TIER1 = "tier1", _("第一梯队 卓越班主任成长营")
    TIER2 = "tier2", _("第二梯队 优秀班主任培育室")


class AdmissionStatus(models.TextChoices):
    """XB-MEMBER: 个人申报 → 学校推荐 → 组织遴选 → 行政审核 → 确定名单; a confirmed member may
    later leave (an assessment, a transfer); a vacancy is refilled by a new admission."""

    APPLIED = "applied", _("个人申报")
    RECOMMENDED = "recommended", _("学校推荐")
    SELECTED = "selected", _("组织遴选")
    APPROVED = "approved", _("行政审核")
    CONFIRMED = "confirmed", _("确定名单")
    DECLINED = "declined", _("未通过")


class MemberLeave(models.TextChoices):
    ASSESSMENT = "assessment", _("年度考核调整")
    TRANSFER = "transfer", _("调动")
    WITHDRAWN = "withdrawn", _("本人退出")


class ProjectScope(models.TextChoices):
    """XB-PROJECT: a district student-character project, or a school's or an education
    group's project or moral-education research topic."""

    REGION = "region", _("区域学生品格提升工程项目")
    SCHOOL = "school", _("学校项目或德育课题")
    GROUP = "group", _("教育集团项目或德育课题")


class Decision(models.TextChoices):
    """XB-ASSESS: a member stays or leaves after the yearly assessment (能进能出)."""

    STAY = "stay", _("保留")
    OUT = "out", _("调整出团队")


class Rung(models.TextChoices):
    """XH26-LADDER: 职初 → 骨干 → 卓越."""

    JUNIOR = "junior", _("职初")
    BACKBONE = "backbone", _("骨干")
    EXCELLENT = "excellent", _("卓越")
