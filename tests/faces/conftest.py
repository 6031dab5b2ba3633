"""Fixtures of the observatory faces: the Audomarois read from the mirror, a store per test.

The Audomarois is the phase-2 Territoire d'industrie « Pays de Saint-Omer » (ti-3212): its
two EPCI are read from the ANCT groupings file of the mirror, and their communes and
populations from the Etalab commune → EPCI file, never from the warehouse under test.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from vigie_industrie.programme import models, users
from vigie_industrie.programme.authz import Actor


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def audomarois(mirror) -> dict:
    """EPCI of ti-3212 phase 2, their communes and the population of each (mirror files)."""
    groupings = read_csv(mirror / "anct-territoires-industrie" / "ti_phase2_2023-2027_groupements.csv")
    epci = sorted(r["siren_groupement"] for r in groupings if r["id_ti"] == "ti-3212")
    communes = [r for r in read_csv(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv")
                if r["siren_epci"] in epci]
    epci_of = {r["code_commune"]: r["siren_epci"] for r in communes}
    # population légale of the latest millésime (2023), read from the INSEE long file of the mirror
    with gzip.open(mirror / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz",
                   "rt", encoding="utf-8") as f:
        pop = {r["code_commune"]: int(r["population_municipale"]) for r in csv.DictReader(f)
               if r["millesime_population"] == "2023" and r["code_commune"] in epci_of}
    assert len(pop) == len(epci_of), "une commune de l'Audomarois sans population 2023 dans le miroir"
    return {
        "epci": epci,
        "communes": sorted(epci_of),
        "population_2023": {e: sum(v for c, v in pop.items() if epci_of[c] == e) for e in epci},
    }


def make_user(store, email: str, role: str, **scope) -> Actor:
    with store.transaction() as session:
        user = models.User(email=email, nom=email.split("@")[0], role=role, password_hash="x", **scope)
        session.add(user)
        session.flush()
        return users.actor_of(user)


@pytest.fixture
def actors(store) -> dict[str, Actor]:
    return {
        "admin": make_user(store, "admin@test.invalid", "admin"),
        "epci": make_user(store, "epci@test.invalid", "epci", code_region="32", siren_epci="200069037"),
        "region": make_user(store, "region@test.invalid", "region", code_region="32"),
        "lecteur": make_user(store, "lecteur@test.invalid", "lecteur"),
        "anonyme": Actor.anonymous(),
    }


from cli_helpers import run  # noqa: E402,F401  (re-exported to this folder's tests)


def one_french_line(err: str, *words: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : ") and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


@pytest.fixture
def cli_store(tmp_path, sqlite_template, monkeypatch):
    """VIGIE_DATABASE_URL pointing at a fresh migrated SQLite store."""
    import shutil

    db = tmp_path / "vigie.db"
    shutil.copy(sqlite_template, db)
    monkeypatch.setenv("VIGIE_DATABASE_URL", f"sqlite:///{db}")
    return db


# --- API ---------------------------------------------------------------------------

API_ROLES = {
    "admin": dict(role="admin"),
    "epci": dict(role="epci", code_region="32", siren_epci="200069037"),
    "region": dict(role="region", code_region="32"),
    "lecteur": dict(role="lecteur"),
}


@pytest.fixture
def api(warehouse_path, tmp_path, sqlite_template):
    """(TestClient factory, store): the app on the mirror warehouse and a fresh SQLite store, one token per role."""
    import shutil

    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings
    from vigie_industrie.programme.db import Store

    db = tmp_path / "api.db"
    shutil.copy(sqlite_template, db)
    url = f"sqlite:///{db}"
    app = create_app(Settings(database_url=url, env="test", warehouse=warehouse_path))
    app.state.store = Store(url, migrate=False)
    tokens = {}
    with app.state.store.transaction() as session:
        for name, spec in API_ROLES.items():
            user = models.User(email=f"{name}@test.invalid", nom=name, password_hash="x", **spec)
            session.add(user)
            session.flush()
            tokens[name], _ = users.issue_token(session=session, user=user)

    def client(who: str | None = None) -> TestClient:
        c = TestClient(app)
        if who:
            c.headers["Authorization"] = f"Bearer {tokens[who]}"
        return c

    yield client
    app.state.store.dispose()
