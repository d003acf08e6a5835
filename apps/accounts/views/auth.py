"""Login (password, then a TOTP code where one is needed), logout, the person's own
profile (name, phone, interface language) and their authenticator app."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from apps.accounts import totp
from apps.accounts.forms import CodeForm, LoginForm, ProfileForm
from apps.accounts.models import User
from apps.accounts.selectors import user_by_id
from apps.accounts.sessions import signed_out_message

PENDING = "_hr_totp_pending"  # the password step passed: {"user", "backend", "at", "next"}


class LoginView(auth_views.LoginView):
    """Step one: the password. Someone who needs a code goes on to step two with the
    password checked but no session of theirs yet (`PENDING` in the anonymous one)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signed_out"] = signed_out_message(self.request.session)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not totp.totp_required(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
            "at": int(time.time()),
            "next": self.get_redirect_url(),
        }
        return redirect("accounts:login_code")


class LoginCodeView(View):
    """Step two: the code of the person's authenticator (or, where the setting makes it
    compulsory and none is enrolled yet, the enrolment: QR code, then its first code)."""

    template_name = "accounts/login_code.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.user = _pending_user(request)
        if self.user is None:
            messages.info(request, "请先输入用户名和密码。")
            return redirect("accounts:login")
        self.device = totp.confirmed_device(self.user) or totp.enrolment_device(self.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            problem = totp.totp_confirm(self.device, form.cleaned_data["code"])
            if not problem:
                pending = request.session.pop(PENDING)
                login(request, self.user, backend=pending["backend"])
                return redirect(_safe_next(request, pending.get("next", "")))
            form.add_error("code", problem)
        return self._render(form)

    def _render(self, form: CodeForm) -> HttpResponse:
        context: dict[str, Any] = {"form": form, "enrolling": not self.device.confirmed}
        if not self.device.confirmed:
            context.update(qr=totp.qr_data_uri(self.device), secret=totp.secret_text(self.device))
        return render(self.request, self.template_name, context)


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if int(time.time()) - int(pending.get("at", 0)) > settings.TOTP_LOGIN_STEP_SECONDS:
        del request.session[PENDING]
        return None
    user = user_by_id(pending.get("user"))
    return user if user is not None and user.is_active else None


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LogoutView(auth_views.LogoutView):
    """Ends the session; the `user_logged_out` receiver also deletes the API tokens."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/accounts/profile/"

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        first = form.user.must_change_password
        form.user.must_change_password = False  # saved with the new password
        response = super().form_valid(form)
        if first:
            messages.success(self.request, "密码已设置，欢迎使用。")
            return redirect(settings.LOGIN_REDIRECT_URL)
        messages.success(self.request, "密码已修改。用旧密码获取的 API 令牌已失效。")
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "个人信息已保存。")
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["preferred_language"],
            samesite="Lax",
        )
        return response
    context = {
        "form": form,
        "totp_offered": totp.is_district_staff(user),  # type: ignore[arg-type]
        "totp_device": totp.confirmed_device(user),  # type: ignore[arg-type]
    }
    return render(request, "accounts/profile.html", context)


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    """District staff enrol an authenticator app (or turn it off, where allowed)."""
    user: User = request.user  # type: ignore[assignment]
    if not totp.is_district_staff(user):
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "remove":
        if totp.totp_remove(user=user):
            messages.success(request, "已关闭两步验证：下次登录只需密码。")
        else:
            messages.error(request, "本平台要求区级账号使用两步验证，不能关闭。")
        return redirect("accounts:profile")
    if totp.confirmed_device(user) is not None:
        return redirect("accounts:profile")
    device = totp.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = totp.totp_confirm(device, form.cleaned_data["code"])
        if not problem:
            messages.success(request, "两步验证已启用：以后登录时，输入密码后还需输入验证码。")
            return redirect("accounts:profile")
        form.add_error("code", problem)
    context = {"form": form, "qr": totp.qr_data_uri(device), "secret": totp.secret_text(device)}
    return render(request, "accounts/totp_setup.html", context)
