"""Portal routing: the home that sends each role to its portal, and the role switcher."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.tenancy.access import memberships_of
from apps.tenancy.middleware import SESSION_KEY, active_membership
from apps.tenancy.portals import portal_home_url


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = active_membership(request)
    if membership is None:
        return render(request, "tenancy/no_role.html", status=200)
    return redirect(portal_home_url(membership))


@login_required
@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership_id", "")
    for membership in memberships_of(request.user):
        if str(membership.pk) == wanted:
            request.session[SESSION_KEY] = membership.pk
            messages.success(
                request, f"已切换为：{membership.node_name} · {membership.get_role_display()}"
            )
            return redirect(portal_home_url(membership))
    messages.error(request, "无法切换到该角色：您没有这个角色。")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)
    return redirect("tenancy:home")
