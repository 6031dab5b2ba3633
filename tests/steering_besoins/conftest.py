"""Fixtures of the besoins / projets à venir workflow tests: actors of every role, a store, rows.

Scopes are the synthetic ones of tests/api/conftest.py: région 32 with EPCI A (200072460) in
ti-3212 is "own"; région 84 with EPCI B (246200513) in ti-8401 is "other".
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from vigie_industrie.programme import crud, territorial
from vigie_industrie.programme.authz import Actor

EPCI_A, EPCI_A2, EPCI_B = "200072460", "200041754", "246200513"
SIREN_FIRM = "552100554"
ACTORS = {
    "admin": Actor("admin@test.invalid", "admin", user_id=1),
    "region": Actor("region@test.invalid", "region", code_region="32", user_id=2),
    "region_autre": Actor("region84@test.invalid", "region", code_region="84", user_id=3),
    "epci": Actor("epci@test.invalid", "epci", code_region="32", siren_epci=EPCI_A, user_id=4),
    "epci_voisin": Actor("epci2@test.invalid", "epci", code_region="32", siren_epci=EPCI_A2, user_id=5),
    "epci_autre": Actor("epci84@test.invalid", "epci", code_region="84", siren_epci=EPCI_B, user_id=6),
    "lecteur": Actor("lecteur@test.invalid", "lecteur", user_id=7),
}


def besoin_payload(**extra) -> dict:
    p = {"territoire_id": "ti-3212", "phase": 2, "siren_epci": EPCI_A, "siren_entreprise": SIREN_FIRM,
         "nom_entreprise": "Entreprise test", "categorie": "foncier", "description": "Terrain de 2 ha",
         "urgence": "haute", "contact": "Mme Test, 03 00 00 00 00", "date_collecte": date(2025, 1, 15)}
    p.update(extra)
    return p


def projet_payload(**extra) -> dict:
    p = {"territoire_id": "ti-3212", "phase": 2, "siren_epci": EPCI_A, "porteur": "Porteur test",
         "nature": "extension", "code_commune": "62901", "emplois_prevus": 40, "horizon": "1_3_ans"}
    p.update(extra)
    return p


PAYLOADS = {"besoins": besoin_payload, "projets_a_venir": projet_payload}


def create(store, warehouse, resource: str, actor: str = "epci", **extra):
    """Create through the store's own path (rights, territories, Sirene, first step)."""
    spec = crud.RESOURCES[resource]
    data = spec.create.model_validate(PAYLOADS[resource](**extra))
    with store.transaction() as session:
        values = {**data.model_dump(), **crud.scope_of(session, resource, data)}
        facts = territorial.load_facts(warehouse, [values], ACTORS[actor])
        row = crud.create(session=session, resource=resource, data=data, actor=ACTORS[actor], facts=facts)
        return row.id


@pytest.fixture
def sirene_warehouse(rights_warehouse, tmp_path):
    """The rights warehouse plus a two-firm Sirene stock (synthetic rows, not official data)."""
    import duckdb

    from vigie_industrie.sources import sirene_stock

    path = tmp_path / "warehouse-sirene.duckdb"
    shutil.copy(rights_warehouse, path)
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute(f"create table {sirene_stock.DEFAULT_TABLE}(siret varchar, siren varchar, denomination varchar, "
                "is_siege boolean, etat_administratif varchar)")
    con.executemany(f"insert into {sirene_stock.DEFAULT_TABLE} values (?, ?, ?, ?, ?)", [
        ("55210055400013", SIREN_FIRM, "Établissement secondaire test", False, "A"),
        ("55210055400021", SIREN_FIRM, "Fonderie test du Béthunois", True, "A"),
        ("35600000000048", "356000000", None, True, "A"),
    ])
    con.close()
    return path


# --- the app, with users of every role (tests/api/conftest.py's) ----------------------------


@pytest.fixture
def web_env(database_url, rights_warehouse):
    from tests.api.conftest import Env, make_app, seed_users

    app = make_app(database_url, warehouse=rights_warehouse)
    env = Env(app=app, store=app.state.store)
    env.tokens = seed_users(env.store)
    return env


ORIGIN = {"Origin": "http://testserver"}


def signed_in(env, who: str):
    """A TestClient carrying the web session cookie of ``who`` (signed in through the API)."""
    from fastapi.testclient import TestClient

    from tests.api.conftest import PASSWORD

    client = TestClient(env.app)
    r = client.post("/api/v1/auth/token", json={"email": f"{who}@test.invalid", "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client


def page_ids(html: str) -> list[int]:
    import re

    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', html)]
