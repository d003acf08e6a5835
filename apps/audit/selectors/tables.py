"""Which history tables belong to a district, and how their rows are found.

Every history model (`apps.core.audit.history_models`) whose rows can be tied to a
district is one of the page's tables:

1. its rows carry `district` (schools, teachers, classes, assignments, evidence, training
   records, imports, runs …): the snapshot's own `district_id`;
2. the district itself: `pgh_obj_id`;
3. a user: one who holds, or held, a membership of the district (read from the
   membership history, so an ended membership still counts);
4. otherwise through the history of the parent row it points at (an attendance through
   its activity, a file through its item or its attachment, an API token through its
   user): the parent's history rather than its live row, so the events of a deleted row
   stay findable.

Tables tied to no district (policy packs, their parameters, rules and indicators: the
same for every tenant) are on no district's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.db.models import ForeignKey, Model, Q

from apps.accounts.models import User
from apps.core.audit import history_model, history_models
from apps.tenancy.models import District, Membership

MAX_HOPS = 3


@dataclass(frozen=True)
class AuditTable:
    key: str  # the tracked model's label, e.g. "people.teacher"
    label: str  # its Chinese name, e.g. "教师"
    history: Any  # its history model (an AuditEvent subclass with the model's fields)

    @property
    def model(self) -> type[Model]:
        return cast(type[Model], self.history.pgh_tracked_model)


def _parent(key: ForeignKey[Any, Any]) -> type[Model]:
    return cast(type[Model], key.related_model)


def _parents(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    """The model's foreign keys to audited models, users last (step 4)."""
    keys = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey) and history_model(_parent(f)) is not None
    ]
    return sorted(keys, key=lambda f: _parent(f) is User)


def district_scope(model: type[Model], district_id: int, hops: int = 0) -> Q | None:
    """The filter on `model`'s history rows that keeps those of the district (steps 1–4),
    or None when the model belongs to no district."""
    names = {f.name for f in model._meta.concrete_fields}
    if "district" in names:
        return Q(district_id=district_id)
    if model is District:
        return Q(pgh_obj_id=district_id)
    if model is User:
        members: Any = history_model(Membership)
        return Q(pgh_obj_id__in=members.objects.filter(district_id=district_id).values("user_id"))
    if hops >= MAX_HOPS:
        return None
    for key in _parents(model):
        parent = _parent(key)
        scope = district_scope(parent, district_id, hops + 1)
        parent_history: Any = history_model(parent)
        if scope is not None and parent_history is not None:
            rows = parent_history.objects.filter(scope).values("pgh_obj_id")
            return Q(**{f"{key.attname}__in": rows})
    return None


@cache
def district_tables() -> tuple[AuditTable, ...]:
    """The tables of the page, in the apps' order (INSTALLED_APPS) then by name."""
    tables: list[AuditTable] = []
    for history in history_models():
        model: Any = history.pgh_tracked_model
        if district_scope(model, 0) is None:
            continue
        label = str(model._meta.verbose_name)
        tables.append(AuditTable(model._meta.label_lower, label, history))
    return tuple(tables)


def table_by_key(key: str) -> AuditTable | None:
    return next((t for t in district_tables() if t.key == key), None)
