"""/api/v1/auth/token/: get an expiring API token with a password, or give one back;
the district admin's 账号管理 (issue 10 §3).

POST auth/token/ checks the password through the same authentication backends as the
login page, so django-axes counts and locks the token endpoint exactly like the page (per
username and client IP); an account with a second factor also sends its current `code`.

* `districts/<district_id>/accounts/` — the district's staff accounts (admins, reviewers,
  school leaders) with their roles there; POST creates one holding a role at a node and
  answers its one-time password, once; `{id}/reset-password/` answers a new one, once;
  `{id}/deactivate/` ends every session and token of the account at once;
* `districts/<district_id>/roles/` — the district's active staff roles; POST grants one
  (account, role, node); `{id}/end/` ends it (kept, inactive, in the history).

Like the pages these are the district's own admin's only (`DistrictAdminAPI`); the
services decide who may grant, reset or deactivate whom (nobody above their own role or
outside their node) and answer with their Chinese messages, field by field, or 404.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from apps.tenancy.api import DistrictAdminAPI
from apps.tenancy.models import District, Membership
from apps.tenancy.selectors import district_school

from . import services, totp
from .authentication import ExpiringTokenAuthentication
from .models import ApiToken, User
from .security import lockout_message
from .selectors import (
    district_account_get,
    district_accounts,
    district_membership_get,
    district_roles,
)
from .serializers import (
    AccountInput,
    AccountOutput,
    IssuedPasswordOutput,
    RoleGrantInput,
    RoleOutput,
)
from .tokens import token_issue, token_revoke

BAD_LOGIN = "用户名或密码不正确，请重新输入（密码区分大小写）。"
FIRST_LOGIN = "这是初始密码或重置后的密码：请先在网页登录，修改为您自己的密码，再获取令牌。"


class TokenInput(serializers.Serializer[None]):
    username = serializers.CharField(max_length=150, help_text="用户名、工号或手机号。")
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=6, required=False, help_text="已启用两步验证的账号：身份验证器当前的 6 位数字。"
    )


class TokenOutput(serializers.Serializer[None]):
    token = serializers.CharField(help_text="放在请求头 Authorization: Token <token>。")
    expires_at = serializers.DateTimeField(help_text="到期后需重新获取。")


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


ERROR = inline_serializer("AuthError", {"detail": serializers.CharField()})


class TokenView(APIView):
    authentication_classes = [ExpiringTokenAuthentication]

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        request=TokenInput,
        responses={
            200: TokenOutput,
            400: OpenApiResponse(description="用户名、密码或验证码不正确，或缺少字段。"),
            429: OpenApiResponse(ERROR, description="登录失败次数过多（按用户名 + IP 计）。"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = _password_user(request, data.validated_data)
        if user.must_change_password:
            raise exceptions.ValidationError({"password": [FIRST_LOGIN]})
        _second_factor(user, data.validated_data.get("code", ""))
        key, token = token_issue(user=user)
        return Response(TokenOutput({"token": key, "expires_at": token.expires_at}).data)  # type: ignore[arg-type]

    @extend_schema(
        request=None,
        responses={204: None, 400: OpenApiResponse(description="请求未使用令牌认证。")},
    )
    def delete(self, request: Request) -> Response:
        """Give back the token the request was authenticated with (an API logout)."""
        if not isinstance(request.auth, ApiToken):
            raise exceptions.ValidationError({"detail": "请用要注销的令牌认证这个请求。"})
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _password_user(request: Request, credentials: dict[str, str]) -> User:
    """The user for these credentials, through the backends (axes first) on the plain
    HttpRequest, where axes keeps its state and its middleware looks for a lockout."""
    http_request = request._request
    user = authenticate(
        http_request, username=credentials["username"], password=credentials["password"]
    )
    if getattr(http_request, "axes_locked_out", False):
        raise LockedOut(lockout_message())
    if user is None or not isinstance(user, User):
        raise exceptions.ValidationError({"non_field_errors": [BAD_LOGIN]})
    AxesProxyHandler.user_logged_in(TokenView, http_request, user)  # resets the failures
    return user


def _second_factor(user: User, code: str) -> None:
    if not totp.totp_required(user):
        return
    device = totp.confirmed_device(user)
    if device is None:
        raise exceptions.ValidationError(
            {"code": ["该账号须使用两步验证：请先在网页登录，按提示绑定身份验证器。"]}
        )
    if not code:
        raise exceptions.ValidationError(
            {"code": ["该账号已启用两步验证，请同时提交 6 位验证码。"]}
        )
    problem = totp.code_check(device, code)
    if problem:
        raise exceptions.ValidationError({"code": [problem]})


# --------------------------------------------------------------------------- 账号管理


def _node(district: District, school_id: int | None) -> services.Node:
    """The node a body names: the district, or (by id) one of its open schools."""
    if school_id is None:
        return services.Node(district)
    try:
        school = district_school(district=district, school_id=school_id)
    except Http404:
        raise ValidationError({"school": "找不到该学校，或该学校不属于本区。"}) from None
    if school.closed_at is not None:
        raise ValidationError({"school": f"{school.name} 已关闭，不能在该校授予角色。"})
    return services.Node(district, school)


class _AdminActions(DistrictAdminAPI):
    lookup_value_regex = r"\d+"

    @property
    def actor(self) -> User:
        return self.request.user  # type: ignore[attr-defined, no-any-return]


@extend_schema(tags=["accounts"])
class DistrictAccountViewSet(
    _AdminActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[User],
):
    """The district's staff accounts, by username, each with its roles in the district."""

    serializer_class = AccountOutput
    ordering_fields = ["username", "full_name"]

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return district_accounts(district=self.district)

    def get_object(self) -> User:
        return district_account_get(district=self.district, user_id=self.kwargs["pk"])

    @extend_schema(request=AccountInput, responses={201: IssuedPasswordOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new account holding `role` at the district or at one of its schools. The
        answer holds its one-time password, once; the first login must change it."""
        data = AccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        node = _node(self.district, values.pop("school"))
        issued = services.account_create(actor=self.actor, node=node, **values)
        account = district_account_get(district=self.district, user_id=issued.user.pk)
        answer = IssuedPasswordOutput({"user": account, "password": issued.password})
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=IssuedPasswordOutput)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new one-time password, in this answer only (the old one, its sessions and
        tokens end; a deactivated account is active again)."""
        issued = services.password_reset(actor=self.actor, user=self.get_object())
        return Response(IssuedPasswordOutput(issued).data)

    @extend_schema(request=None, responses=AccountOutput)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The account can no longer log in; every session and token of it ends now."""
        account = services.account_deactivate(actor=self.actor, user=self.get_object())
        return Response(AccountOutput(account).data)


@extend_schema(tags=["accounts"])
class DistrictRoleViewSet(
    _AdminActions, mixins.ListModelMixin, viewsets.GenericViewSet[Membership]
):
    """The district's active staff roles, each naming exactly the node it applies to."""

    serializer_class = RoleOutput
    ordering_fields = ["role"]

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return district_roles(district=self.district)

    @extend_schema(request=RoleGrantInput, responses={201: RoleOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Grant `role` at the district (`school` null) or one of its schools to an
        account that holds or held a role in the district."""
        data = RoleGrantInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            account = district_account_get(district=self.district, user_id=values["user"])
        except Http404:
            raise ValidationError({"user": "找不到该账号，或该账号不在本区任职。"}) from None
        node = _node(self.district, values["school"])
        membership = services.role_grant(
            actor=self.actor, user=account, node=node, role=values["role"]
        )
        return Response(RoleOutput(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RoleOutput)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """End the role; it stays, inactive, in the account's history."""
        membership = district_membership_get(district=self.district, membership_id=kwargs["pk"])
        services.role_end(actor=self.actor, membership=membership)
        return Response(RoleOutput(membership).data)


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
DISTRICT = r"districts/(?P<district_id>\d+)"
router.register(f"{DISTRICT}/accounts", DistrictAccountViewSet, basename="district-account")
router.register(f"{DISTRICT}/roles", DistrictRoleViewSet, basename="district-role")
