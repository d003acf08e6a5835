"""Django's PostgreSQL backend, with every statement carrying its row-level security
scope (`apps.core.dbscope`). Select it with `ENGINE = "apps.core.postgres"`."""
