"""消息中心 pages: a person's notices (list, mark read, mute) and the district admin's
robot settings. A person reaches only their own notices (another's id: 404); the robot
settings are the district's own admin's (anyone else: 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from apps.core.web import apply_service_errors
from apps.reports.forms.notices import MuteForm, RobotChannelForm
from apps.reports.selectors.notices import (
    mute_choices,
    robot_channel_of,
    troubled_deliveries,
    user_notice_get,
    user_notices,
)
from apps.reports.services.notices import (
    notice_mark_read,
    notice_mutes_set,
    notices_mark_all_read,
)
from apps.reports.services.robots import robot_channel_save, robot_masks
from apps.tenancy.access import access_district
from apps.tenancy.models import District, Role

PAGE_SIZE = 30


class NoticeListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        unread = request.GET.get("unread") == "1"
        page = Paginator(user_notices(user=request.user, unread=unread), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "reports/notices.html",
            {
                "page_obj": page,
                "notices": page.object_list,
                "unread_only": unread,
                "mutes": mute_choices(user=request.user),
            },
        )


class NoticeReadView(LoginRequiredMixin, View):
    """Mark one notice read; with `go`, then open what it is about."""

    def post(self, request: HttpRequest, notice_id: int) -> HttpResponse:
        notice = notice_mark_read(notice=user_notice_get(user=request.user, notice_id=notice_id))
        safe = url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()})
        if request.POST.get("go") and notice.link and safe:
            return redirect(notice.link)
        return redirect("reports:notices")


class NoticeReadAllView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = notices_mark_all_read(user=request.user)
        messages.success(request, f"已将 {count} 条消息标为已读。")
        return redirect("reports:notices")


class NoticeMuteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = MuteForm(request.POST)
        if form.is_valid():
            kinds = notice_mutes_set(user=request.user, muted=form.cleaned_data["muted"])
            messages.success(
                request, "已保存消息设置。" + ("免打扰的类别不再提醒。" if kinds else "")
            )
        else:
            messages.error(request, "消息类别不正确，请重新选择。")
        return redirect("reports:notices")


class RobotSettingsView(LoginRequiredMixin, View):
    """群机器人设置: the district's own admin only. Stored URLs and the secret are never
    sent back: the page shows their last four characters."""

    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.district = access_district(
            request.user, kwargs["district_id"], roles=(Role.DISTRICT_ADMIN,)
        )
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request: HttpRequest, form: RobotChannelForm) -> HttpResponse:
        channel = robot_channel_of(district=self.district)
        return render(
            request,
            "reports/robot_settings.html",
            {
                "district": self.district,
                "form": form,
                "channel": channel,
                "masks": robot_masks(channel),
                "troubled": troubled_deliveries(district=self.district),
            },
        )

    def get(self, request: HttpRequest, district_id: int) -> HttpResponse:
        channel = robot_channel_of(district=self.district)
        initial = {
            "wecom_on": bool(channel and channel.wecom_on),
            "dingtalk_on": bool(channel and channel.dingtalk_on),
        }
        return self._page(request, RobotChannelForm(initial=initial))

    def post(self, request: HttpRequest, district_id: int) -> HttpResponse:
        form = RobotChannelForm(request.POST)
        if not form.is_valid():
            return self._page(request, form)
        try:
            robot_channel_save(district=self.district, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self._page(request, form)
        messages.success(request, "已保存群机器人设置。")
        return redirect(reverse("reports:robot_settings", kwargs={"district_id": self.district.pk}))
