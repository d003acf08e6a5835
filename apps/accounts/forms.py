from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q

from apps.core.forms import StyledFormMixin
from apps.tenancy.models import District, Role, School

from .models import User
from .services import Node

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
        taken = User.objects.filter(Q(phone=phone) | Q(username=phone) | Q(staff_no=phone))
        if phone and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                "该手机号已被平台上其他账号使用（手机号可用于登录，须唯一）。"
            )
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


def grant_choices(district: District, schools: Iterable[School]) -> list[tuple[str, str]]:
    """What a district admin grants on the staff pages, each option naming its role and
    exactly the node it applies to: the district roles at the district, a school's
    leader at each (open) school. Teachers get their logins from their school's roster."""
    choices = [
        (f"{role.value}@d", f"{role.label} · {district.name}（区级，全区）")
        for role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER)
    ]
    choices += [
        (f"{Role.SCHOOL_LEADER.value}@s{school.pk}", f"{Role.SCHOOL_LEADER.label} · {school.name}")
        for school in schools
    ]
    return choices


def parse_grant(value: str, district: District, schools: dict[int, School]) -> tuple[str, Node]:
    role, _at, node = value.partition("@")
    if node == "d":
        return role, Node(district)
    school = schools.get(int(node[1:])) if node[1:].isdigit() else None
    if school is None:
        raise forms.ValidationError("请选择一个有效的角色和范围。")
    return role, Node(district, school)


class GrantForm(StyledFormMixin, forms.Form):
    grant = forms.ChoiceField(
        label="角色与范围",
        help_text="每个选项写明角色及其适用的范围（全区，或某一所学校）。",
        error_messages={
            "required": "请选择角色与范围。",
            "invalid_choice": "请选择列表中的角色与范围。",
        },
    )

    def __init__(
        self, *args: Any, district: District, schools: list[School], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.district, self.schools = district, {s.pk: s for s in schools}
        self.fields["grant"].choices = grant_choices(district, schools)  # type: ignore[attr-defined]

    def role_and_node(self) -> tuple[str, Node]:
        return parse_grant(self.cleaned_data["grant"], self.district, self.schools)


class AccountForm(GrantForm):
    username = forms.CharField(
        label="用户名", max_length=150, help_text="3–150 位字母、数字或 _ . @ + -，例如 wang.li"
    )
    full_name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(
        label="手机号", max_length=20, required=False, help_text="可用于登录，全平台唯一"
    )
    staff_no = forms.CharField(
        label="工号", max_length=32, required=False, help_text="可用于登录，全平台唯一"
    )

    field_order = ["username", "full_name", "phone", "staff_no", "grant"]
