"""/api/v1/auth/token/: get an expiring API token with a password, or give one back.

POST checks the password through the same authentication backends as the login page,
so django-axes counts and locks the token endpoint exactly like the page (per username
and client IP); an account with a second factor also sends its current `code`.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import totp
from .authentication import ExpiringTokenAuthentication
from .models import ApiToken, User
from .security import lockout_message
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
