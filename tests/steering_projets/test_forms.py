"""The steering forms' one write path (``projets_formulaires.save_or_errors``): validate, write, 303 to
the row's page; or the same form again with the errors beside the fields and the input kept (422),
the store's own sentence and status for its refusals (403, 409), and nothing written."""

from __future__ import annotations

import pytest
from pydantic import BaseModel
from selectolax.lexbor import LexborHTMLParser

from vigie_industrie import errors
from vigie_industrie.web import projets_formulaires as ff

from .conftest import create_row

MISSION = {"territoire_id": "ti-3212", "phase": "2", "intitule": "Après la fermeture", "cause": "fermeture d'un site",
           "date_debut": "2025-03-01", "duree_jours": "145"}


def _tree(r):
    return LexborHTMLParser(r.text)


def _count(env, resource: str, who: str = "admin") -> int:
    return env.client(who).get(f"/api/v1/{resource}").json()["total"]


# --- the function itself, on a fake store: the order is the point ----------------------------


class _Store:
    def __init__(self):
        self.opened = 0

    def transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.opened += 1
                return "session"

            def __exit__(self, *exc):
                return False
        return _Tx()


class _Schema(BaseModel):
    titre: str
    emplois: int


def _call(store, values, write):
    return ff.save_or_errors(store, _Schema, values, write, fields=("titre", "emplois"),
                             done=lambda result: ("done", result), again=lambda erreurs, status: (erreurs, status))


def test_save_or_errors_writes_only_a_valid_form_and_keeps_the_store_sentence():
    store, written = _Store(), []
    assert _call(store, {"titre": "Usine", "emplois": "x"}, lambda s, d: written.append(d))[1] == 422
    assert store.opened == 0 and written == []  # the schema refused: no transaction at all
    erreurs, status = _call(store, {"titre": "Usine", "emplois": "x"}, lambda s, d: 1)
    assert set(erreurs) == {"emplois"} and status == 422

    def refuse(session, data):
        raise errors.Forbidden("Ce projet est hors de votre région (région 84).")
    assert _call(store, {"titre": "Usine", "emplois": 3}, refuse) == (
        {"__all__": "Ce projet est hors de votre région (région 84)."}, 403)

    def stale(session, data):
        raise errors.ValidationFailed("titre : déjà pris")
    assert _call(store, {"titre": "Usine", "emplois": 3}, stale) == ({"titre": "déjà pris"}, 422)
    assert _call(store, {"titre": "Usine", "emplois": 3}, lambda s, d: (s, d.emplois)) == ("done", ("session", 3))


def test_save_or_errors_lets_other_failures_through():
    """A bug is not a refusal: it is not turned into a message on the form."""
    def bug(session, data):
        raise KeyError("x")
    with pytest.raises(KeyError):
        _call(_Store(), {"titre": "Usine", "emplois": 3}, bug)


# --- the screens that use it -------------------------------------------------------------


def test_mission_form_errors_beside_fields_input_kept_then_created(env):
    client = env.client("region")
    r = client.post("/pilotage/missions/nouvelle", data={**MISSION, "intitule": "", "date_debut": "2025-02-30"},
                    follow_redirects=False)
    assert r.status_code == 422
    tree = _tree(r)
    assert tree.css_first("#erreur-intitule") is not None and tree.css_first("#erreur-date_debut") is not None
    assert tree.css_first("#champ-cause").attributes["value"] == "fermeture d'un site"  # input kept
    assert tree.css_first("#erreur-cause") is None
    assert _count(env, "missions") == 0  # nothing written
    ok = client.post("/pilotage/missions/nouvelle", data=MISSION, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].endswith("?ok=cree")
    page = client.get(ok.headers["location"]).text
    assert "Enregistré." in page and "Après la fermeture" in page
    assert _count(env, "missions") == 1


def test_mission_outside_its_region_is_the_store_refusal(env):
    r = env.client("region").post("/pilotage/missions/nouvelle", data={**MISSION, "territoire_id": "ti-8401"},
                                  follow_redirects=False)
    assert r.status_code == 403
    alert = _tree(r).css_first("#erreurs-formulaire").text()
    assert "Enregistrement refusé" in alert and "84" in alert
    assert _tree(r).css_first("#champ-intitule").attributes["value"] == "Après la fermeture"
    assert _count(env, "missions") == 0


def test_mission_milestone_stale_version_and_missing_report(env):
    client = env.client("region")
    ok = client.post("/pilotage/missions/nouvelle", data=MISSION, follow_redirects=False)
    path = ok.headers["location"].split("?")[0]
    version = env.client("region").get("/api/v1" + path.replace("/pilotage", "")).json()["version"]
    added = client.post(f"{path}/jalons", data={"version": str(version), "libelle": "Comité de suivi"},
                        follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"].endswith("?ok=jalon")
    stale = client.post(f"{path}/jalons", data={"version": str(version), "libelle": "Deuxième comité"},
                        follow_redirects=False)
    assert stale.status_code == 409
    tree = _tree(stale)
    assert tree.css_first("#erreurs-formulaire") is not None
    assert tree.css_first("#champ-libelle").attributes["value"] == "Deuxième comité"  # input kept
    jalons = env.client("region").get("/api/v1" + path.replace("/pilotage", "")).json()["jalons"]
    assert [j["libelle"] for j in jalons] == ["Comité de suivi"]
    r = client.post(f"{path}/cloture", data={"version": str(version + 1), "rapport_cloture": ""},
                    follow_redirects=False)
    assert r.status_code == 422 and "rapport de clôture" in _tree(r).css_first("#erreur-rapport_cloture").text()


def test_project_edit_stale_version_keeps_the_input(env):
    pid = create_row(env.store, "projets", "own", titre="Usine").id
    client = env.client("region")
    r = client.post(f"/pilotage/projets/{pid}/modifier", data={"version": "1", "titre": "Usine agrandie",
                                                                 "statut": "instruction"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?ok=modifie")
    stale = client.post(f"/pilotage/projets/{pid}/modifier", data={"version": "1", "titre": "Autre titre"},
                        follow_redirects=False)
    assert stale.status_code == 409
    assert _tree(stale).css_first("#champ-titre").attributes["value"] == "Autre titre"
    assert env.client("admin").get(f"/api/v1/projets/{pid}").json()["titre"] == "Usine agrandie"
    bad = client.post(f"/pilotage/projets/{pid}/modifier", data={"version": "2", "emplois_prevus": "beaucoup"},
                      follow_redirects=False)
    assert bad.status_code == 422 and "beaucoup" in _tree(bad).css_first("#erreur-emplois_prevus").text()
