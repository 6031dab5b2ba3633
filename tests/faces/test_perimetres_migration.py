"""Migration 0003_perimetres: on top of 0002_hardening, reversible, and the model matches it."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from vigie_industrie.programme.db import alembic_config, init_store


def test_revision_chain():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    rev = script.get_revision("0003_perimetres")
    assert rev.down_revision == "0002_hardening"
    assert script.get_current_head() == "0003_perimetres"  # one head: the chain is linear


def test_downgrade_to_0002_drops_only_perimetre(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    init_store(url)
    engine = create_engine(url)
    before = set(inspect(engine).get_table_names())
    assert "perimetre" in before
    cols = {c["name"] for c in inspect(engine).get_columns("perimetre")}
    assert {"nom", "proprietaire", "proprietaire_id", "visibilite", "membres", "version", "created_at", "updated_at"} <= cols
    command.downgrade(alembic_config(url), "0002_hardening")
    engine.dispose()
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) == before - {"perimetre"}
    command.upgrade(alembic_config(url), "head")
    engine.dispose()
    engine = create_engine(url)
    assert "perimetre" in inspect(engine).get_table_names()
    engine.dispose()
