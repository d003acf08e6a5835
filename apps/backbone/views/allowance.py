"""XB23-ALLOWANCE pages. Pay figures are personal data: the school's pages are read by its
leader and the district's staff (SchoolPortalMixin) and written by its leader; the
district's overview by its staff; a teacher sees their own payments on /me/. Every
export is logged (`export_response` / `log_data_access`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.backbone.excel.allowance import ledger_sheet, overview_sheet, payroll_sheet
from apps.backbone.forms.allowance import PayBonusForm, PayMonthForm, parse_month
from apps.backbone.selectors import allowance as sel
from apps.backbone.services import allowance as svc
from apps.core.schoolyear import school_year_of, today
from apps.core.web import Export, ExportMixin, apply_service_errors, export_response, int_or_404
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin


def _year(request: HttpRequest, district: Any) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return sel.default_year(district=district)


class SchoolLedgerView(SchoolPortalMixin, ExportMixin, TemplateView):
    """Members × months (已发/待发/暂停/—), totals; ?format=xlsx exports the ledger."""

    template_name = "backbone/allowance/ledger.html"

    def ledger(self) -> sel.Ledger:
        year = _year(self.request, self.school.district)
        return sel.school_ledger(school=self.school, year=year, today=today())

    def export(self) -> Export:
        ledger = self.ledger()
        return Export(
            sheets=[ledger_sheet(ledger)], rows=len(ledger.rows), what="骨干津贴台账导出",
            subject=self.school, district_id=self.school.district_id, school_id=self.school.pk,
            name=f"骨干津贴台账-{self.school.name}-{ledger.year}学年.xlsx",
            fallback=f"backbone-allowance-{self.school.pk}-{ledger.year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ledger = self.ledger()
        context.update(
            ledger=ledger, year=ledger.year, labels=sel.STATE_LABELS,
            years=sel.ledger_years(district=self.school.district),
            bonuses=[(b, sel.payment_of(b)) for b in ledger.bonuses],
            deletable={p.pk for r in ledger.rows for _s, p in r.cells
                       if p is not None and svc.may_delete(self.request.user, p)},
        )  # fmt: skip
        return context


class SchoolPayrollView(SchoolPortalMixin, TemplateView):
    """The month's payroll sheet (工号, 姓名, 类别, 月份, 金额, 发放日期), ?month=YYYY-MM."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        month = parse_month(request.GET.get("month", "")) or sel.first_of(today())
        payments = sel.payroll(school=self.school, month=month)
        return export_response(request, Export(
            sheets=[payroll_sheet(payments)], rows=len(payments), what="骨干津贴发放表导出",
            subject=self.school, district_id=self.school.district_id, school_id=self.school.pk,
            name=f"骨干津贴发放表-{self.school.name}-{month:%Y-%m}.xlsx",
            fallback=f"backbone-payroll-{self.school.pk}-{month:%Y-%m}.xlsx",
        ))  # fmt: skip


class SchoolPayMonthView(SchoolPortalMixin, TemplateView):
    """Pay a month to all the school's members owed it, or one member by hand."""

    template_name = "backbone/allowance/pay.html"
    write_required = True

    def _form(self, data: Any = None) -> PayMonthForm:
        year = sel.default_year(district=self.school.district)
        members = list(sel.members_in_year(district=self.school.district, year=year,
                                           school_ids=[self.school.pk]))  # fmt: skip
        members += [m for m in self._older(year) if m.pk not in {x.pk for x in members}]
        return PayMonthForm(data, members=members)

    def _older(self, year: int) -> list[Any]:
        return list(sel.members_in_year(district=self.school.district, year=year - 1,
                                        school_ids=[self.school.pk]))  # fmt: skip

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                self._pay(form)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                url = reverse("backbone:allowance_ledger", args=[self.school.pk])
                return HttpResponseRedirect(f"{url}?year={_school_year(form)}")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _pay(self, form: PayMonthForm) -> None:
        data, member = form.cleaned_data, form.chosen_member()
        month, paid_on = data["month"], data["paid_on"]
        if member is not None:
            made = svc.pay_member(actor=self.request.user, school=self.school, member=member,
                                  month=month, paid_on=paid_on)  # fmt: skip
            messages.success(
                self.request, f"已发放{member.teacher.name}{month:%Y年%m月}津贴 {made.amount} 元。"
            )
            return
        done = svc.pay_month(actor=self.request.user, school=self.school, month=month,
                             paid_on=paid_on)  # fmt: skip
        messages.success(
            self.request, f"{month:%Y年%m月}：已发放 {len(done.paid)} 人，共 {done.total} 元。"
        )
        skipped = ((done.already, "该月已发放，跳过"), (done.suspended, svc.SUSPENDED_REASON),
                   (done.no_rate, "本届未设定该类别津贴标准，跳过"))  # fmt: skip
        for members, why in skipped:
            if members:
                names = "、".join(m.teacher.name for m in members)
                messages.info(self.request, f"{names}：{why}。")


def _school_year(form: PayMonthForm) -> int:
    return school_year_of(form.cleaned_data["month"])


class SchoolBonusView(SchoolPortalMixin, TemplateView):
    """The bonuses decided for the school's members (XB23-ASSESS 优秀), paid as own rows."""

    template_name = "backbone/allowance/bonus.html"
    write_required = True

    def _unpaid(self) -> list[Any]:
        bonuses = sel.school_bonuses(school=self.school)
        return [b for b in bonuses if sel.payment_of(b) is None]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PayBonusForm(bonuses=self._unpaid())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PayBonusForm(request.POST, bonuses=self._unpaid())
        if form.is_valid():
            bonus = form.chosen_bonus()
            try:
                svc.pay_bonus(actor=request.user, school=self.school, bonus=bonus,
                              paid_on=form.cleaned_data["paid_on"])  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, f"已发放{bonus.member.teacher.name}优秀奖金 {bonus.amount} 元。"
                )
                return HttpResponseRedirect(
                    reverse("backbone:allowance_ledger", args=[self.school.pk])
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SchoolPaymentDeleteView(SchoolPortalMixin, TemplateView):
    """Correct a wrong row: deleted by the school's leader within the month it was paid."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        payment = sel.payment_get(school=self.school, payment_id=int_or_404(kwargs["payment_id"]))
        try:
            svc.payment_delete(actor=request.user, school=self.school, payment=payment)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request, f"已撤销{payment.member.teacher.name}{payment.month:%Y年%m月}的发放记录。"
            )
        url = reverse("backbone:allowance_ledger", args=[self.school.pk])
        return HttpResponseRedirect(f"{url}?year={school_year_of(payment.month)}")


class DistrictOverviewView(DistrictPortalMixin, ExportMixin, TemplateView):
    """Per school: expected vs paid per month, suspended members, unpaid bonuses."""

    template_name = "backbone/allowance/district.html"

    def rows(self) -> tuple[int, list[sel.SchoolOverview]]:
        year = _year(self.request, self.district)
        return year, sel.district_overview(district=self.district, year=year, today=today())

    def export(self) -> Export:
        year, rows = self.rows()
        months = [f"{m:%Y-%m}" for m in sel.year_months(year)]
        return Export(
            sheets=[overview_sheet(rows, months)], rows=len(rows), what="骨干津贴发放概况导出",
            subject=self.district, district_id=self.district.pk,
            name=f"骨干津贴发放概况-{year}学年.xlsx", fallback=f"backbone-allowance-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, rows = self.rows()
        context.update(year=year, rows=rows, months=sel.year_months(year),
                       years=sel.ledger_years(district=self.district))  # fmt: skip
        return context


class MyAllowanceView(LoginRequiredMixin, TemplateView):
    """The signed-in teacher's own payments."""

    template_name = "backbone/allowance/mine.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["payments"] = sel.my_payments(user=self.request.user)
        return context
