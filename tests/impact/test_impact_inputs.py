"""Bad input gets one French line and a non-zero exit (CLI), or a 422 problem+json (API)."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import run
from vigie_industrie import errors
from vigie_industrie.impact import saisie

# --- shape checks (no warehouse) ------------------------------------------------------------------


@pytest.mark.parametrize("kw, error, words", [
    (dict(naf="22.11Z", emplois=0, commune="62119"), errors.ValidationFailed, "au moins 1"),
    (dict(naf="22.11Z", emplois=-5, commune="62119"), errors.ValidationFailed, "au moins 1"),
    (dict(naf="22.11Z", emplois="beaucoup", commune="62119"), errors.ValidationFailed, "entier"),
    (dict(naf="22.11Z", emplois=10**12, commune="62119"), errors.ValidationFailed, "au plus"),
    (dict(naf="2211", emplois=10, commune="62119"), errors.InvalidCode, "sous-classe"),
    (dict(naf="22.11Z", emplois=10, commune="6211"), errors.InvalidCode, "5 caractères"),
    (dict(naf="22.11Z", emplois=10), errors.ValidationFailed, "soit une commune"),
    (dict(naf="22.11Z", emplois=10, commune="62119", epci="200072460"), errors.ValidationFailed, "pas les deux"),
    (dict(naf="22.11Z", emplois=10, epci="200072461"), errors.InvalidCode, "Luhn"),
])
def test_site_shape_errors(kw, error, words):
    with pytest.raises(error, match=words):
        saisie.site(**kw)


def test_site_normalises_codes():
    s = saisie.site(naf=" 22.11z ", emplois="863", commune="62119")
    assert (s.naf, s.emplois, s.commune) == ("2211Z", 863, "62119")
    assert saisie.site(naf="2211Z", emplois=1, epci="94130994").epci == "094130994"


@pytest.mark.parametrize("text, words", [
    ("", "vide"),
    ("commune,naf\n62119,22.11Z\n", "en-tête"),
    ("commune,naf,emplois,effectif\n62119,22.11Z,3,4\n", "inconnue"),
    ("commune,naf,emplois\n", "aucun site"),
    ("commune,naf,emplois\n62119,22.11Z\n", "ligne 2"),
    ("commune;naf;emplois\n62119;22.11Z;10\n62119;22.11Z;0\n", "ligne 3"),
    ("commune,naf,emplois\n62119,XX,10\n", "ligne 2"),
])
def test_malformed_scenarios(text, words):
    with pytest.raises(errors.VigieError, match=words):
        saisie.scenario_text(text)


def test_dates():
    assert str(saisie.date_fermeture("2021-04-30")) == "2021-04-30"
    assert str(saisie.date_fermeture("2021")) == "2021-01-01"
    assert saisie.date_fermeture(None) is None
    with pytest.raises(errors.ValidationFailed, match="AAAA-MM-JJ"):
        saisie.date_fermeture("30/04/2021")


# --- the CLI on the mirror warehouse --------------------------------------------------------------


def _cli(capsys, warehouse_path, *args):
    return run(["impact", *args, "--warehouse", str(warehouse_path)], capsys)


@pytest.mark.parametrize("args, words", [
    (("--commune", "62119", "--naf", "99.99Z", "--emplois", "10"), "inconnu de la nomenclature"),
    (("--commune", "62119", "--naf", "22.11", "--emplois", "10"), "invalide"),
    (("--commune", "62119", "--naf", "22.11Z", "--emplois", "0"), "au moins 1"),
    (("--commune", "62119", "--naf", "22.11Z", "--emplois", "-3"), "au moins 1"),
    (("--commune", "99999", "--naf", "22.11Z", "--emplois", "10"), "inconnue du COG"),
    (("--epci", "200069037", "--naf", "22.11Z", "--emplois", "10"), None),  # valid SIREN shape: known or not, one line
    # more jobs than the pharmaceutical sector holds in Le Trait (commune × APE file, exact)
    (("--commune", "76709", "--naf", "21.20Z", "--emplois", "50000"), "plus que les"),
    # more than the tyre-and-plastics sector holds in the zone d'emploi of Béthune (URSSAF zone table)
    (("--commune", "62119", "--naf", "22.11Z", "--emplois", "5000"), "plus que les"),
    (("--commune", "62119", "--naf", "22.11Z", "--emplois", "10", "--multiplicateur", "magique"), "Multiplicateur"),
    (("--commune", "62119", "--naf", "22.11Z", "--emplois", "10", "--date", "hier"), "Date"),
    (("--commune", "62119", "--emplois", "10"), "--naf"),
])
def test_cli_bad_input_is_one_french_line(capsys, warehouse_path, args, words):
    code, out, err = _cli(capsys, warehouse_path, *args)
    if words is None and code == 0:
        return
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : ") and "Traceback" not in err, err
    if words:
        assert words in lines[0], lines[0]


def test_cli_malformed_scenario_file(capsys, warehouse_path, tmp_path):
    bad = tmp_path / "scenario.csv"
    bad.write_text("commune,naf,emplois\n62119,22.11Z,beaucoup\n", encoding="utf-8")
    code, _, err = _cli(capsys, warehouse_path, "--scenario", str(bad))
    assert code == 2 and "ligne 2" in err and len(err.strip().splitlines()) == 1
    code, _, err = _cli(capsys, warehouse_path, "--scenario", str(tmp_path / "absent.csv"))
    assert code == 13 and len(err.strip().splitlines()) == 1


def test_cli_worked_example_json_and_text(capsys, warehouse_path, tmp_path):
    code, out, err = _cli(capsys, warehouse_path, "--commune", "62119", "--naf", "22.11Z", "--emplois", "863", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["emplois_directs"] == 863 and data["multiplicateur"] == "fabrique-industrie-2025"
    assert {m["id"] for m in data["multiplicateurs"]} >= {"parlement", "moretti-2010", "malgouyres-2017"}
    code, out, err = _cli(capsys, warehouse_path, "--commune", "62119", "--naf", "22.11Z", "--emplois", "863", "-m", "parlement")
    assert code == 0, err
    assert "→" in out and "Hypothèses" in out and "Sources" in out and "hypothèse" in out
    scenario = tmp_path / "s.csv"
    scenario.write_text("epci,naf,emplois\n200072460,22.11Z,863\n", encoding="utf-8")
    code, out, err = _cli(capsys, warehouse_path, "--scenario", str(scenario), "--json")
    assert code == 0, err
    assert {t["type"] for t in json.loads(out)["territoires"] if t["chiffres"]} == {"epci", "zone_emploi", "territoire_industrie"}


# --- the API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(warehouse_path, tmp_path_factory):
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    db = tmp_path_factory.mktemp("store") / "vigie.db"
    with TestClient(create_app(Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test"))) as c:
        yield c


def test_api_post_and_get_give_the_cli_answer(client):
    body = {"sites": [{"commune": "62119", "naf": "22.11Z", "emplois": 863}]}
    r = client.post("/api/v1/impact", json=body)
    assert r.status_code == 200, r.text
    post = r.json()
    r = client.get("/api/v1/impact", params={"commune": "62119", "naf": "22.11Z", "emplois": 863})
    assert r.status_code == 200 and r.json() == post
    assert post["emplois_directs"] == 863 and post["sources"] and post["hypotheses"]
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/impact" in schema["paths"] and "Impact" in schema["components"]["schemas"]


@pytest.mark.parametrize("body, words", [
    ({"sites": [{"commune": "62119", "naf": "99.99Z", "emplois": 10}]}, "inconnu"),
    ({"sites": [{"commune": "62119", "naf": "22.11Z", "emplois": 0}]}, "au moins 1"),
    ({"sites": [{"commune": "62119", "naf": "22.11Z", "emplois": 5000}]}, "plus que les"),
    ({"sites": [{"commune": "99999", "naf": "22.11Z", "emplois": 10}]}, "inconnue"),
    ({"sites": [{"commune": "62119", "naf": "22.11Z", "emplois": 10}, {"naf": "22.11Z", "emplois": 3}]}, "ligne 2"),
    ({"sites": []}, None),
    ({"sites": [{"commune": "62119", "naf": "22.11Z", "emplois": 10}], "autre": 1}, None),
])
def test_api_bad_input_is_422_problem(client, body, words):
    r = client.post("/api/v1/impact", json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if words:
        assert words in r.json()["detail"]
