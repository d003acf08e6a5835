"""账号管理: the district admin's accounts of district staff (admin, reviewer) and school
leaders — list, create, grant and end roles, reset a password, deactivate.

Only the district's own admin reaches these pages (404 for everyone else, reviewers
included); each write goes through `apps.accounts.services`, which checks the authority
again. A new or reset password is shown on the answer to the POST that made it, once: it
is never stored in clear, never put in a URL or a message that outlives the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View

from apps.accounts import services
from apps.accounts.forms import AccountForm, GrantForm
from apps.accounts.models import User
from apps.accounts.selectors import district_account_get, district_accounts, district_membership_get
from apps.core.web import Export, apply_service_errors, error_text, export_response, wants_export
from apps.core.xlsx import TableSheet
from apps.tenancy.access import access_district
from apps.tenancy.models import District, Role
from apps.tenancy.selectors import open_schools

ADMINS = (Role.DISTRICT_ADMIN,)


class DistrictAdminView(LoginRequiredMixin, View):
    """`self.district` for the district's own admin; a 404 for everyone else."""

    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.district = access_district(request.user, kwargs["district_id"], roles=ADMINS)
        return super().dispatch(request, *args, **kwargs)

    @property
    def actor(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def forms_kwargs(self) -> dict[str, Any]:
        return {"district": self.district, "schools": list(open_schools(district=self.district))}


STAFF_HEADERS = ("姓名", "用户名", "工号", "手机号", "角色与范围", "状态")


class AccountListView(DistrictAdminView):
    """账号管理: the district's staff and school leaders; ?format=xlsx exports them."""

    def get(self, request: HttpRequest, district_id: int) -> HttpResponse:
        accounts = district_accounts(district=self.district)
        if wants_export(request):
            return export_response(request, self._export(list(accounts)))
        return render(
            request,
            "accounts/staff_list.html",
            {"district": self.district, "accounts": accounts},
        )

    def _export(self, accounts: list[Any]) -> Export:
        rows = [
            [a.display_name, a.username, a.staff_no,
             a.phone,
             "；".join(f"{m.get_role_display()} · {m.node_name}" for m in a.district_roles),
             "已停用" if not a.is_active else ("待首次登录" if a.must_change_password else "正常")]
            for a in accounts
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("账号", STAFF_HEADERS, rows)], rows=len(rows), what="账号列表导出",
            name=f"账号-{self.district.name}.xlsx", fallback=f"accounts-{self.district.code}.xlsx",
            district_id=self.district.pk,
        )  # fmt: skip


class AccountCreateView(DistrictAdminView):
    template_name = "accounts/staff_new.html"

    def get(self, request: HttpRequest, district_id: int) -> HttpResponse:
        return self._render(AccountForm(**self.forms_kwargs()))

    def post(self, request: HttpRequest, district_id: int) -> HttpResponse:
        form = AccountForm(request.POST, **self.forms_kwargs())
        if not form.is_valid():
            return self._render(form)
        try:
            role, node = form.role_and_node()
            issued = services.account_create(
                actor=self.actor,
                node=node,
                role=role,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                staff_no=form.cleaned_data["staff_no"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self._render(form)
        return render(
            request,
            "accounts/password_issued.html",
            {"district": self.district, "issued": issued, "node": node.label, "created": True},
        )

    def _render(self, form: AccountForm) -> HttpResponse:
        return render(self.request, self.template_name, {"district": self.district, "form": form})


class AccountDetailView(DistrictAdminView):
    def get(self, request: HttpRequest, district_id: int, user_id: int) -> HttpResponse:
        return self._render(GrantForm(**self.forms_kwargs()), user_id)

    def _render(self, form: GrantForm, user_id: int, status: int = 200) -> HttpResponse:
        account = district_account_get(district=self.district, user_id=user_id)
        context = {
            "district": self.district,
            "account": account,
            "form": form,
            "manageable": services.may_manage(self.actor, account),
        }
        return render(self.request, "accounts/staff_detail.html", context, status=status)


class RoleGrantView(AccountDetailView):
    def post(self, request: HttpRequest, district_id: int, user_id: int) -> HttpResponse:
        account = district_account_get(district=self.district, user_id=user_id)
        form = GrantForm(request.POST, **self.forms_kwargs())
        if form.is_valid():
            try:
                role, node = form.role_and_node()
                services.role_grant(actor=self.actor, user=account, node=node, role=role)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已授予：{Role(role).label} · {node.label}")
                return redirect("accounts:staff_detail", self.district.pk, account.pk)
        return self._render(form, user_id)


class RoleEndView(DistrictAdminView):
    def post(self, request: HttpRequest, district_id: int, membership_id: int) -> HttpResponse:
        membership = district_membership_get(district=self.district, membership_id=membership_id)
        try:
            services.role_end(actor=self.actor, membership=membership)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, f"已结束角色：{membership.get_role_display()} · {membership.node_name}"
            )
        return redirect("accounts:staff_detail", self.district.pk, membership.user_id)


class PasswordResetView(DistrictAdminView):
    def post(self, request: HttpRequest, district_id: int, user_id: int) -> HttpResponse:
        account = district_account_get(district=self.district, user_id=user_id)
        issued = services.password_reset(actor=self.actor, user=account)
        return render(
            request,
            "accounts/password_issued.html",
            {"district": self.district, "issued": issued, "created": False},
        )


class DeactivateView(DistrictAdminView):
    def post(self, request: HttpRequest, district_id: int, user_id: int) -> HttpResponse:
        account = district_account_get(district=self.district, user_id=user_id)
        services.account_deactivate(actor=self.actor, user=account)
        messages.success(
            request, f"账号 {account.username} 已停用：其所有登录会话和 API 令牌已立即失效。"
        )
        return redirect("accounts:staff_detail", self.district.pk, account.pk)
