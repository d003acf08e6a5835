from django.urls import path

from .views import auth, staff

app_name = "accounts"

D = "d/<int:district_id>/accounts"
urlpatterns = [
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/login/code/", auth.LoginCodeView.as_view(), name="login_code"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", auth.profile, name="profile"),
    path("accounts/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/totp/", auth.totp_setup, name="totp_setup"),
    # 账号管理: the district admin's staff accounts
    path(f"{D}/", staff.AccountListView.as_view(), name="staff_list"),
    path(f"{D}/new/", staff.AccountCreateView.as_view(), name="staff_new"),
    path(f"{D}/<int:user_id>/", staff.AccountDetailView.as_view(), name="staff_detail"),
    path(f"{D}/<int:user_id>/grant/", staff.RoleGrantView.as_view(), name="staff_grant"),
    path(f"{D}/<int:user_id>/reset/", staff.PasswordResetView.as_view(), name="staff_reset"),
    path(f"{D}/<int:user_id>/deactivate/", staff.DeactivateView.as_view(), name="staff_deactivate"),
    path(f"{D}/roles/<int:membership_id>/end/", staff.RoleEndView.as_view(), name="staff_role_end"),
]
