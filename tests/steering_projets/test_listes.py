"""API and screens of issue 14 give the same lists for the same filters (projects board, blocked
projects, missions); filters by région, territory and EPCI; mission wording; rights on the forms."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from .conftest import create_row

EPCI_A, EPCI_A2, EPCI_B = "200072460", "200041754", "246200513"


def _seed(store):
    """Projects in two régions, two EPCI of région 32, two territories; blocked since known dates."""
    p = {}
    p["vieux"] = create_row(store, "projets", "own", titre="Friche bloquée", points_blocage=[
        {"nature": "foncier", "acteur": "EPF", "depuis": "2025-01-01"},
        {"nature": "raccordement_energie", "acteur": "RTE", "depuis": "2025-04-01"}])
    p["a2"] = create_row(store, "projets", "own", titre="Extension A2", siren_epci=EPCI_A2, statut="instruction",
                         points_blocage=[{"nature": "autorisation_icpe", "acteur": "DREAL", "depuis": "2025-02-15"}])
    p["recent"] = create_row(store, "projets", "own", titre="Bloqué récemment", territoire_id="ti-3205",
                             points_blocage=[{"nature": "recrutement", "acteur": "France Travail", "depuis": "2025-06-20"}])
    p["leve"] = create_row(store, "projets", "own", titre="Débloqué", statut="finance", points_blocage=[
        {"nature": "financement", "acteur": "Région", "depuis": "2024-01-01", "leve_le": "2024-03-01"}])
    p["ailleurs"] = create_row(store, "projets", "other", titre="Ailleurs", points_blocage=[
        {"nature": "infrastructure", "acteur": "Département", "depuis": "2024-12-01"}])
    return p


FILTERS = [
    {},
    {"region": "32"},
    {"region": "84"},
    {"territoire_id": "ti-3212"},
    {"territoire_id": "ti-3205", "jours": "5"},
    {"siren_epci": EPCI_A2},
    {"region": "32", "siren_epci": EPCI_A, "jours": "100"},
]


def _ids(html: str, selector: str) -> list[int]:
    return [int(n.attributes["data-projet"]) for n in LexborHTMLParser(html).css(selector)]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()) or "tous")
def test_board_and_blocked_same_on_api_and_screen(env, filters):
    _seed(env.store)
    client = env.client("region")
    api_params = {k: v for k, v in filters.items() if k != "jours"}
    jours = int(filters.get("jours", 30))
    board = client.get("/api/v1/programme/projets-par-statut", params=api_params).json()
    blocked = client.get("/api/v1/programme/projets-bloques", params={**api_params, "jours": jours}).json()
    assert blocked == client.get("/api/v1/programme/bloques", params={**api_params, "jours": jours}).json()
    page = client.get("/pilotage/projets", params=filters)
    assert page.status_code == 200
    assert _ids(page.text, "#projets-bloques tr[data-projet]") == [b["projet_id"] for b in blocked]
    screen_board = {n.attributes["data-statut"]: _ids(n.html, "li[data-projet]")
                    for n in LexborHTMLParser(page.text).css(".vigie-colonne-statut")}
    assert screen_board == {c["statut"]: [p["projet_id"] for p in c["projets"]] for c in board}


def test_blocked_figures_recomputed(env):
    p = _seed(env.store)
    rows = env.client().get("/api/v1/programme/projets-bloques", params={"jours": 30}).json()
    # TODAY 2025-06-30: 1 Jan → 180 days, 15 Feb → 135, 1 Dec 2024 → 211; 20 June (10 days) is under the threshold
    assert [(r["projet_id"], r["jours_bloque"]) for r in rows] == [
        (p["ailleurs"].id, 211), (p["vieux"].id, 180), (p["a2"].id, 135)]
    assert [b["nature"] for b in rows[1]["points_blocage"]] == ["foncier", "raccordement_energie"]
    only_a2 = env.client().get("/api/v1/programme/projets-bloques", params={"siren_epci": EPCI_A2, "jours": 0}).json()
    assert [r["projet_id"] for r in only_a2] == [p["a2"].id]
    bad = env.client().get("/api/v1/programme/projets-bloques", params={"siren_epci": "200072461"})
    assert bad.status_code == 422 and "siren_epci" in bad.json()["detail"]


def test_screen_filter_error_beside_the_field(env):
    r = env.client().get("/pilotage/projets", params={"territoire_id": "ti-9912"})
    assert r.status_code == 422
    err = LexborHTMLParser(r.text).css_first("#erreur-territoire_id")
    assert err is not None and "région 99" in err.text()


@pytest.mark.parametrize("filters", [{}, {"code_region": "32"}, {"code_region": "84"}, {"territoire_id": "ti-3212"},
                                     {"statut": "close"}, {"statut": "ouverte", "code_region": "32"}])
def test_missions_same_on_api_and_screen(env, filters):
    p = _seed(env.store)
    create_row(env.store, "missions", "own", intitule="Béthune 145 j", date_debut="2025-03-01", duree_jours=145,
               projet_ids=[p["vieux"].id, p["a2"].id])
    create_row(env.store, "missions", "own", intitule="Ancienne", date_debut="2024-01-01", duree_jours=30)
    create_row(env.store, "missions", "own", intitule="Close", date_debut="2024-02-01", duree_jours=30,
               rapport_cloture="Bilan.", date_cloture="2024-03-01")
    create_row(env.store, "missions", "other", intitule="Ailleurs", date_debut="2025-06-01", duree_jours=10)
    api = env.client().get("/api/v1/missions", params={**filters, "tri": "date_debut", "limit": 500}).json()["items"]
    page = env.client().get("/pilotage/missions", params=filters)
    rows = LexborHTMLParser(page.text).css("#table-missions tr[data-mission]")
    assert [int(r.attributes["data-mission"]) for r in rows] == [m["id"] for m in api]
    assert [r.css_first(".vigie-etat-mission").text() for r in rows] == [m["delai"] for m in api]


def test_mission_wording_api_and_screen(env):
    """145 days from 1 March 2025: 24 days left on 30 June; 297 days late on 17 May 2026 (app clock)."""
    from datetime import date

    p = _seed(env.store)
    m = create_row(env.store, "missions", "own", intitule="Béthune", date_debut="2025-03-01", duree_jours=145,
                   projet_ids=[p["vieux"].id, p["leve"].id])
    body = env.client().get(f"/api/v1/missions/{m.id}").json()
    assert (body["delai"], body["etat"], body["jours_restants"], body["retard_jours"]) == ("24 j restants", "en_cours", 24, 0)
    suivi = env.client().get(f"/api/v1/programme/missions/{m.id}/suivi").json()
    assert [c["projet_id"] for c in suivi["projets"]] == [p["vieux"].id, p["leve"].id]
    assert [c["projet_id"] for c in suivi["encore_bloque"]] == [p["vieux"].id]
    env.app.state.clock = lambda: date(2026, 5, 17)
    late = env.client().get("/api/v1/programme/missions-ouvertes").json()[0]
    assert (late["delai"], late["retard_jours"], late["jours_restants"]) == ("en retard de 297 j", 297, 0)
    page = env.client().get(f"/pilotage/missions/{m.id}").text
    assert "en retard de 297 j" in page and "restants" not in LexborHTMLParser(page).css_first("#etat-mission").text()
    assert _ids(page, "#encore-bloque tr[data-projet]") == [p["vieux"].id]


def test_region_user_cannot_create_outside_its_region(env):
    form = {"territoire_id": "ti-8401", "phase": "2", "siren_epci": EPCI_B, "titre": "Hors région", "enjeu": "innover"}
    r = env.client("region").post("/pilotage/projets/nouveau", data=form, follow_redirects=False)
    assert r.status_code == 403
    alert = LexborHTMLParser(r.text).css_first("#erreurs-formulaire").text()
    assert "la région 84" in alert and "la région 32" in alert  # the store's own sentence
    assert LexborHTMLParser(r.text).css_first("#champ-titre").attributes["value"] == "Hors région"  # input kept
    api = env.client("region").post("/api/v1/projets", json={**form, "phase": 2})
    assert api.status_code == 403 and api.json()["detail"] in alert
    assert env.client().get("/api/v1/projets", params={"titre": "x"}).json()["total"] == 0


def test_project_form_errors_beside_fields_then_success(env):
    client = env.client("region")
    bad = {"territoire_id": "ti-3212", "phase": "2", "siren_epci": "200072461", "titre": "Usine", "enjeu": "innover",
           "point_nature": "foncier", "point_depuis": "2025-02-01"}
    r = client.post("/pilotage/projets/nouveau", data=bad, follow_redirects=False)
    assert r.status_code == 422
    tree = LexborHTMLParser(r.text)
    assert "Luhn" in tree.css_first("#erreur-siren_epci").text()
    assert tree.css_first("#erreur-point_acteur") is not None  # the blocking point's missing actor, beside it
    ok = client.post("/pilotage/projets/nouveau", data={**bad, "siren_epci": EPCI_A, "point_acteur": "EPF"},
                     follow_redirects=False)
    assert ok.status_code == 303
    page = client.get(ok.headers["location"])
    assert "Enregistré." in page.text and "Foncier" in page.text and "149 j" in page.text  # 1 Feb → 30 June: 28 + 31 + 30 + 31 + 29
    pid = int(ok.headers["location"].split("/")[-1].split("?")[0])
    lifted = client.post(f"/pilotage/projets/{pid}/points/0/lever", data={"version": "1", "leve_le": "2025-06-01"},
                         follow_redirects=False)
    assert lifted.status_code == 303
    assert env.client().get(f"/api/v1/projets/{pid}").json()["points_blocage"][0]["leve_le"] == "2025-06-01"


def test_anonymous_form_goes_to_sign_in(env):
    r = env.client().get("/pilotage/projets/nouveau", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/connexion?suivant=/pilotage/projets/nouveau")


def test_empty_store_says_how_to_fill_it(env):
    for path, hint in (("/pilotage/projets", "vigie programme import projets.csv"),
                       ("/pilotage/missions", "vigie programme import missions.csv"),
                       ("/pilotage/calendrier", "vigie programme import contrats.csv")):
        page = env.client().get(path).text
        assert hint in page and "Aucun résultat" not in page, path
