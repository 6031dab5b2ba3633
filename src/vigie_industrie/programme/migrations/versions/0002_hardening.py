"""hardening: the audit journal is append-only in the database itself

Why: the API never updates nor deletes an ``audit_event``, but anyone with SQL access (a
script, a compromised account of the application, a mistaken maintenance query) could. A
trigger refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) whatever the client.

SQLite note: a later migration that rebuilds ``audit_event`` in batch mode (copy and swap)
drops these triggers and must create them again.

Revision ID: 0002_hardening
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002_hardening"
down_revision = "0001"
branch_labels = None
depends_on = None

MESSAGE = "journal d''audit en ajout seul : modification et suppression interdites"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for op_name in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{op_name} BEFORE {op_name.upper()} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE} (%)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        op.execute("CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
                   "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
