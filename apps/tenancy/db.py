"""Database-level tenant guarantees for migrations of tenant-owned tables."""

from django.db import migrations


def tenant_consistency_operations(table: str) -> list[migrations.RunSQL]:
    """A composite FK so a row's district is always its school's district (defence in depth:
    a service that forgot to set `district` correctly fails at the database, not silently)."""
    name = f"{table}_school_district_fk"
    return [
        migrations.RunSQL(
            sql=(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
                f'FOREIGN KEY ("school_id", "district_id") '
                f'REFERENCES "tenancy_school" ("id", "district_id") DEFERRABLE INITIALLY DEFERRED'
            ),
            reverse_sql=f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
        )
    ]
