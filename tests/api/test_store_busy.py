"""A store held by another writer (issue 12 item 8): WAL, busy timeout, then 503 + Retry-After
(API) or one French line (CLI) — never a plain-text 500 nor « Erreur inattendue »."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from vigie_industrie.cli import main
from vigie_industrie.programme.db import Store

from .conftest import make_app, payload, seed_users


@pytest.fixture
def sqlite_url(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("verrou d'écriture SQLite : cas propre à SQLite (PostgreSQL : lock_timeout)")
    return database_url


@pytest.fixture
def held(sqlite_url):
    """A second connection holding the write lock (BEGIN IMMEDIATE), as a long import does."""
    con = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    yield con
    con.execute("ROLLBACK")
    con.close()


def test_store_runs_in_wal_mode_with_a_busy_timeout(sqlite_url):
    store = Store(sqlite_url, migrate=False, busy_timeout=2.5)
    with store.session() as s:
        assert s.execute(text("pragma journal_mode")).scalar() == "wal"
        assert s.execute(text("pragma busy_timeout")).scalar() == 2500
    store.dispose()


def test_busy_store_gives_503_problem_with_retry_after(sqlite_url, rights_warehouse, held):
    app = make_app(sqlite_url, warehouse=rights_warehouse)
    app.state.store = Store(sqlite_url, migrate=False, busy_timeout=0.2)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.post("/api/v1/auth/token", json={"email": "personne@test.invalid", "password": "x"})
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert int(r.headers["Retry-After"]) >= 1
    assert "occupée" in r.json()["detail"]


def test_busy_store_on_an_authenticated_write(database_url, rights_warehouse):
    if not database_url.startswith("sqlite"):
        pytest.skip("cas SQLite")
    app = make_app(database_url, warehouse=rights_warehouse)
    tokens = seed_users(app.state.store)
    app.state.store = Store(database_url, migrate=False, busy_timeout=0.2)
    con = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    try:
        r = TestClient(app, raise_server_exceptions=False).post(
            "/api/v1/contrats", json=payload("contrats", "own"), headers={"Authorization": f"Bearer {tokens['admin']}"})
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json"), r.text
    assert "Retry-After" in r.headers


def test_busy_store_is_one_french_line_in_the_cli(sqlite_url, held, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VIGIE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("VIGIE_STORE_BUSY_TIMEOUT", "0.2")
    csv = tmp_path / "c.csv"
    csv.write_text("territoire_id,phase,intitule\nti-3212,2,Contrat test\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["programme", "import", str(csv), "--type", "contrats", "--warehouse", str(tmp_path / "absent.duckdb")])
    err = capsys.readouterr().err
    assert exc.value.code == 11, err
    assert "occupée" in err and "inattendue" not in err and len(err.strip().splitlines()) == 1


def test_locked_postgresql_table_gives_503(database_url, rights_warehouse):
    """PostgreSQL: a table locked by another transaction beyond lock_timeout → 503, not a 500."""
    if not database_url.startswith("postgresql"):
        pytest.skip("cas PostgreSQL (SQLite : tests ci-dessus)")
    import psycopg

    app = make_app(database_url, warehouse=rights_warehouse)
    tokens = seed_users(app.state.store)
    app.state.store = Store(database_url, migrate=False, busy_timeout=0.2)
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as con:
        con.execute("lock table contrat in access exclusive mode")
        r = TestClient(app, raise_server_exceptions=False).post(
            "/api/v1/contrats", json=payload("contrats", "own"), headers={"Authorization": f"Bearer {tokens['admin']}"})
        con.rollback()
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json"), r.text
    assert "Retry-After" in r.headers and "occupée" in r.json()["detail"]
