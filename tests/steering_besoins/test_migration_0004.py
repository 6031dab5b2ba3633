"""Migration 0004: existing needs are mapped to the new workflow, and back (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from vigie_industrie.programme.db import alembic_config

# former statut, reponse, categorie → new statut, categorie (the migration docstring's table)
ROWS = [
    ("nouveau", None, "foncier", "brouillon", "foncier"),
    ("transmis_region", None, "formation", "transmis", "formation"),
    ("en_cours", None, "numerique", "accuse", "autre"),
    ("traite", "Terrain trouvé", "foncier", "repondu", "foncier"),
    ("traite", None, "habitat", "clos", "habitat"),
    ("sans_suite", None, "mobilite", "clos", "mobilite"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm4.db'}"
    import os

    from tests.conftest import SKIP_PG, PG_ENV

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(SKIP_PG)
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"vigie_m4_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}".lower()
    admin = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'drop database if exists "{name}" with (force)')
        con.execute(f'create database "{name}"')
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def test_existing_needs_are_migrated_and_back(empty_url):
    cfg = alembic_config(empty_url)
    command.upgrade(cfg, "0003_perimetres")
    engine = create_engine(empty_url)
    when = datetime(2024, 7, 8, 10, 0, tzinfo=timezone.utc)
    with engine.begin() as con:
        for i, (statut, reponse, categorie, _, _) in enumerate(ROWS, start=1):
            con.execute(text(
                "insert into besoin (id, territoire_id, phase, code_region, siren_epci, siren_entreprise, nom_entreprise,"
                " categorie, description, urgence, statut, reponse, date_collecte, version, created_at, updated_at)"
                " values (:id, 'ti-3212', 2, '32', '200072460', '552100554', 'Entreprise test', :categorie, '',"
                " 'moyenne', :statut, :reponse, '2024-07-01', 1, :when, :when)"),
                {"id": i, "statut": statut, "reponse": reponse, "categorie": categorie, "when": when})
    command.upgrade(cfg, "0004_besoins_transmission")
    from sqlalchemy.orm import Session

    from vigie_industrie.programme import models

    with Session(engine) as session:
        got = {b.id: b for b in session.query(models.Besoin)}
    for i, (old, _, _, new, categorie) in enumerate(ROWS, start=1):
        b = got[i]
        assert (b.statut, b.categorie, b.contact, b.assigne_a) == (new, categorie, "", None), old
        assert len(b.etapes) == 1 and b.etapes[0]["statut"] == new and b.etapes[0]["par"] == "migration-0004"
        assert f"« {old} »" in b.etapes[0]["note"]
        assert datetime.fromisoformat(b.etapes[0]["le"]).replace(tzinfo=timezone.utc) == when
        assert b.statut_depuis == when
    assert "numerique" in got[3].etapes[0]["note"]
    assert "projet_a_venir" in inspect(engine).get_table_names()

    command.downgrade(cfg, "0003_perimetres")
    with engine.connect() as con:
        back = dict(con.execute(text("select id, statut from besoin")).all())
    assert back == {1: "nouveau", 2: "transmis_region", 3: "en_cours", 4: "traite", 5: "sans_suite", 6: "sans_suite"}
    assert "projet_a_venir" not in inspect(engine).get_table_names()
    engine.dispose()
