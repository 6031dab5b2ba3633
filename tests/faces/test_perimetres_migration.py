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
    # one head: the chain stays linear, or its branches are merged (0006 joins 0004 and 0005)
    assert len(script.get_heads()) == 1
    assert "0003_perimetres" in {r.revision for r in script.iterate_revisions(script.get_current_head(), "base")}


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
    after = set(inspect(engine).get_table_names())
    # exactly the tables of a store created at 0002: perimetre (0003) and what later revisions added go
    fresh = f"sqlite:///{tmp_path / 'at0002.db'}"
    command.upgrade(alembic_config(fresh), "0002_hardening")
    at_0002 = create_engine(fresh)
    assert after == set(inspect(at_0002).get_table_names()) and "perimetre" in before - after
    at_0002.dispose()
    command.upgrade(alembic_config(url), "head")
    engine.dispose()
    engine = create_engine(url)
    assert "perimetre" in inspect(engine).get_table_names()
    engine.dispose()
