"""Forms of the growth-team pages: a new team, a team's actions (mentor, exception
reason, roster, leader election), a member's actions (a step, 确定名单, leaving, the
yearly assessment) and an application."""

from __future__ import annotations

from django import forms

from apps.backbone.models import Decision, MemberLeave, Result, Tier
from apps.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"})


class TeamForm(StyledFormMixin, forms.Form):
    tier = forms.ChoiceField(label="梯队", choices=Tier.choices)
    name = forms.CharField(label="名称", max_length=100)
    leader = forms.IntegerField(label="领衔人（教师编号）")
    elected_on = forms.DateField(label="领衔人选聘日期", widget=DATE)
    established_on = forms.DateField(label="组建日期", widget=DATE)
    leader_exception_reason = forms.CharField(label="领衔人称号例外说明", required=False)


TEAM_ACTIONS = [("mentor", "聘请导师"), ("exception", "记录例外说明"), ("roster", "确定团队名单"),
                ("leader", "重新评选领衔人")]  # fmt: skip
MEMBER_ACTIONS = [("pass", "通过"), ("decline", "不通过"), ("confirm", "确定名单"),
                  ("leave", "退出"), ("assess", "年度考核")]  # fmt: skip


class TeamActionForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(choices=TEAM_ACTIONS)
    name = forms.CharField(label="导师姓名", max_length=50, required=False)
    affiliation = forms.CharField(label="单位与身份", max_length=100, required=False)
    on = forms.DateField(label="日期", required=False, widget=DATE)
    reason = forms.CharField(label="说明", required=False)
    leader = forms.IntegerField(label="领衔人（教师编号）", required=False)


class MemberActionForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(choices=MEMBER_ACTIONS)
    comment = forms.CharField(label="意见", required=False)
    on = forms.DateField(label="日期", required=False, widget=DATE)
    reason = forms.ChoiceField(label="退出原因", choices=MemberLeave.choices, required=False)
    year = forms.IntegerField(label="考核年度", required=False)
    result = forms.ChoiceField(label="考核结果", choices=Result.choices, required=False)
    funding = forms.DecimalField(label="专项经费（元）", required=False, max_digits=10,
                                 decimal_places=2)  # fmt: skip
    decision = forms.ChoiceField(label="成员资格", choices=Decision.choices, required=False)


class ApplyForm(StyledFormMixin, forms.Form):
    team = forms.IntegerField(label="团队")
    teacher = forms.IntegerField(label="教师", required=False)
    replaces = forms.IntegerField(label="递补", required=False)
