"""Alembic: upgrade → downgrade → upgrade, and the models match the migrated schema."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from vigie_industrie.programme import models
from vigie_industrie.programme.db import alembic_config, init_store


def test_upgrade_downgrade_upgrade_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    init_store(url)
    engine = create_engine(url)
    assert {"projet", "besoin", "contrat", "audit_event", "utilisateur"} <= set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(alembic_config(url), "head")
    assert "mission" in inspect(engine).get_table_names()
    engine.dispose()


def test_models_match_migrations(database_url):
    engine = create_engine(database_url)
    with engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), models.Base.metadata)
    engine.dispose()
    assert diff == [], f"modèles et migrations divergent : écrivez une migration ({diff})"


def test_init_store_creates_sqlite_file_and_parent(tmp_path):
    path = tmp_path / "var" / "sub" / "vigie.db"
    init_store(f"sqlite:///{path}")
    assert path.exists()


def test_init_store_unreachable_server_is_actionable():
    import pytest

    from vigie_industrie import errors

    with pytest.raises(errors.StoreUnavailable) as exc:
        init_store("postgresql+psycopg://x:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "VIGIE_DATABASE_URL" in str(exc.value) and "secret" not in str(exc.value)
