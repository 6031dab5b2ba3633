"""`vigie eligibilite` and /api/v1/eligibilite: answers, CSV/JSON, and bad input as one French line or a 422."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.cli_helpers import run


@pytest.fixture(scope="module")
def client(settings):
    from vigie_industrie.api.app import create_app

    return TestClient(create_app(settings))


def test_cli_explains_perpignan(warehouse_path, capsys):
    code, out, err = run(["eligibilite", "200027183", "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    for text in ("CU Perpignan Méditerranée Métropole", "Forte identité industrielle", "non évaluable", "qe-17519",
                 "questions.assemblee-nationale.fr", "Seuil", "Poids", "Contribution"):
        assert text in out


def test_cli_json_and_weights(warehouse_path, capsys):
    code, out, err = run(["eligibilite", "expliquer", "200027183", "--json", "--poids", "savoir_faire=0",
                          "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["criteres"]["id"] == "officiel-2019+poids(savoir_faire=0)"
    assert {d["id"]: d["poids"] for d in data["detail"]}["savoir_faire"] == 0


def test_cli_candidats_csv(warehouse_path, capsys):
    code, out, err = run(["eligibilite", "candidats", "--region", "76", "--limit", "2", "--csv",
                          "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("liste,code_region") and len(lines) == 1 + 2 + 2
    assert all(",76," in line for line in lines[1:])


@pytest.mark.parametrize("argv, fragment", [
    (["eligibilite", "candidats", "--region", "99"], "--region « 99 » inconnue"),
    (["eligibilite", "200027183", "--poids", "identite"], "écrivez id=valeur"),
    (["eligibilite", "200027183", "--criteres", "inexistant"], "fichiers livrés"),
    (["eligibilite", "999999999"], "SIREN 999999999 invalide"),
    (["eligibilite", "candidats", "--limit", "0"], "limit 0"),
])
def test_cli_bad_input_is_one_french_line(warehouse_path, capsys, argv, fragment):
    code, out, err = run([*argv, "--warehouse", str(warehouse_path)], capsys)
    assert code == 2 and fragment in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_api_explanation_and_group(client):
    r = client.get("/api/v1/eligibilite/200027183")
    assert r.status_code == 200
    body = r.json()
    assert len(body["detail"]) == 6 and body["labels"]["labellise_phase2"] is True
    assert all(d["source"]["id"] == "qe-17519" for d in body["detail"])
    r = client.get("/api/v1/eligibilite/200027183,246600373")
    assert r.status_code == 200 and r.json()["territoire"]["type"] == "groupe"


def test_api_candidats_csv(client):
    r = client.get("/api/v1/eligibilite/candidats", params={"region": "76", "limit": 1, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert len(r.text.strip().splitlines()) == 3


@pytest.mark.parametrize("path, params", [
    ("/api/v1/eligibilite/200027183", {"poids": "identite"}),
    ("/api/v1/eligibilite/200027183", {"criteres": "inexistant"}),
    ("/api/v1/eligibilite/200027183", {"criteres": "../../etc/passwd"}),
    ("/api/v1/eligibilite/200027183", {"decision": "1900"}),
    ("/api/v1/eligibilite/candidats", {"region": "99"}),
    ("/api/v1/eligibilite/candidats", {"limit": "0"}),
])
def test_api_bad_input_is_422_problem(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"]


def test_api_unknown_name_is_404(client):
    r = client.get("/api/v1/eligibilite/Zzzz Nulle Part Qqqq")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_openapi_documents_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in ("/api/v1/eligibilite/{code}", "/api/v1/eligibilite/candidats", "/api/v1/eligibilite/validation"):
        assert p in paths


def test_api_validation_is_computed_in_the_background(client, monkeypatch):
    """First call 202 (computation started), then 200 with the report once done."""
    import time

    from vigie_industrie.eligibility import rapport

    calls = []

    def fake_build(con, grille, comparer, avec_modele):
        calls.append(grille.id)
        return {"criteres": grille.id, "version": grille.version, "phase2_nouveaux": {"roc_auc": 0.6, "n_positifs": 1, "n": 2},
                "phase1": {"roc_auc": None}, "avertissements": ["appel à candidatures ouvert"]}

    monkeypatch.setattr(rapport, "build", fake_build)
    r = client.get("/api/v1/eligibilite/validation", params={"criteres": "densite-grille"})
    assert r.status_code == 202 and r.json()["statut"] == "en cours" and r.headers["retry-after"] == "30"
    for _ in range(100):
        r = client.get("/api/v1/eligibilite/validation", params={"criteres": "densite-grille"})
        if r.status_code == 200:
            break
        time.sleep(0.05)
    assert r.status_code == 200 and r.json()["phase2_nouveaux"]["roc_auc"] == 0.6 and calls == ["densite-grille"]


LONG_QUERY = "select count(*) from range(1000000000000) t(x) where x % 7 = 3"  # hours: only an interrupt ends it


def test_api_validation_stops_cleanly_at_shutdown_then_answers_the_same(settings, monkeypatch):
    """Shutdown (the lifespan's end) while the validation job is inside DuckDB interrupts it and
    joins its thread; nothing is memoised, and a new app computes and serves the report as before."""
    import threading
    import time

    import duckdb

    from vigie_industrie import jobs
    from vigie_industrie.api.app import create_app
    from vigie_industrie.eligibility import rapport

    inside, outcome = threading.Event(), []

    def slow_build(con, grille, comparer, avec_modele):
        inside.set()
        try:
            con.execute(LONG_QUERY).fetchall()
        except duckdb.InterruptException:
            outcome.append("interrompu")
            raise
        try:
            con.execute("select 1")  # shutdown begun: the guarded connection refuses the next query
        except jobs.Stopped:
            outcome.append("refusé")
            raise

    monkeypatch.setattr(rapport, "build", slow_build)
    params = {"criteres": "officiel-2019", "poids": "savoir_faire=2"}
    with TestClient(create_app(settings)) as client:
        r = client.get("/api/v1/eligibilite/validation", params=params)
        assert r.status_code == 202 and r.headers["retry-after"] == "30" and r.json()["statut"] == "en cours"
        assert inside.wait(10)
        assert client.get("/api/v1/eligibilite/validation", params=params).status_code == 202  # still running
    assert outcome == ["interrompu"] and not [t for t in threading.enumerate() if t.name.startswith("vigie-job-")]

    def fake_build(con, grille, comparer, avec_modele):
        return {"criteres": grille.id, "version": grille.version, "phase2_nouveaux": {"roc_auc": 0.7, "n_positifs": 2, "n": 9},
                "phase1": {"roc_auc": None}, "avertissements": []}

    monkeypatch.setattr(rapport, "build", fake_build)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/eligibilite/validation", params=params).status_code == 202  # not memoised
        for _ in range(200):
            r = client.get("/api/v1/eligibilite/validation", params=params)
            if r.status_code == 200:
                break
            time.sleep(0.02)
    assert r.status_code == 200 and r.json()["phase2_nouveaux"]["roc_auc"] == 0.7
    assert r.json()["criteres"] == "officiel-2019+poids(savoir_faire=2)"


def test_a_process_exiting_while_a_job_is_inside_duckdb_does_not_abort(tmp_path):
    """The abort this module exists for: a bare daemon thread inside DuckDB at exit kills the process
    (exit 134, « terminate called without an active exception »); a job is interrupted and joined."""
    import subprocess
    import sys

    script = tmp_path / "exit_during_job.py"
    script.write_text(f"""
import threading, duckdb
from vigie_industrie import jobs
inside = threading.Event()
def job(job):
    con = job.watch(duckdb.connect())
    inside.set()
    con.execute({LONG_QUERY!r}).fetchall()
jobs.submit("long", job)
inside.wait(10)
print("sortie")
""")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sortie" and "terminate" not in done.stderr
