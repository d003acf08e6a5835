from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from apps.core.forms import StyledFormMixin

from .models import User

# The stubs' ModelForm is generic; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _UserModelForm = forms.ModelForm[User]
else:
    _UserModelForm = forms.ModelForm


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系学校或区管理员。",
    }


class ProfileForm(StyledFormMixin, _UserModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language"]

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
            raise forms.ValidationError("手机号应为 7–15 位数字，例如 13800138000。")
        return phone


class CodeForm(StyledFormMixin, forms.Form):
    """The 6-digit code of an authenticator app (the second login step, enrolment)."""

    code = forms.CharField(
        label="验证码",
        max_length=6,
        min_length=6,
        help_text="打开手机上的身份验证器，输入它当前显示的 6 位数字。",
        error_messages={
            "required": "请输入 6 位验证码。",
            "min_length": "验证码是 6 位数字，请核对后重新输入。",
            "max_length": "验证码是 6 位数字，请核对后重新输入。",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("验证码只含数字，请输入身份验证器显示的 6 位数字。")
        return code
