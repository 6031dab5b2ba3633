"""« À traiter » (issue 14): each user's list, scoped by rights, on the API and the page."""

from __future__ import annotations

from datetime import timedelta

from selectolax.lexbor import LexborHTMLParser

from .conftest import TODAY, besoin, create_row, days_before, page_client, projet_a_venir


def _api(env, who, **params):
    r = env.client(who).get("/api/v1/programme/a-traiter", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _mission(store, scope, deadline_in: int, **extra):
    """An open mission of 145 days whose deadline falls ``deadline_in`` days after TODAY."""
    start = TODAY + timedelta(days=deadline_in - 145)
    return create_row(store, "missions", scope, date_debut=start.isoformat(), duree_jours=145, **extra)


def test_region_sees_transmitted_needs_of_its_region_only(env):
    mine = besoin(env.store, "own", statut="transmis", nom_entreprise="Forges test Artois")
    besoin(env.store, "own", statut="brouillon", nom_entreprise="Brouillon test")  # a draft belongs to the EPCI
    besoin(env.store, "own", statut="accuse", nom_entreprise="Déjà pris en compte test")
    besoin(env.store, "other", statut="transmis", nom_entreprise="Usine test Isère")
    region = _api(env, "region")
    assert [b["besoin_id"] for b in region["besoins"]] == [mine.id]
    assert region["besoins"][0]["lien"] == f"/besoins/{mine.id}"
    assert [b["nom_entreprise"] for b in _api(env, "region_autre")["besoins"]] == ["Usine test Isère"]
    assert sorted(b["nom_entreprise"] for b in _api(env, "admin")["besoins"]) == ["Forges test Artois", "Usine test Isère"]


def test_epci_sees_its_own_drafts_never_another_epcis_firm(env):
    draft = besoin(env.store, "own", statut="brouillon", nom_entreprise="Brouillon test A")
    besoin(env.store, "other", statut="brouillon", nom_entreprise="Brouillon test B")
    besoin(env.store, "own", statut="transmis", nom_entreprise="Transmis test A")
    epci = _api(env, "epci")
    assert [b["besoin_id"] for b in epci["besoins"]] == [draft.id]
    assert "Brouillon test B" not in env.client("epci").get("/api/v1/programme/a-traiter").text


def test_projets_a_venir_follow_the_same_workflow(env):
    sent = projet_a_venir(env.store, "own", statut="transmis", porteur="Porteur test transmis")
    draft = projet_a_venir(env.store, "own", porteur="Porteur test brouillon")
    projet_a_venir(env.store, "own", statut="accuse", porteur="Porteur test accusé")
    assert [p["projet_a_venir_id"] for p in _api(env, "region")["projets_a_venir"]] == [sent.id]
    assert [p["projet_a_venir_id"] for p in _api(env, "epci")["projets_a_venir"]] == [draft.id]
    assert _api(env, "epci_autre")["projets_a_venir"] == [] and _api(env, "region_autre")["projets_a_venir"] == []
    assert _api(env, "region")["projets_a_venir"][0]["lien"] == f"/projets-a-venir/{sent.id}"


def test_missions_due_within_15_days_overdue_included(env):
    soon = _mission(env.store, "own", 10, intitule="Échéance dans 10 jours")
    edge = _mission(env.store, "own", 15, intitule="Échéance dans 15 jours")
    _mission(env.store, "own", 16, intitule="Échéance dans 16 jours")
    late = _mission(env.store, "own", -3, intitule="En retard de 3 jours")
    _mission(env.store, "own", 5, intitule="Close", statut="close")
    _mission(env.store, "other", 5, intitule="Autre région")
    rows = _api(env, "region")["missions"]
    assert [m["mission_id"] for m in rows] == [late.id, soon.id, edge.id]
    assert rows[0]["retard_jours"] == 3 and rows[1]["jours_restants"] == 10
    assert rows[0]["lien"] == f"/pilotage/missions/{late.id}"
    # an EPCI: the missions of the Territoires d'industrie holding its communes (warehouse: ti-3212 for EPCI A)
    assert [m["mission_id"] for m in _api(env, "epci")["missions"]] == [late.id, soon.id, edge.id]
    assert [m["intitule"] for m in _api(env, "epci_autre")["missions"]] == ["Autre région"]


def test_projects_blocked_beyond_the_threshold(env):
    def blocked(scope, days, titre):
        return create_row(env.store, "projets", scope, titre=titre,
                          points_blocage=[{"categorie": "foncier", "responsable": "DDTM", "depuis": days_before(days)}])

    old = blocked("own", 61, "Bloqué 61 j")
    recent = blocked("own", 59, "Bloqué 59 j")
    other = blocked("other", 90, "Bloqué ailleurs")
    assert [p["projet_id"] for p in _api(env, "region")["projets"]] == [old.id]
    assert [p["projet_id"] for p in _api(env, "region", jours=30)["projets"]] == [old.id, recent.id]
    assert [p["projet_id"] for p in _api(env, "epci")["projets"]] == [old.id]
    assert [p["projet_id"] for p in _api(env, "epci_autre")["projets"]] == [other.id]
    assert [p["projet_id"] for p in _api(env, "admin")["projets"]] == [other.id, old.id]
    assert _api(env, "region")["seuil_blocage_jours"] == 60
    assert _api(env, "region")["projets"][0]["lien"] == f"/pilotage/projets/{old.id}"  # the projects screen (steer-projets)


def test_lecteur_and_anonymous(env):
    besoin(env.store, "own", statut="transmis")
    lecteur = _api(env, "lecteur")
    assert lecteur["total"] == 0 and "lecture seule" in lecteur["remarque"]
    r = env.client().get("/api/v1/programme/a-traiter")
    assert r.status_code == 401 and "connectez-vous" in r.json()["detail"]
    page = page_client(env, None).get("/a-traiter")
    assert page.status_code == 303 and page.headers["location"] == "/connexion?suivant=/a-traiter"


def test_page_lists_the_items_and_says_when_empty(env):
    b = besoin(env.store, "own", statut="transmis", nom_entreprise="Forges test Artois", urgence="haute")
    html = page_client(env, "region").get("/a-traiter").text
    tree = LexborHTMLParser(html)
    assert [n.attributes["data-id"] for n in tree.css('tr[data-ressource="besoins"]')] == [str(b.id)]
    assert "Forges test Artois" in html and "Besoins transmis" in html
    empty = page_client(env, "region_autre").get("/a-traiter")
    assert empty.status_code == 200
    notice = LexborHTMLParser(empty.text).css_first("#a-traiter-vide").text()
    assert "Rien à traiter" in notice and "15 jours" in notice and "60 jours" in notice
    assert "Forges test Artois" not in empty.text
    bad = page_client(env, "region").get("/a-traiter", params={"jours": "beaucoup"})
    assert bad.status_code == 422 and "jours" in bad.text
