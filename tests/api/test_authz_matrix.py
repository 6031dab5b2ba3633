"""Authorisation matrix: every role × every programme endpoint × own/other scope.

The expected status is written out here from the rights table of docs/programme.md,
independently of ``programme.authz``: a change of rule must change this table too.
"""

from __future__ import annotations

import pytest

from .conftest import create_row, payload, transmit

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
        if actor == "region":  # needs are entered by EPCI; rows made here are drafts, unseen by the région
            return 403 if op == "create" else 404
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
    draft = create_row(env.store, "besoins", "own")  # never transmitted: its EPCI's and the admins' only
    transmit(env.store, "besoins", own.id)
    transmit(env.store, "besoins", other.id)
    ids = {b["id"] for b in env.client(actor).get("/api/v1/besoins").json()["items"]}
    want = {"admin": {own.id, other.id, draft.id}, "region": {own.id}, "epci": {own.id, draft.id},
            "region_autre": {other.id}, "epci_autre": {other.id}}[actor]
    assert ids == want


def test_firm_never_leaks_to_public(env):
    row = create_row(env.store, "besoins", "own", nom_entreprise="Entreprise Secrète test")
    assert env.client("lecteur").get("/api/v1/programme/besoins-par-categorie").json() == []  # a draft is not counted
    transmit(env.store, "besoins", row.id)
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


PROGRAMME_GETS = {
    # path: expected status per actor (anonyme, lecteur, admin, region, epci)
    "/api/v1/programme/calendrier?region=32": (200, 200, 200, 200, 200),
    "/api/v1/programme/bloques?jours=0": (200, 200, 200, 200, 200),
    "/api/v1/programme/missions-ouvertes": (200, 200, 200, 200, 200),
    "/api/v1/programme/besoins-par-categorie": (200, 200, 200, 200, 200),
    "/api/v1/programme/territoires?region=32": (200, 200, 200, 200, 200),  # public, from the (synthetic) warehouse
    "/api/v1/programme/audit": (401, 403, 200, 403, 403),
    "/api/v1/programme/export?type=projets": (200, 200, 200, 200, 200),
    "/api/v1/programme/export?type=besoins": (401, 403, 200, 200, 200),
    "/api/v1/auth/moi": (401, 200, 200, 200, 200),
}
P_CASES = [(path, actor, status) for path, statuses in PROGRAMME_GETS.items() for actor, status in zip(ACTORS, statuses)]


@pytest.mark.parametrize(("path", "actor", "status"), P_CASES, ids=[f"{a}-{p}" for p, a, _ in P_CASES])
def test_programme_endpoints_matrix(module_env, path, actor, status):
    assert module_env.client(actor).get(path).status_code == status


IMPORT_CASES = [(actor, target) for actor in ACTORS for target in ("own", "other")]


@pytest.mark.parametrize(("actor", "target"), IMPORT_CASES, ids=["-".join(c) for c in IMPORT_CASES])
def test_import_matrix(module_env, actor, target):
    """Import (simulation) of one projet row: refused by role, or row rejected when out of scope."""
    p = payload("projets", target)
    csv_text = "territoire_id,phase,siren_epci,titre,enjeu\n" + ",".join(str(p[k]) for k in
                                                                        ("territoire_id", "phase", "siren_epci", "titre", "enjeu")) + "\n"
    r = module_env.client(actor).post("/api/v1/programme/import", params={"type": "projets", "simulation": True},
                                      files={"fichier": ("p.csv", csv_text.encode(), "text/csv")})
    if actor in ("anonyme", "lecteur"):
        assert r.status_code == {"anonyme": 401, "lecteur": 403}[actor]
        return
    assert r.status_code == 200
    accepted = actor == "admin" or target == "own"
    assert r.json()["acceptees"] == (1 if accepted else 0)


# --- rights tied to territories (issue 12 item 3) -------------------------------------------


def test_epci_user_cannot_file_a_need_under_another_regions_territory(env):
    """EPCI A (région 32) files a need under ti-8401 (région 84): refused, nothing visible anywhere."""
    r = env.client("epci").post("/api/v1/besoins", json=payload("besoins", "own", territoire_id="ti-8401"))
    assert r.status_code == 403, r.text
    assert "ti-8401" in r.json()["detail"] and "ti-3212" in r.json()["detail"]
    assert env.client("region_autre").get("/api/v1/besoins").json()["total"] == 0


def test_epci_user_writes_for_every_territory_containing_it(env):
    """EPCI A has communes in ti-3212 in both phases: it may write for either."""
    for phase in (1, 2):
        r = env.client("epci").post("/api/v1/projets", json=payload("projets", "own", phase=phase))
        assert r.status_code == 201, r.text


def test_region_user_cannot_create_a_project_for_another_regions_epci(env):
    r = env.client("region").post("/api/v1/projets", json=payload("projets", "own", siren_epci="246200513"))
    assert r.status_code == 403, r.text
    assert "région 84" in r.json()["detail"] and "région 32" in r.json()["detail"]
    assert env.client("epci_autre").get("/api/v1/projets").json()["total"] == 0


@pytest.mark.parametrize("who", ["admin", "region"])
def test_la_poste_is_not_an_epci(env, who):
    r = env.client(who).post("/api/v1/projets", json=payload("projets", "own", siren_epci="356000000"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "356000000" in r.json()["detail"] and "EPCI" in r.json()["detail"]


def test_epci_must_have_communes_in_the_territory(env):
    r = env.client("admin").post("/api/v1/besoins", json=payload("besoins", "own", siren_epci="246200513"))
    assert r.status_code == 422, r.text
    assert "246200513" in r.json()["detail"] and "ti-3212" in r.json()["detail"]


def test_copil_territories_must_exist(env):
    r = env.client("region").post("/api/v1/copil", json=payload("copil", "own", territoires=["ti-3200"]))
    assert r.status_code == 422 and "ti-3200" in r.json()["detail"]


def test_scoped_writes_refused_without_a_warehouse(database_url, tmp_path):
    """No warehouse, nothing to check the territories against: region and epci writes fail closed."""
    from .conftest import Env, make_app, seed_users

    app = make_app(database_url, tmp_path=tmp_path)
    e = Env(app=app, store=app.state.store)
    e.tokens = seed_users(e.store)
    for who in ("region", "epci"):
        r = e.client(who).post("/api/v1/projets", json=payload("projets", "own"))
        assert r.status_code == 503 and "entrepôt" in r.json()["detail"].lower(), r.text
    assert e.client("admin").post("/api/v1/projets", json=payload("projets", "own")).status_code == 201


def test_import_rows_outside_the_epcis_territories_are_rejected(env):
    csv_text = ("territoire_id,phase,siren_epci,titre,enjeu\n"
                "ti-3212,2,200072460,Projet test,innover\n"
                "ti-8401,2,200072460,Projet test ailleurs,innover\n")
    r = env.client("epci").post("/api/v1/programme/import", params={"type": "projets", "simulation": True},
                                files={"fichier": ("p.csv", csv_text.encode(), "text/csv")})
    assert r.status_code == 200
    assert [x["ligne"] for x in r.json()["rejetees"]] == [3] and "ti-8401" in r.json()["rejetees"][0]["erreurs"][0]
