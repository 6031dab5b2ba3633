"""API fixtures: an app on a test database, users of every role with bearer tokens.

Scopes used throughout (synthetic test values): region 32 with EPCI A (200072460) in
ti-3212 is "own"; region 84 with EPCI B (246200513) in ti-8401 is "other".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pytest
from fastapi.testclient import TestClient

from vigie_industrie.api.app import create_app
from vigie_industrie.config import Settings
from vigie_industrie.programme import crud, models, users
from vigie_industrie.programme.authz import Actor
from vigie_industrie.programme.db import Store

TODAY = date(2025, 6, 30)
EPCI_A, EPCI_B = "200072460", "246200513"
SIREN_FIRM = "552100554"
PASSWORD = "mot-de-passe-de-test-1"
ROLES = {
    "admin": dict(role="admin"),
    "region": dict(role="region", code_region="32"),
    "region_autre": dict(role="region", code_region="84"),
    "epci": dict(role="epci", code_region="32", siren_epci=EPCI_A),
    "epci_autre": dict(role="epci", code_region="84", siren_epci=EPCI_B),
    "lecteur": dict(role="lecteur"),
}
SCOPES = {
    "own": dict(territoire_id="ti-3212", phase=2, siren_epci=EPCI_A, code_region="32"),
    "other": dict(territoire_id="ti-8401", phase=2, siren_epci=EPCI_B, code_region="84"),
}


@lru_cache
def password_hash() -> str:
    from vigie_industrie.programme import security

    return security.hash_password(PASSWORD)


def make_app(database_url: str, warehouse=None, tmp_path=None):
    settings = Settings(database_url=database_url, env="test",
                        warehouse=warehouse if warehouse is not None else (tmp_path or "/nonexistent") / "absent.duckdb")
    app = create_app(settings)
    app.state.store = Store(database_url, migrate=False)
    app.state.clock = lambda: TODAY
    return app


@dataclass
class Env:
    app: object
    store: Store
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, who: str | None = None) -> TestClient:
        c = TestClient(self.app, raise_server_exceptions=True)
        if who and who != "anonyme":
            c.headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return c

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anonyme" else {"Authorization": f"Bearer {self.tokens[who]}"}


def seed_users(store: Store) -> dict[str, str]:
    tokens = {}
    with store.transaction() as session:
        for name, spec in ROLES.items():
            user = models.User(email=f"{name}@test.invalid", nom=name, password_hash=password_hash(), **spec)
            session.add(user)
            session.flush()
            tokens[name], _ = users.issue_token(session=session, user=user)
    return tokens


def payload(resource: str, scope: str = "own", store: Store | None = None, **extra) -> dict:
    """A valid Create payload for ``resource`` in the given scope (synthetic values)."""
    s = SCOPES[scope]
    base = {"territoire_id": s["territoire_id"], "phase": s["phase"]}
    if resource == "contrats":
        p = {**base, "intitule": "Contrat test", "statut": "en_preparation", "signataires": ["Préfet (test)"]}
    elif resource == "projets":
        p = {**base, "siren_epci": s["siren_epci"], "titre": "Projet test", "enjeu": "innover"}
    elif resource == "besoins":
        p = {**base, "siren_epci": s["siren_epci"], "siren_entreprise": SIREN_FIRM, "nom_entreprise": "Entreprise test",
             "categorie": "foncier", "date_collecte": "2025-01-15"}
    elif resource == "projets_a_venir":
        p = {**base, "siren_epci": s["siren_epci"], "porteur": "Porteur test", "nature": "extension"}
    elif resource == "financements":
        p = {"projet_id": create_row(store, "projets", scope).id, "dispositif": "france_2030", "montant_demande_eur": 100000}
    elif resource == "missions":
        p = {**base, "intitule": "Mission test", "date_debut": "2025-01-01", "duree_jours": 145}
    elif resource == "copil":
        p = {"code_region": s["code_region"], "date_copil": "2025-03-01", "decision": "Décision test",
             "territoires": [s["territoire_id"]]}
    else:  # pragma: no cover
        raise KeyError(resource)
    p.update(extra)
    if resource == "contrats" and store is not None and "territoire_id" not in extra:
        free = _free_contrat(store, crud.RESOURCES["contrats"].create.model_validate(p))
        p.update(territoire_id=free.territoire_id, phase=free.phase)
    return p


def create_row(store: Store, resource: str, scope: str = "own", **extra):
    """Insert a row as the national admin (bypassing the API)."""
    data = crud.RESOURCES[resource].create.model_validate(payload(resource, scope, store, **extra))
    with store.transaction() as session:
        return crud.create(session=session, resource=resource, data=data, actor=Actor.system("test"))




def transmit(store: Store, resource: str, ident: int) -> None:
    """Pass a draft besoin / projet à venir to its région (as the national admin): a région sees it then."""
    from vigie_industrie.programme import transmission

    with store.transaction() as session:
        transmission.apply(session=session, resource=resource, ids=[ident], action="transmettre",
                           actor=Actor.system("test"))


def _free_contrat(store, data):
    from sqlalchemy import select

    with store.session() as session:
        taken = set(session.execute(select(models.Contrat.territoire_id, models.Contrat.phase)).all())
    region = data.territoire_id[3:5]
    for n in range(1, 100):
        for phase in (1, 2):
            tid = f"ti-{region}{n:02d}"
            if (tid, phase) not in taken:
                return data.model_copy(update={"territoire_id": tid, "phase": phase})
    raise RuntimeError("no free contract slot")


@pytest.fixture
def env(database_url, rights_warehouse) -> Env:
    app = make_app(database_url, warehouse=rights_warehouse)
    e = Env(app=app, store=app.state.store)
    e.tokens = seed_users(e.store)
    return e


@pytest.fixture(scope="module")
def module_env(module_database_url, rights_warehouse) -> Env:
    app = make_app(module_database_url, warehouse=rights_warehouse)
    e = Env(app=app, store=app.state.store)
    e.tokens = seed_users(e.store)
    return e
