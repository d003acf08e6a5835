"""Database-level tenant guarantees for migrations of tenant-owned tables: composite
foreign keys that keep a row inside its school and district, and row-level security on
the personal-data tables (docs/operations.md, 数据库角色)."""

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


def same_school_operations(
    table: str, *, column: str = "teacher_id", target: str = "people_teacher"
) -> list[migrations.RunSQL]:
    """A composite FK (column, school_id) → target (id, school_id): the row's teacher (or
    other person of `target`) belongs to the row's own school, so no row of one school
    can name another school's teacher. `target` carries UNIQUE (id, school_id)."""
    name = f"{table}_{column.removesuffix('_id')}_same_school_fk"
    return [
        migrations.RunSQL(
            sql=(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
                f'FOREIGN KEY ("{column}", "school_id") '
                f'REFERENCES "{target}" ("id", "school_id") DEFERRABLE INITIALLY DEFERRED'
            ),
            reverse_sql=f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
        )
    ]


def teacher_within_parent_operations(
    table: str, *, parent_column: str, parent_table: str, teacher_table: str = "people_teacher"
) -> list[migrations.RunSQL]:
    """For a row that names a teacher and a parent row with `district_id` and a nullable
    `school_id` (an attendance and its activity, an answer and its survey), but has no
    school of its own: the teacher belongs to the parent's school, or — for a district's
    parent (school null) — to one of its district's schools. Statement-level triggers over
    the new rows (set-based, cheap for COPY); SECURITY DEFINER so the check sees teachers
    that row-level security hides from the app role."""
    function = f"{table}_teacher_within_parent"
    body = f"""
CREATE FUNCTION "{function}"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows n
        JOIN "{parent_table}" p ON p.id = n."{parent_column}"
        JOIN "{teacher_table}" t ON t.id = n.teacher_id
        WHERE t.district_id <> p.district_id
           OR (p.school_id IS NOT NULL AND t.school_id <> p.school_id)
    ) THEN
        RAISE EXCEPTION '{table}: the teacher belongs to another school or district'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
"""  # noqa: S608 - table names from the migration, not from input
    triggers = [
        f'CREATE TRIGGER "{function}_{event.lower()}" AFTER {event} ON "{table}" '
        f'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "{function}"()'
        for event in ("INSERT", "UPDATE")
    ]
    return [
        migrations.RunSQL(
            sql=[body, *triggers],
            reverse_sql=[f'DROP FUNCTION "{function}"() CASCADE'],
        )
    ]


# Row-level security (apps/core/dbscope.py): the settings a statement's scope carries.
SCOPE_FUNCTION = """
CREATE FUNCTION app_scope_allows(school bigint, district bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT current_setting('app.scope', true) = 'system'
        OR school = ANY (
            string_to_array(NULLIF(current_setting('app.school_ids', true), ''), ',')::bigint[])
        OR district = ANY (
            string_to_array(NULLIF(current_setting('app.district_ids', true), ''), ',')::bigint[])
$$;
"""


def scope_function_operations() -> list[migrations.RunSQL]:
    """`app_scope_allows(school, district)`: whether the statement's scope reaches a row
    of that school and district (an inlinable SQL function: the planner sees through it)."""
    return [
        migrations.RunSQL(
            sql=SCOPE_FUNCTION, reverse_sql="DROP FUNCTION app_scope_allows(bigint, bigint)"
        )
    ]


def row_security_operations(table: str) -> list[migrations.RunSQL]:
    """Row-level security on a personal-data table with `school_id` and `district_id`: for
    every role but its owner (the app role), a row is seen and written only in a scope that
    reaches it (`app_scope_allows`); with no scope set, nothing."""
    policy = f"{table}_scope"
    check = "app_scope_allows(school_id, district_id)"
    return [
        migrations.RunSQL(
            sql=[
                f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
                f'CREATE POLICY "{policy}" ON "{table}" USING ({check}) WITH CHECK ({check})',
            ],
            reverse_sql=[
                f'DROP POLICY "{policy}" ON "{table}"',
                f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
            ],
        )
    ]


# A teacher's earlier stints (ADR 0012): the school a person moved to reads the rows of
# their stints before it (the archive's "earned at A" and the person's totals), never the
# other way round, and writes none of them.
EARLIER_STINT_FUNCTIONS = """
CREATE FUNCTION app_earlier_stint_visible(person uuid, ended date) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ended IS NOT NULL AND EXISTS (
        SELECT 1 FROM people_teacher later
        WHERE later.person_key = person
          AND later.started_on >= ended
          AND app_scope_allows(later.school_id, later.district_id))
$$;
CREATE FUNCTION app_earlier_stint_of(teacher bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM people_teacher stint
        WHERE stint.id = teacher
          AND app_earlier_stint_visible(stint.person_key, stint.ended_on))
$$;
"""


def earlier_stint_function_operations() -> list[migrations.RunSQL]:
    """`app_earlier_stint_visible(person, ended)`: whether a stint that ended on `ended`
    comes before a stint of the same person that the statement's scope reaches;
    `app_earlier_stint_of(teacher)`: the same for a teacher row's id. SECURITY DEFINER:
    they look at the person's stints that row-level security hides from the app role,
    and answer only yes or no."""
    return [
        migrations.RunSQL(
            sql=EARLIER_STINT_FUNCTIONS,
            reverse_sql=[
                "DROP FUNCTION app_earlier_stint_of(bigint)",
                "DROP FUNCTION app_earlier_stint_visible(uuid, date)",
            ],
        )
    ]


def earlier_stint_read_operations(table: str, *, check: str) -> list[migrations.RunSQL]:
    """A second, read-only policy beside `row_security_operations`' one: a row of a
    person's earlier stint may be read (`check`, e.g. `app_earlier_stint_of(teacher_id)`)
    by the scope of a later stint. UPDATE and DELETE still meet only the scope policy, so
    the later school changes none of them."""
    policy = f"{table}_transferred"
    return [
        migrations.RunSQL(
            sql=f'CREATE POLICY "{policy}" ON "{table}" FOR SELECT USING ({check})',
            reverse_sql=f'DROP POLICY "{policy}" ON "{table}"',
        )
    ]
