"""Forms of the notices: a person's mutes, and the district's robot channels."""

from __future__ import annotations

from django import forms

from apps.core.forms import StyledFormMixin
from apps.reports.models import NoticeKind


class MuteForm(StyledFormMixin, forms.Form):
    muted = forms.MultipleChoiceField(
        label="不接收以下类别的消息",
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RobotChannelForm(StyledFormMixin, forms.Form):
    """URLs and the secret are write-only: left blank, the stored value stays."""

    wecom_on = forms.BooleanField(label="启用企业微信群机器人", required=False)
    wecom_url = forms.CharField(
        label="企业微信 Webhook 地址",
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="群设置 → 群机器人 → 复制 Webhook 地址。留空则保留已保存的地址。",
    )
    dingtalk_on = forms.BooleanField(label="启用钉钉群机器人", required=False)
    dingtalk_url = forms.CharField(
        label="钉钉 Webhook 地址",
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="自定义机器人的 Webhook 地址。留空则保留已保存的地址。",
    )
    dingtalk_secret = forms.CharField(
        label="钉钉加签密钥（SEC 开头）",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="安全设置选择“加签”后显示的密钥。留空则保留已保存的密钥。",
    )
    clear = forms.MultipleChoiceField(
        label="删除已保存的",
        required=False,
        choices=[
            ("wecom_url", "企业微信地址"),
            ("dingtalk_url", "钉钉地址"),
            ("dingtalk_secret", "钉钉密钥"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
