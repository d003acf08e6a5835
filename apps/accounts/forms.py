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
