"""`vigie alertes [evaluer]` and GET /api/v1/alertes[/evaluation] on the mirror warehouse.

Small and few: the smallest target (the Rouen commune × A38 cells) and one test origin; the full
backtest is the command's job, not every test run's.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.cli_helpers import run
from vigie_industrie.alerts import evaluation_store


@pytest.fixture(scope="module")
def client(warehouse_path, tmp_path_factory):
    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    db = tmp_path_factory.mktemp("alertes-store") / "vigie.db"
    app = create_app(Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test"))
    return TestClient(app)


@pytest.mark.parametrize("argv,needle", [
    (["alertes", "--cible", "chomage"], "Cible « chomage » inconnue"),
    (["alertes", "--cible", "emploi_ze", "--region", "99"], "Région « 99 » inconnue"),
    (["alertes", "--departement", "999"], "Département « 999 » inconnu"),
    (["alertes", "--limit", "0"], "--limit doit être un entier positif"),
    (["alertes", "evaluer", "--cible", "xx", "--sans-rapport"], "Cible « xx » inconnue"),
])
def test_bad_input_is_one_french_line(warehouse_path, capsys, argv, needle):
    code, out, err = run([*argv, "--warehouse", str(warehouse_path)] if argv[1] != "evaluer" else
                         [*argv, "--warehouse", str(warehouse_path)], capsys)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ranked_list_json_and_csv(warehouse_path, capsys):
    code, out, err = run(["alertes", "--cible", "emploi_industriel", "--limit", "5", "--json",
                          "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["origine"] == "2022" and answer["niveau"] == "cellule"
    probs = [r["probabilite"] for r in answer["alertes"]]
    assert len(probs) == 5 and probs == sorted(probs, reverse=True) and all(0 < p < 1 for p in probs)
    first = answer["alertes"][0]
    assert first["rang"] == 1 and first["code"].startswith("76") and first["explications"]
    assert all(e["sens"] in ("hausse du risque", "baisse du risque") for e in first["explications"])
    code, out, _ = run(["alertes", "--cible", "emploi_industriel", "--limit", "2", "--csv",
                        "--warehouse", str(warehouse_path)], capsys)
    assert code == 0 and out.splitlines()[0] == "rang,code,nom,probabilite,valeur,origine,explication"
    assert len(out.splitlines()) == 3


def test_evaluer_json_keys(warehouse_path, tmp_path, capsys):
    report, readme = tmp_path / "eval.md", tmp_path / "README.md"
    readme.write_text("# Projet\n", encoding="utf-8")
    code, out, err = run(["alertes", "evaluer", "--cible", "emploi_industriel", "--max-origines", "1", "--json",
                          "--rapport", str(report), "--readme", str(readme), "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    result = json.loads(out)["emploi_industriel"]
    for method in ("model", "baseline_trend", "baseline_persistence"):
        assert set(result[method]) == {"roc_auc", "average_precision", "brier", "precision_top10"}
    assert result["origines"] == ["2019"] and result["n"] > 100 and 0 < result["n_positifs"] < result["n"]
    assert "## `emploi_industriel`" in report.read_text(encoding="utf-8")
    assert "<!-- alertes-evaluation:start -->" in readme.read_text(encoding="utf-8")
    assert evaluation_store.read(warehouse_path)["cibles"]["emploi_industriel"]["n"] == result["n"]


def test_api_alertes(client):
    r = client.get("/api/v1/alertes", params={"cible": "emploi_industriel", "limit": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["alertes"]) == 3 and body["alertes"][0]["rang"] == 1
    r = client.get("/api/v1/alertes", params={"cible": "emploi_industriel", "limit": 2, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("params,needle", [({"cible": "inconnue"}, "cible"), ({"region": "99"}, "Région « 99 » inconnue"),
                                           ({"limit": 0}, "limit")])
def test_api_bad_input_is_422_problem(client, params, needle):
    r = client.get("/api/v1/alertes", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert needle in r.json()["detail"]


def test_api_evaluation_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/alertes" in paths and "/api/v1/alertes/evaluation" in paths
    assert client.get("/api/v1/alertes/evaluation").status_code in (200, 404)
