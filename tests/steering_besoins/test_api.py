"""The API of the workflow: actions, batches, visibility, filters, public counts, French problems."""

from __future__ import annotations

import pytest

from tests.api.conftest import SIREN_FIRM

PATHS = {"besoins": "/api/v1/besoins", "projets_a_venir": "/api/v1/projets-a-venir"}


def body(resource: str, scope: str = "own", **extra) -> dict:
    own = scope == "own"
    base = {"territoire_id": "ti-3212" if own else "ti-8401", "phase": 2,
            "siren_epci": "200072460" if own else "246200513"}
    if resource == "besoins":
        base.update(siren_entreprise=SIREN_FIRM, nom_entreprise="Entreprise test", categorie="foncier",
                    date_collecte="2025-01-15")
    else:
        base.update(porteur="Porteur test", nature="extension")
    base.update(extra)
    return base


def post(env, who, resource, scope="own", **extra) -> dict:
    r = env.client(who).post(PATHS[resource], json=body(resource, scope, **extra))
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.parametrize("resource", list(PATHS))
def test_workflow_through_the_api(web_env, resource):
    path = PATHS[resource]
    created = post(web_env, "epci", resource)
    ident = created["id"]
    assert created["statut"] == "brouillon" and [e["statut"] for e in created["etapes"]] == ["brouillon"]
    region = web_env.client("region")
    assert region.get(path).json()["total"] == 0
    assert region.get(f"{path}/{ident}").status_code == 404
    r = web_env.client("epci").post(f"{path}/transmettre", json={"ids": [ident]})
    assert r.status_code == 200 and r.json()[0]["statut"] == "transmis"
    assert region.get(path, params={"statut": "transmis"}).json()["total"] == 1
    for action, payload, statut in (("accuser", {}, "accuse"), ("assigner", {"assigne_a": "Service test"}, "assigne"),
                                    ("repondre", {"reponse": "Réponse test"}, "repondu"), ("clore", {"note": "fin"}, "clos")):
        r = region.post(f"{path}/{ident}/{action}", json=payload)
        assert r.status_code == 200, r.text
        assert r.json()["statut"] == statut
    final = region.get(f"{path}/{ident}").json()
    assert [e["statut"] for e in final["etapes"]] == ["brouillon", "transmis", "accuse", "assigne", "repondu", "clos"]
    assert final["assigne_a"] == "Service test" and final["reponse"] == "Réponse test"
    audit = web_env.client("admin").get("/api/v1/programme/audit", params={"entity_id": ident}).json()
    assert {e["action"] for e in audit if e["entity"] == resource} >= {"create", "transmettre", "accuser", "clore"}


@pytest.mark.parametrize("resource", list(PATHS))
def test_refusals_are_french_problems(web_env, resource):
    path = PATHS[resource]
    ident = post(web_env, "epci", resource)["id"]
    cases = [
        ("anonyme", "post", f"{path}/transmettre", {"ids": [ident]}, 401),
        ("lecteur", "post", f"{path}/transmettre", {"ids": [ident]}, 403),
        ("lecteur", "get", path, None, 403),
        ("region", "post", f"{path}/transmettre", {"ids": [ident]}, 404),  # a draft does not exist for a région
        ("epci_autre", "post", f"{path}/transmettre", {"ids": [ident]}, 404),
        ("region", "post", path, body(resource), 403),
        ("epci", "post", f"{path}/{ident}/accuser", {}, 403),
        ("epci", "post", f"{path}/transmettre", {"ids": []}, 422),
        ("region", "post", f"{path}/{ident}/assigner", {"assigne_a": ""}, 422),
    ]
    for who, method, url, payload, status in cases:
        client = web_env.client(who)
        r = client.get(url) if method == "get" else client.post(url, json=payload)
        assert r.status_code == status, (who, url, r.text)
        assert r.headers["content-type"].startswith("application/problem+json") and r.json()["detail"]
    web_env.client("epci").post(f"{path}/transmettre", json={"ids": [ident]})
    r = web_env.client("epci").post(f"{path}/transmettre", json={"ids": [ident]})
    assert r.status_code == 409 and "transmis à la région" in r.json()["detail"]
    r = web_env.client("epci").patch(f"{path}/{ident}", json={"version": 2, "description": "après coup"})
    assert r.status_code == 409 and "figé" in r.json()["detail"]


def test_batch_names_the_refused_id(web_env):
    a = post(web_env, "epci", "besoins")["id"]
    foreign = post(web_env, "epci_autre", "besoins", "other")["id"]
    r = web_env.client("epci").post("/api/v1/besoins/transmettre", json={"ids": [a, foreign]})
    assert r.status_code == 404 and f"besoin {foreign} refusé" in r.json()["detail"]
    assert web_env.client("epci").get(f"/api/v1/besoins/{a}").json()["statut"] == "brouillon"


def test_invalid_siren_is_a_french_422(web_env):
    r = web_env.client("epci").post("/api/v1/besoins", json=body("besoins", siren_entreprise="552100555"))
    assert r.status_code == 422 and "siren_entreprise" in r.json()["detail"] and "clé de contrôle" in r.json()["detail"]


def test_public_counts_only_transmitted_and_no_firm(web_env):
    a = post(web_env, "epci", "besoins", nom_entreprise="Entreprise Secrète test")["id"]
    post(web_env, "epci", "besoins", categorie="habitat")  # stays a draft: not counted
    p = post(web_env, "epci", "projets_a_venir", porteur="Porteur Secret test")["id"]
    for path, ident in (("besoins", a), ("projets-a-venir", p)):
        web_env.client("epci").post(f"/api/v1/{path}/transmettre", json={"ids": [ident]})
    lecteur = web_env.client("lecteur")
    counts = lecteur.get("/api/v1/programme/besoins-par-categorie").json()
    assert counts == [{"territoire_id": "ti-3212", "phase": 2, "code_region": "32", "categorie": "foncier",
                       "nombre": 1, "ouverts": 1}]
    natures = lecteur.get("/api/v1/programme/projets-a-venir-par-nature", params={"region": "32"})
    assert natures.json() == [{"territoire_id": "ti-3212", "phase": 2, "code_region": "32", "nature": "extension",
                               "nombre": 1, "ouverts": 1}]
    assert "Secr" not in natures.text and "Secr" not in lecteur.get("/api/v1/programme/besoins-par-categorie").text


def test_projets_a_venir_in_audit_and_export(web_env):
    draft = post(web_env, "epci", "projets_a_venir")["id"]
    sent = post(web_env, "epci", "projets_a_venir", porteur="Porteur transmis")["id"]
    web_env.client("epci").post("/api/v1/projets-a-venir/transmettre", json={"ids": [sent]})
    journal = web_env.client("admin").get("/api/v1/programme/audit", params={"entity": "projets_a_venir"}).json()
    assert {(e["action"], e["entity_id"]) for e in journal} == {("create", draft), ("create", sent), ("transmettre", sent)}
    params = {"type": "projets_a_venir", "format": "csv"}
    assert web_env.client("lecteur").get("/api/v1/programme/export", params=params).status_code == 403
    csv_text = web_env.client("region").get("/api/v1/programme/export", params=params).text
    assert "Porteur transmis" in csv_text and len(csv_text.strip().splitlines()) == 2  # header + the transmitted one
