"""Every API error in French and application/problem+json (issue 12 item 13)."""

from __future__ import annotations

import re

import pytest

from .conftest import payload

ENGLISH = re.compile(r"\b(Input should|There was an error|Not Found|Method Not Allowed|Field required|parsing)\b")
JSON = {"content-type": "application/json"}


def _problem(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["detail"]
    assert not ENGLISH.search(r.text), r.text
    return body


@pytest.mark.parametrize(("body", "word"), [
    (b'{"email": "\xff\xfe", "password": "x"}', "UTF-8"),
    (b'{"email": "a", "password": "x", "n": ' + b"9" * 5000 + b"}", "chiffres"),
    (b"[" * 1000 + b"]" * 1000, "imbriqué"),
    (b"[" * 100_000 + b"]" * 100_000, "imbriqué"),
    (b'{"email": "a", ', "JSON"),
])
def test_unparsable_bodies(env, body, word):
    r = env.client().post("/api/v1/auth/token", content=body, headers=JSON)
    assert word in _problem(r, 400 if word != "JSON" else 422)["detail"]


def test_404_is_french(env):
    assert "/api/v1/nulle-part" in _problem(env.client().get("/api/v1/nulle-part"), 404)["detail"]


def test_405_is_french_with_allow(env):
    r = env.client().put("/api/v1/contrats")
    body = _problem(r, 405)
    assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert "PUT" in body["detail"] and "GET" in body["detail"]


def test_non_finite_number_is_french(env):
    r = env.client("admin").post("/api/v1/projets", content=(
        '{"territoire_id": "ti-3212", "phase": 2, "siren_epci": "200072460", "titre": "Projet test", '
        '"enjeu": "innover", "emplois_prevus": Infinity}').encode(), headers=JSON)
    assert "emplois_prevus" in _problem(r, 422)["detail"]


@pytest.mark.parametrize("phase", [True, 2.0, "2"])
def test_phase_is_strict(env, phase):
    r = env.client("admin").post("/api/v1/projets", json=payload("projets", "own", phase=phase))
    assert "phase" in _problem(r, 422)["detail"]


@pytest.mark.parametrize(("field", "value"), [("emplois_prevus", 2.0), ("emplois_prevus", True),
                                              ("montant_investissement_eur", "1000")])
def test_integers_are_strict(env, field, value):
    r = env.client("admin").post("/api/v1/projets", json=payload("projets", "own", **{field: value}))
    assert field in _problem(r, 422)["detail"]


def test_unknown_territory_type_is_a_422_about_the_type(env):
    r = env.client().get("/api/v1/territoires/62139", params={"type": "inconnu"})
    body = _problem(r, 422)
    assert "inconnu" in body["detail"] and "commune" in body["detail"]


def test_api_messages_never_mention_cli_flags(env):
    csv_text = "territoire_id,phase,siren_epci,titre,enjeu\nti-3212,3,200072460,Projet test,innover\n"
    r = env.client("admin").post("/api/v1/programme/import", params={"type": "projets"},
                                 files={"fichier": ("p.csv", csv_text.encode(), "text/csv")})
    assert "--" not in _problem(r, 422)["detail"]
    r = env.client("admin").post("/api/v1/projets", json=payload("projets", "own", territoire_id="ti-3200"))
    assert "--" not in _problem(r, 422)["detail"]


def test_import_row_with_extra_cells_is_reported(env):
    csv_text = "territoire_id,phase,siren_epci,titre,enjeu\nti-3212,2,200072460,Projet test,innover,en trop\n"
    r = env.client("admin").post("/api/v1/programme/import", params={"type": "projets", "simulation": True},
                                 files={"fichier": ("p.csv", csv_text.encode(), "text/csv")})
    assert r.status_code == 200 and r.json()["acceptees"] == 0
    assert "au-delà des 5 colonnes" in r.json()["rejetees"][0]["erreurs"][0]
