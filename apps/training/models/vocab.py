"""Training vocabulary (PT24-FORMS, PT24-CREDIT, PT24-MODULES, PT24-TIERS, XH26-TIER,
XH26-PROB-HOURS, LS15-LAYERS). The labels are the policy's words; a test checks they match
the putuo-2024 pack's lists, so the pack stays the reference."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.plausible import HOURS_PER_DAY

# Bounds of the hours one record carries (a sanity check on what is typed, not a policy
# number): a record is dated on one day, and a day has 24 hours — nor is anyone credited
# more than that on one day across all their records (`services.day_hours`); training over
# several days is logged day by day. The services refuse more; the sheet imports check
# the same bounds row by row.
MAX_ACTIVITY_HOURS = HOURS_PER_DAY
MAX_EXTERNAL_HOURS = HOURS_PER_DAY


class OrganiserLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    SCHOOL = "school", _("校级")
    STUDIO = "studio", _("工作室")
    WORKSHOP = "workshop", _("工作坊")


class TrainingForm(models.TextChoices):
    """PT24-FORMS."""

    LECTURE = "lecture", _("专题讲座")
    CASE = "case", _("案例分析")
    DRILL = "drill", _("实践演练")
    DIAGNOSIS = "diagnosis", _("现场诊断")
    DISCUSSION = "discussion", _("主题探讨")
    EXPERIENCE = "experience", _("情境体验")
    EXPERT = "expert", _("专家指导")
    LESSON_STUDY = "lesson_study", _("课例研究")
    RESOURCE = "resource", _("资源开发")
    ONLINE = "online", _("网络研修")
    OBSERVATION = "observation", _("学习观摩")


class CreditClass(models.TextChoices):
    """PT24-CREDIT: lecture-type hours and practice-type hours convert differently."""

    LECTURE = "lecture", _("讲座类")
    PRACTICE = "practice", _("实践类")


class Module(models.TextChoices):
    """PT24-MODULES."""

    CLASS_COLLECTIVE = "class_collective", _("班集体管理")
    CLASS_ACTIVITIES = "class_activities", _("班级活动组织")
    STUDENT_GUIDANCE = "student_guidance", _("学生发展指导")
    EVALUATION = "evaluation", _("综合素质评价")
    COMMUNICATION = "communication", _("沟通与合作")
    OTHER = "other", _("其他")


class ContentTier(models.IntegerChoices):
    """PT24-TIERS, by years in post."""

    NORMS = 1, _("班主任基本工作规范和要求")
    PROBLEMS = 2, _("班主任实践问题的剖析和解决")
    MODELS = 3, _("优秀班级管理经验的模仿和研究")
    ART = 4, _("班级管理艺术与实践智慧")
    DESIGN = 5, _("班级管理工作顶层设计能力")


class Programme(models.TextChoices):
    """XH26-TIER."""

    NONE = "none", _("无")
    QIHANG = "qihang", _("启航")
    XUHANG = "xuhang", _("续航")
    LINGHANG = "linghang", _("领航")


class ProbationBucket(models.TextChoices):
    """XH26-PROB-HOURS: the 8 + 32 + X buckets of the probation year."""

    NONE = "none", _("不计入见习")
    DISTRICT = "district", _("区级集中培训（8）")
    MICRO = "micro", _("专项微专业培训（32）")
    SCHOOL = "school", _("校级跟岗培训（X）")


class Layer(models.TextChoices):
    """LS15-LAYERS."""

    NONE = "none", _("未分层")
    PRE_SERVICE = "pre_service", _("上岗培训")
    IN_SERVICE = "in_service", _("在岗培训")
    BACKBONE = "backbone", _("骨干培训")


class ExternalLevel(models.TextChoices):
    SCHOOL = "school", _("校级")
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    NATIONAL = "national", _("国家级")
    OTHER = "other", _("其他")
