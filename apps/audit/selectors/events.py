"""The district's history rows, newest first, as the "谁改了什么" page shows them.

1. `district_events` lists the rows of every table of the district (`tables.py`) in one
   UNION ALL of (table, id, time, action, object, context), narrowed by table, by the
   acting person (the `user` of the row's context) and by date, newest first; the
   database sorts and pages it, so a page costs the same whatever the district's size.
2. `event_rows` reads one page of that list in full: for each table on the page, its rows
   and, for updates, the previous row of the same object (the old values), in two
   queries per table whatever the number of rows; then the acting people's names and
   roles in the district, in two more.
3. Each row becomes an `EventRow`: when, who (name and role, or the command or background
   task that acted), what (the table's Chinese name and the object), and the changed
   fields with their old and new values as a person reads them (choices by label, yes/no,
   dates) — for a new row its values, for a deleted one its last values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Field, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from apps.accounts.models import User
from apps.tenancy.models import District, Membership

from .tables import AuditTable, district_scope, district_tables, table_by_key

ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除"}
HIDDEN = frozenset({"id", "created_at", "updated_at"})
NAME_FIELDS = ("name", "full_name", "title", "username", "file_name", "code", "key")
LISTED = ("table", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context")
VALUE_LIMIT = 200


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class EventRow:
    at: dt.datetime
    action: str
    table: str
    obj: str
    changes: list[Change]
    context: dict[str, Any]
    actor: str = "系统"
    roles: str = ""

    @property
    def request_id(self) -> str:
        return str(self.context.get("request_id") or "")

    @property
    def via(self) -> str:
        """The command or background task that acted, if not a request; and the reason
        the person gave, where the change asked for one (a pack choice, a school closed)."""
        reason = f"原因：{self.context['reason']}" if self.context.get("reason") else ""
        return "；".join(filter(None, (self._source(), reason)))

    def _source(self) -> str:
        if self.context.get("command"):
            return f"命令 {self.context['command']}"
        if self.context.get("task"):
            job = f"（{self.context['job']}）" if self.context.get("job") else ""
            return f"后台任务 {self.context['task']}{job}"
        return ""


@dataclass(frozen=True)
class EventFilters:
    table: str = ""
    actor_ids: Sequence[int] | None = None  # None: anyone; []: nobody matched
    since: dt.date | None = None
    until: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _narrowed(table: AuditTable, district: District, filters: EventFilters) -> QuerySet[Any]:
    scope = district_scope(table.model, district.pk)
    assert scope is not None
    rows: QuerySet[Any] = table.history.objects.filter(scope)
    if filters.since:
        rows = rows.filter(pgh_created_at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(pgh_created_at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    if filters.actor_ids is not None:
        rows = rows.filter(pgh_context__user__in=list(filters.actor_ids))
    key = Value(table.key, output_field=CharField())
    listed: QuerySet[Any] = rows.order_by().annotate(table=key).values(*LISTED)
    return listed


def district_events(*, district: District, filters: EventFilters) -> QuerySet[Any]:
    """Step 1: (table, pgh_id, time, action, object id, context) of the district's rows."""
    chosen = table_by_key(filters.table) if filters.table else None
    tables = [chosen] if chosen else list(district_tables())
    parts = [_narrowed(table, district, filters) for table in tables]
    if filters.actor_ids == []:  # a name that matches nobody of the district
        parts = [parts[0].none()]
    listing = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return listing.order_by("-pgh_created_at", "-pgh_id")


# --------------------------------------------------------------------------- one page


def _previous(history: Any) -> Subquery:
    older = history.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
    return Subquery(older.order_by("-pgh_id").values("pgh_id")[:1])


def _full_rows(page: Iterable[dict[str, Any]]) -> dict[tuple[str, int], tuple[Any, Any]]:
    """Step 2: (table, pgh_id) → (row, previous row of the same object or None)."""
    ids: dict[str, list[int]] = defaultdict(list)
    for item in page:
        ids[item["table"]].append(item["pgh_id"])
    found: dict[tuple[str, int], tuple[Any, Any]] = {}
    for key, pgh_ids in ids.items():
        table = table_by_key(key)
        if table is None:
            continue
        rows = list(
            table.history.objects.filter(pgh_id__in=pgh_ids).annotate(prev=_previous(table.history))
        )
        previous = table.history.objects.in_bulk([r.prev for r in rows if r.prev])
        for row in rows:
            found[(key, row.pgh_id)] = (row, previous.get(row.prev))
    return found


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, dt.datetime):
        text = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    elif isinstance(value, dt.date):
        text = f"{value:%Y-%m-%d}"
    elif isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        text = "、".join(str(v) for v in value)
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text[:VALUE_LIMIT]


def _shown(model_field: Field[Any, Any] | None, value: Any) -> str:
    """A value as a person reads it: a choice by its label, yes/no, a date, a row's id."""
    if value is None or value in ("", [], {}):
        return "—"
    if model_field is not None and model_field.choices:
        labels = {str(k): str(v) for k, v in model_field.flatchoices}
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if model_field is not None and model_field.is_relation:
        return f"#{value}"
    return _plain(value)


def _data_fields(table: AuditTable) -> list[tuple[str, str, Field[Any, Any] | None]]:
    """(attribute, Chinese name, the tracked model's field) of the snapshot's data."""
    out = []
    for f in table.history._meta.concrete_fields:
        if f.name.startswith("pgh_") or f.name in HIDDEN:
            continue
        try:
            tracked: Field[Any, Any] | None = table.model._meta.get_field(f.name)  # type: ignore[assignment]
        except FieldDoesNotExist:  # a field the model no longer has
            tracked = None
        label = str(getattr(tracked, "verbose_name", f.name))
        out.append((f.attname, label, tracked))
    return out


def _changes(table: AuditTable, row: Any, before: Any) -> list[Change]:
    """Step 3: an update's changed fields; a new or deleted row's values."""
    changes = []
    for attname, label, tracked in _data_fields(table):
        new = getattr(row, attname)
        if row.pgh_label == "update" and before is not None:
            old = getattr(before, attname)
            if old != new:
                changes.append(Change(label, _shown(tracked, old), _shown(tracked, new)))
        elif new not in (None, "", [], {}):
            shown = _shown(tracked, new)
            old_new = ("", shown) if row.pgh_label == "insert" else (shown, "")
            changes.append(Change(label, *old_new))
    return changes


def _object_label(table: AuditTable, row: Any) -> str:
    name = next((getattr(row, n) for n in NAME_FIELDS if getattr(row, n, None)), None)
    number = getattr(row, "employee_no", None)
    label = f"{name}（{number}）" if name and number else str(name or number or "")
    return f"{label} #{row.pgh_obj_id}".strip()


def _actors(district: District, user_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Step 2's last two queries: user id → (name, roles in this district)."""
    users = User.objects.filter(pk__in=user_ids).only("username", "full_name")
    roles: dict[int, list[str]] = defaultdict(list)
    memberships = Membership.objects.filter(user_id__in=user_ids, district=district)
    for m in memberships.select_related("school").order_by("role", "school_id"):
        where = f"（{m.school.name}）" if m.school_id and m.school else ""
        roles[m.user_id].append(f"{m.get_role_display()}{where}")
    return {u.pk: (u.display_name, "、".join(roles.get(u.pk, []))) for u in users}


def event_rows(*, district: District, page: Sequence[dict[str, Any]]) -> list[EventRow]:
    """Steps 2 and 3 for one page of `district_events`."""
    full = _full_rows(page)
    result = []
    for item in page:
        table = table_by_key(item["table"])
        found = full.get((item["table"], item["pgh_id"]))
        if table is None or found is None:
            continue
        row, before = found
        result.append(
            EventRow(
                at=row.pgh_created_at,
                action=ACTIONS.get(row.pgh_label, row.pgh_label),
                table=table.label,
                obj=_object_label(table, row),
                changes=_changes(table, row, before),
                context=row.pgh_context or {},
            )
        )
    ids = {r.context["user"] for r in result if isinstance(r.context.get("user"), int)}
    actors = _actors(district, ids)
    for r in result:
        name, roles = actors.get(r.context.get("user"), ("", ""))  # type: ignore[arg-type]
        if name:
            r.actor, r.roles = name, roles
    return result


def actor_ids_matching(*, district: District, text: str) -> list[int]:
    """Users of the district (by membership, past ones too) whose name or login matches."""
    text = text.strip()
    members = Membership.objects.filter(district=district).values("user_id")
    matches = User.objects.filter(pk__in=members).filter(
        Q(full_name__icontains=text) | Q(username__icontains=text)
    )
    return list(matches.values_list("pk", flat=True)[:200])
