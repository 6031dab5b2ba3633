"""The screens: sign-in, account, sign-out; need form, list, batch, région steps; refusals."""

from __future__ import annotations

import re

import pytest

from .conftest import ORIGIN, SIREN_FIRM, page_ids, signed_in

FORM = {"territoire": "ti-3212|2", "siren_entreprise": SIREN_FIRM, "nom_entreprise": "Fonderie test",
        "categorie": "foncier", "urgence": "haute", "description": "Deux hectares", "contact": "M. Test",
        "date_collecte": "2025-01-15"}


def new_need(client, **extra) -> int:
    r = client.post("/besoins", data={**FORM, **extra}, headers=ORIGIN, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(re.search(r"/besoins/(\d+)", r.headers["location"]).group(1))


def test_sign_in_account_sign_out(web_env):
    from fastapi.testclient import TestClient

    from tests.api.conftest import PASSWORD

    c = TestClient(web_env.app)
    assert c.get("/compte", follow_redirects=False).headers["location"] == "/connexion?suivant=/compte"
    r = c.post("/connexion", data={"email": "epci@test.invalid", "password": "faux", "suivant": "/besoins"})
    assert r.status_code == 401 and "mot de passe" in r.text.lower() and 'value="epci@test.invalid"' in r.text
    r = c.post("/connexion", data={"email": "epci@test.invalid", "password": PASSWORD, "suivant": "//evil.example"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/compte"  # never off-site
    page = c.get("/compte").text
    assert "epci@test.invalid" in page and "EPCI test A" in page and "ti-3212" in page and "Mon compte" in page
    assert c.post("/deconnexion", headers=ORIGIN, follow_redirects=False).status_code == 303
    assert c.get("/compte", follow_redirects=False).status_code == 303
    assert "Se connecter" in c.get("/connexion").text


def test_sign_in_is_rate_limited_like_the_api(web_env):
    from fastapi.testclient import TestClient

    c = TestClient(web_env.app)
    codes = [c.post("/connexion", data={"email": "region@test.invalid", "password": "faux"}).status_code
             for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    assert "Trop de tentatives" in c.post("/connexion", data={"email": "x@test.invalid", "password": "y"}).text


def test_invalid_siren_beside_the_field_then_corrected(web_env):
    c = signed_in(web_env, "epci")
    form = c.get("/besoins/nouveau").text
    assert "avis-confidentialite" in form and "ti-3212 (phase 2)" in form
    r = c.post("/besoins", data={**FORM, "siren_entreprise": "552100555"}, headers=ORIGIN)
    assert r.status_code == 422
    group = re.search(r'<div class="[^"]*" id="groupe-siren_entreprise">.*?</div>', r.text, re.S).group(0)
    assert "fr-input-group--error" in group and "clé de contrôle" in group and 'value="552100555"' in group
    assert 'value="Deux hectares"' not in r.text and "Deux hectares" in r.text  # the textarea keeps the input
    ident = new_need(c)
    page = c.get(f"/besoins/{ident}?fait=creer").text
    assert "Fonderie test" in page and '<li data-statut="brouillon"><strong>Brouillon</strong> le ' in page and "Enregistré comme brouillon" in page


def test_batch_transmission_then_region_steps(web_env):
    epci, region = signed_in(web_env, "epci"), signed_in(web_env, "region")
    a, b = new_need(epci), new_need(epci, categorie="habitat")
    assert page_ids(region.get("/besoins").text) == []
    assert region.get(f"/besoins/{a}").status_code == 404
    r = epci.post("/besoins/transmettre", data={"ids": [a, b]}, headers=ORIGIN, follow_redirects=False)
    assert r.status_code == 303 and "n=2" in r.headers["location"]
    assert sorted(page_ids(region.get("/besoins?statut=transmis").text)) == [a, b]
    for action, data in (("accuser", {"note": "Reçu"}), ("assigner", {"assigne_a": "Service foncier"}),
                         ("repondre", {"reponse": "Deux terrains proposés"}), ("clore", {})):
        r = region.post(f"/besoins/{a}/{action}", data=data, headers=ORIGIN, follow_redirects=False)
        assert r.status_code == 303, r.text
    page = region.get(f"/besoins/{a}").text
    steps = re.findall(r'<li data-statut="(\w+)">', page)
    assert steps == ["brouillon", "transmis", "accuse", "assigne", "repondu", "clos"]
    assert "Service foncier" in page and "Deux terrains proposés" in page
    r = region.post(f"/besoins/{b}/repondre", data={"reponse": "Trop tôt"}, headers=ORIGIN)
    assert r.status_code == 409 and "réception accusée" in r.text  # answering needs the acknowledgement first


def test_batch_with_a_foreign_id_transmits_nothing(web_env):
    epci, autre = signed_in(web_env, "epci"), signed_in(web_env, "epci_autre")
    a = new_need(epci)
    foreign = new_need(autre, territoire="ti-8401|2")
    r = epci.post("/besoins/transmettre", data={"ids": [a, foreign]}, headers=ORIGIN)
    assert r.status_code == 404 and f"besoin {foreign} refusé" in r.text and "Rien n&#39;a été fait" in r.text
    assert 'data-statut="brouillon"' in epci.get("/besoins").text


@pytest.mark.parametrize("who, status, words", [("lecteur", 403, "lecteur"), ("epci_autre", 404, "introuvable"),
                                                ("region_autre", 404, "introuvable")])
def test_others_never_see_the_need(web_env, who, status, words):
    epci = signed_in(web_env, "epci")
    ident = new_need(epci)
    epci.post("/besoins/transmettre", data={"ids": [ident]}, headers=ORIGIN)
    other = signed_in(web_env, who)
    r = other.get(f"/besoins/{ident}")
    assert r.status_code == status and words in r.text and "Fonderie test" not in r.text
    listing = other.get("/besoins")
    assert "Fonderie test" not in listing.text and ident not in page_ids(listing.text)
    assert other.get(f"/api/v1/besoins/{ident}").status_code == status


def test_region_cannot_enter_a_need(web_env):
    r = signed_in(web_env, "region").get("/besoins/nouveau")
    assert r.status_code == 403 and "EPCI" in r.text


def test_cross_origin_form_is_refused(web_env):
    epci = signed_in(web_env, "epci")
    ident = new_need(epci)
    r = epci.post("/besoins/transmettre", data={"ids": [ident]}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "origine" in r.json()["detail"]
    assert 'data-statut="brouillon"' in epci.get(f"/besoins/{ident}").text


def test_projets_a_venir_screens(web_env):
    epci, region = signed_in(web_env, "epci"), signed_in(web_env, "region")
    data = {"territoire": "ti-3212|2", "porteur": "Porteur test", "nature": "extension", "emplois_prevus": "",
            "investissement_eur": "", "confidentialite": "confidentiel", "code_commune": "6290"}
    r = epci.post("/projets-a-venir", data=data, headers=ORIGIN)
    assert r.status_code == 422 and 'id="erreur-code_commune"' in r.text
    r = epci.post("/projets-a-venir", data={**data, "code_commune": "62901"}, headers=ORIGIN, follow_redirects=False)
    ident = int(r.headers["location"].split("/")[-1].split("?")[0])
    api = epci.get(f"/api/v1/projets-a-venir/{ident}").json()
    assert api["emplois_prevus"] is None and api["investissement_eur"] is None  # unknown stays null, never 0
    epci.post("/projets-a-venir/transmettre", data={"ids": [ident]}, headers=ORIGIN)
    assert page_ids(region.get("/projets-a-venir").text) == [ident]
    assert region.post(f"/projets-a-venir/{ident}/accuser", data={}, headers=ORIGIN,
                       follow_redirects=False).status_code == 303


def test_firm_name_from_sirene_beside_the_field(database_url, sirene_warehouse):
    from tests.api.conftest import Env, make_app, seed_users

    app = make_app(database_url, warehouse=sirene_warehouse)
    env = Env(app=app, store=app.state.store)
    env.tokens = seed_users(env.store)
    c = signed_in(env, "epci")
    r = c.post("/besoins", data={**FORM, "nom_entreprise": "", "date_collecte": ""}, headers=ORIGIN)
    assert r.status_code == 422 and 'id="erreur-date_collecte"' in r.text
    assert re.search(r'id="trouve-siren_entreprise">[^<]*Fonderie test du Béthunois', r.text)
    r = c.post("/besoins", data={**FORM, "siren_entreprise": "732829320"}, headers=ORIGIN)
    assert r.status_code == 422
    assert re.search(r'id="erreur-siren_entreprise">[^<]*732829320[^<]*Sirene', r.text)
    ident = new_need(c, nom_entreprise="")
    assert "Fonderie test du Béthunois" in c.get(f"/besoins/{ident}").text
