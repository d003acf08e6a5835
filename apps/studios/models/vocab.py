"""The words of studios and workshops: kinds, levels, workshop types and hosts, outcome
kinds, course forms, member roles and the brief's review states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    STUDIO = "studio", _("班主任工作室")  # XH26-A2-2 / XH26-A2P-4
    WORKSHOP = "workshop", _("工作坊")  # XB23-WORKSHOP


class StudioLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    SCHOOL = "school", _("校级")


class WorkshopType(models.TextChoices):
    INSTITUTE = "institute", _("院校合作")
    INTER_SCHOOL = "inter_school", _("校际合作")
    IN_SCHOOL = "in_school", _("校内合作")


class HostKind(models.TextChoices):
    """Who hosts a workshop (XB23-WORKSHOP); a studio's host is a senior homeroom teacher."""

    RESEARCHER = "researcher", _("教育学院研训员")
    LEADER = "leader", _("带头人")
    BACKBONE = "backbone", _("中青年骨干")
    SENIOR = "senior", _("资深班主任")


class MemberRole(models.TextChoices):
    HOST = "host", _("主持人")
    MEMBER = "member", _("成员")


class OutcomeKind(models.TextChoices):
    REPORT = "report", _("研究报告")
    CASES = "cases", _("案例集")
    COURSE = "course", _("课程")
    PAPER = "paper", _("论文")


class CourseForm(models.TextChoices):
    DISTRICT_ONLINE = "district_online", _("区级研修网络课程")
    SCHOOL_FACE = "school_face", _("校级面授课程")


class OutcomeStage(models.TextChoices):
    STAGED = "staged", _("阶段性成果")
    FINAL = "final", _("最终成果")


class PlanKind(models.TextChoices):
    PROJECT = "project", _("项目研究方案")
    YEARLY = "yearly", _("年度实施计划")
    REPORT = "report", _("项目报告")


class BriefStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


class RulesStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")
