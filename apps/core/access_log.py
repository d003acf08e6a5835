"""The personal-data access log: who exported or downloaded what, and how many rows.

Every view or API that hands personal data out of the system — an Excel export, a stored
file, a printable archive — calls `log_data_access(request, …)` once, just before it
answers (PIPL art. 51/55/56: measures against unauthorised access, and a record of it).
The row names the person, the request (the id the JSON logs print), the district and
school whose data it was, what was handed out and how many rows.

Like the audit trail (`apps.core.audit`) the table is append-only in the database: no
UPDATE, and DELETE only by the tables' owner (`prune_audit`, which keeps at least
`AUDIT_RETENTION_DAYS`). The kit knows no
tenant, so the district and school are plain ids; the district admin's "谁改了什么" page
(apps.audit) shows its district's rows.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import append_only_triggers
from .request_id import current_request_id


class DataAccessLog(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the record outlives the account
        related_name="+",
    )
    district_id = models.BigIntegerField(_("区"), null=True)
    school_id = models.BigIntegerField(_("学校"), null=True, blank=True)
    what = models.CharField(_("内容"), max_length=100)
    subject = models.CharField(_("对象"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("条数"))
    path = models.CharField(_("地址"), max_length=300)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        indexes = [models.Index(fields=["district_id", "-at"], name="core_access_district_at")]
        triggers = append_only_triggers()  # pgtrigger's Meta option

    def __str__(self) -> str:
        return f"{self.what} × {self.rows}"


class _Request(Protocol):
    """A Django request or a DRF one (which proxies it)."""

    user: Any
    path: str


def describe(subject: object) -> str:
    """ "佐证材料 #12 · 选聘制度.pdf": a row by its Chinese name, id and file name or title."""
    if not isinstance(subject, models.Model):
        return str(subject)
    label = f"{subject._meta.verbose_name} #{subject.pk}"
    detail = next(
        (getattr(subject, n) for n in ("file_name", "name", "title") if getattr(subject, n, "")),
        "",
    )
    return f"{label} · {detail}" if detail else label


def log_data_access(
    request: _Request,
    *,
    what: str,
    rows: int = 1,
    subject: object = "",
    district_id: int | None = None,
    school_id: int | None = None,
) -> DataAccessLog:
    """Record that `request`'s user was handed `rows` rows of `what` (e.g. "学时台账导出").

    `subject` is the row or file concerned, if one; the district and school default to
    the subject's own (`district_id`, `school_id`), else name them."""
    if district_id is None:
        district_id = getattr(subject, "district_id", None)
    if school_id is None:
        school_id = getattr(subject, "school_id", None)
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    return DataAccessLog.objects.create(
        user=user,
        district_id=district_id,
        school_id=school_id,
        what=what[:100],
        subject=describe(subject)[:200],
        rows=rows,
        path=request.path[:300],
        request_id=getattr(request, "request_id", None) or current_request_id() or "",
    )
