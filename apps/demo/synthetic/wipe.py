"""Emptying a synthetic district before it is generated again: every row of its schools,
children before parents, one DELETE per table (plus Django's cascade checks); the district
row itself is kept."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection, models

from apps.compliance.models import (
    ComplianceResult,
    ComplianceRun,
    CurrentResult,
    ParameterOverride,
    RecomputeRequest,
)
from apps.core.dbroles import SchemaOwnerRequiredError, as_schema_owner
from apps.evidence.models import EvidenceItem
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.tenancy.models import District, School
from apps.training.models import LedgerEntry

# Deleted in this order, after the training rows (files and events cascade from items).
DISTRICT_TABLES: tuple[type[models.Model], ...] = (
    CurrentResult,
    ComplianceResult,
    ComplianceRun,
    RecomputeRequest,
    ParameterOverride,
    EvidenceItem,
    HomeroomAssignment,
    SchoolClass,
    RosterImport,
    Teacher,
    School,  # school memberships cascade
)


def wipe(district: District) -> None:
    """Every row of the district's schools (see the module docstring).

    The ledger and the compliance results refuse DELETE to everyone but the schema
    owner: the rows are deleted as the owner (`as_schema_owner`), which a session that
    logged in as the app role may not become — run the command with the owner's URL
    (`DATABASE_URL=$MIGRATE_DATABASE_URL`, as `make bench` does) to replace a district.
    """
    try:
        with as_schema_owner(LedgerEntry._meta.db_table):
            for label in APPS_WIPED:
                wipe_app_rows(district, label)
            for model in DISTRICT_TABLES:
                model._default_manager.filter(district=district).delete()
    except SchemaOwnerRequiredError as exc:
        raise CommandError(
            f"替换合成区 {district.code} 要删除它的学时台账和合规结果，"
            f"只有数据库所有者能删：{exc}。请以所有者账号运行本命令："
            "DATABASE_URL=$MIGRATE_DATABASE_URL。"
        ) from exc


# The domain apps whose every row is found through its district (see `wipe_app_rows`).
APPS_WIPED = ("backbone", "studios", "probation", "training")


def wipe_app_rows(district: District, app_label: str) -> None:
    """Every row of the district in an app's tables, one DELETE per table.

    A row belongs to the district by its own `district` or through its first foreign key
    to a row that has one (attendance through its activity, a file through its record), or
    through a chain of them (an attachment's file through its attachment and activity).
    The ledger refuses DELETE to all but the schema owner (`wipe` acts as the owner).
    The foreign keys are deferred: the order of the DELETEs does not matter, and a row
    left pointing at a deleted one fails the commit, not silently.
    """
    with connection.cursor() as cursor:
        conditions = []
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            condition = district_condition(model)
            if condition is None:
                raise CommandError(f"cannot tell the district of {model._meta.label} rows")
            conditions.append((model, condition))
        # rows found through their parents go before the parents themselves (deepest first)
        conditions.sort(key=lambda pair: -pair[1].count("SELECT"))
        for model, condition in conditions:
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE {condition}', [district.pk])  # noqa: S608 - table and column names from the model registry


def _has_district(model: Any) -> bool:
    return any(f.name == "district" for f in model._meta.concrete_fields)


def district_condition(model: type[models.Model], depth: int = 0) -> str | None:
    """SQL naming the district's rows of `model`: by its own `district`, else through its
    first foreign key to a row that has one, else through a chain of training rows (an
    attachment's file through its attachment and activity)."""
    if _has_district(model):
        return '"district_id" = %s'
    parents = [
        (fk, fk.related_model)
        for fk in model._meta.concrete_fields
        if fk.is_relation and fk.related_model is not None and fk.related_model is not model
    ]
    for fk, parent in parents:
        if _has_district(parent):
            table = parent._meta.db_table  # type: ignore[union-attr]
            return f'"{fk.column}" IN (SELECT "id" FROM "{table}" WHERE "district_id" = %s)'  # noqa: S608
    if depth >= 2:
        return None
    for fk, parent in parents:
        if parent._meta.app_label == model._meta.app_label:  # type: ignore[union-attr]
            inner = district_condition(parent, depth + 1)  # type: ignore[arg-type]
            if inner is not None:
                table = parent._meta.db_table  # type: ignore[union-attr]
                return f'"{fk.column}" IN (SELECT "id" FROM "{table}" WHERE {inner})'  # noqa: S608
    return None
