"""Authorisation matrix: every role × every programme endpoint × own/other scope.

The expected status is written out here from the rights table of docs/programme.md,
independently of ``programme.authz``: a change of rule must change this table too.
"""

from __future__ import annotations

import pytest

from .conftest import create_row, payload

RESOURCES = ("contrats", "projets", "besoins", "financements", "missions", "copil")
ACTORS = ("anonyme", "lecteur", "admin", "region", "epci")
OPS = ("list", "get", "create", "update", "delete")
EPCI_WRITES = {"projets", "financements", "besoins"}
OK = {"list": 200, "get": 200, "create": 201, "update": 200, "delete": 204}


def expected(actor: str, resource: str, op: str, target: str) -> int:
    """The rights table. ``target`` is the scope of the row: own (region 32 / EPCI A) or other."""
    own = target == "own"
    if resource == "besoins":  # firm-level data: never public, invisible outside one's scope
        if actor == "anonyme":
            return 401
        if actor == "lecteur":
            return 403
        if op == "list":
            return 200  # filtered; contents checked in test_besoins_list_is_filtered
        if actor == "admin":
            return OK[op]
        if op == "create":
            return 201 if own else 403
        return OK[op] if own else 404
    if op in ("list", "get"):
        return 200  # programme data is public
    if actor == "anonyme":
        return 401
    if actor == "lecteur":
        return 403
    if actor == "admin":
        return OK[op]
    if actor == "epci" and resource not in EPCI_WRITES:
        return 403
    return OK[op] if own else 403


CASES = [(a, r, o, t) for r in RESOURCES for o in OPS for a in ACTORS for t in ("own", "other")]


@pytest.mark.parametrize(("actor", "resource", "op", "target"), CASES, ids=["-".join(c) for c in CASES])
def test_matrix(module_env, actor, resource, op, target):
    env = module_env
    client = env.client(actor)
    if op == "list":
        r = client.get(f"/api/v1/{resource}")
    elif op == "create":
        r = client.post(f"/api/v1/{resource}", json=payload(resource, target, env.store))
    else:
        row = create_row(env.store, resource, target)
        if op == "get":
            r = client.get(f"/api/v1/{resource}/{row.id}")
        elif op == "update":
            change = {"copil": {"decision": "Décision modifiée"}, "financements": {"montant_demande_eur": 5},
                      "besoins": {"urgence": "haute"}}.get(resource, {"intitule": "Modifié"} if resource in ("contrats", "missions") else {"titre": "Modifié"})
            r = client.patch(f"/api/v1/{resource}/{row.id}", json={"version": row.version, **change})
        else:
            r = client.delete(f"/api/v1/{resource}/{row.id}")
    want = expected(actor, resource, op, target)
    assert r.status_code == want, r.text
    if want >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"]


@pytest.mark.parametrize("actor", ["admin", "region", "region_autre", "epci", "epci_autre"])
def test_besoins_list_is_filtered(env, actor):
    own = create_row(env.store, "besoins", "own")
    other = create_row(env.store, "besoins", "other")
    ids = {b["id"] for b in env.client(actor).get("/api/v1/besoins").json()["items"]}
    want = {"admin": {own.id, other.id}, "region": {own.id}, "epci": {own.id},
            "region_autre": {other.id}, "epci_autre": {other.id}}[actor]
    assert ids == want


def test_firm_never_leaks_to_public(env):
    create_row(env.store, "besoins", "own", nom_entreprise="Entreprise Secrète test")
    for who in ("anonyme", "lecteur"):
        client = env.client(who)
        for url in ("/api/v1/besoins", "/api/v1/besoins/1", "/api/v1/programme/besoins-par-categorie",
                    "/api/v1/programme/export?type=besoins"):
            r = client.get(url)
            assert "Secrète" not in r.text and "552100554" not in r.text, url
    agg = env.client("lecteur").get("/api/v1/programme/besoins-par-categorie").json()
    assert agg == [{"territoire_id": "ti-3212", "phase": 2, "code_region": "32", "categorie": "foncier",
                    "nombre": 1, "ouverts": 1}]


@pytest.mark.parametrize(("actor", "status"), [("anonyme", 401), ("lecteur", 403), ("region", 403), ("epci", 403), ("admin", 200)])
def test_audit_journal_admin_only(env, actor, status):
    assert env.client(actor).get("/api/v1/programme/audit").status_code == status


def test_region_cannot_move_row_out_of_scope_by_epci(env):
    """An EPCI user cannot create a row for another EPCI even inside its own territory."""
    r = env.client("epci").post("/api/v1/projets", json=payload("projets", "own", siren_epci="200041754"))
    assert r.status_code == 403
    assert "200041754" in r.json()["detail"]
