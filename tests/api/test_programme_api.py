"""Programme endpoints end to end: CRUD details, pagination, filters, sorting, answers."""

from __future__ import annotations

from .conftest import TODAY, create_row, payload


def test_openapi_published(env):
    spec = env.client().get("/api/v1/openapi.json").json()
    for path in ("/api/v1/contrats", "/api/v1/projets", "/api/v1/besoins", "/api/v1/financements",
                 "/api/v1/missions", "/api/v1/copil", "/api/v1/programme/calendrier"):
        assert path in spec["paths"]
    assert "application/problem+json" in spec["paths"]["/api/v1/projets/{ident}"]["patch"]["responses"]["409"]["content"]


def test_pagination_filter_sort(env):
    for n in range(7):
        create_row(env.store, "projets", "own", titre=f"Projet {n}", emplois_prevus=n * 10)
    create_row(env.store, "projets", "other", titre="Ailleurs")
    client = env.client()
    page = client.get("/api/v1/projets", params={"code_region": "32", "limit": 3, "offset": 3, "tri": "-emplois_prevus"}).json()
    assert page["total"] == 7 and page["limit"] == 3 and page["offset"] == 3
    assert [p["emplois_prevus"] for p in page["items"]] == [30, 20, 10]
    r = client.get("/api/v1/projets", params={"tri": "nimporte"})
    assert r.status_code == 422 and "tri" in r.json()["detail"]


def test_validation_errors_are_precise_and_french(env):
    r = env.client("admin").post("/api/v1/projets", json=payload("projets", siren_epci="200072461", enjeu="voler"))
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "siren_epci" in detail and "Luhn" in detail
    assert "enjeu" in detail and "valeurs possibles" in detail
    r = env.client("admin").post("/api/v1/projets", json=payload("projets", phase=1, enjeu="transition_ecologique"))
    assert r.status_code == 422 and "phase 2" in r.json()["detail"]


def test_contrat_signed_needs_date_and_is_unique(env):
    admin = env.client("admin")
    r = admin.post("/api/v1/contrats", json=payload("contrats", statut="signe"))
    assert r.status_code == 422 and "date_signature" in r.json()["detail"]
    ok = admin.post("/api/v1/contrats", json=payload("contrats", statut="signe", date_signature="2023-06-12"))
    assert ok.status_code == 201
    again = admin.post("/api/v1/contrats", json=payload("contrats"))
    assert again.status_code == 409 and "existe déjà" in again.json()["detail"]


def test_patch_is_validated_as_a_whole_and_audited(env):
    admin = env.client("admin")
    p = admin.post("/api/v1/projets", json=payload("projets", date_debut="2025-01-01")).json()
    r = admin.patch(f"/api/v1/projets/{p['id']}", json={"version": 1, "date_fin": "2024-01-01"})
    assert r.status_code == 422 and "précède" in r.json()["detail"]
    r = admin.patch(f"/api/v1/projets/{p['id']}", json={"version": 1, "statut": "finance", "emplois_prevus": 40})
    assert r.status_code == 200 and r.json()["version"] == 2
    events = admin.get("/api/v1/programme/audit", params={"entity": "projets", "entity_id": p["id"]}).json()
    assert [e["action"] for e in events] == ["update", "create"]
    assert events[0]["before"]["statut"] == "idee" and events[0]["after"]["statut"] == "finance"
    assert events[0]["actor_email"] == "admin@test.invalid"


def test_failed_write_leaves_no_audit_and_no_row(env):
    admin = env.client("admin")
    before = len(admin.get("/api/v1/programme/audit").json())
    r = admin.post("/api/v1/financements", json={"projet_id": 999, "dispositif": "region"})
    assert r.status_code == 422 and "999" in r.json()["detail"]
    assert len(admin.get("/api/v1/programme/audit").json()) == before


def test_financement_follows_its_projet_scope(env):
    projet = create_row(env.store, "projets", "own")
    r = env.client("epci").post("/api/v1/financements", json={"projet_id": projet.id, "dispositif": "fonds_acceleration_investissements_industriels",
                                                             "montant_demande_eur": 2_000_000})
    assert r.status_code == 201
    assert r.json()["siren_epci"] == projet.siren_epci and r.json()["code_region"] == "32"
    assert env.client("epci_autre").post("/api/v1/financements", json={"projet_id": projet.id, "dispositif": "region"}).status_code == 403
    # a projet with funding cannot be deleted before its funding
    r = env.client("admin").delete(f"/api/v1/projets/{projet.id}")
    assert r.status_code == 409 and "financement" in r.json()["detail"]


def test_mission_deadline_and_days_left_bethune_example(env):
    """Post-closure mission of 145 days (Béthune-Bruay example; dates are test values)."""
    r = env.client("region").post("/api/v1/missions", json=payload(
        "missions", intitule="Mission test Béthune-Bruay", cause="fermeture d'usine (exemple de test)",
        date_debut="2025-03-01", duree_jours=145,
        jalons=[{"libelle": "diagnostic", "fait": True}, {"libelle": "plan d'action"}]))
    body = r.json()
    assert body["date_echeance"] == "2025-07-24"
    assert body["jours_restants"] == 24  # TODAY is 2025-06-30
    ouvertes = env.client().get("/api/v1/programme/missions-ouvertes").json()
    assert ouvertes[0]["jours_restants"] == 24 and ouvertes[0]["jalons_faits"] == 1 and ouvertes[0]["jalons_total"] == 2


def test_calendrier_per_region(env):
    admin = env.client("admin")
    admin.post("/api/v1/contrats", json=payload("contrats", territoire_id="ti-3212", phase=2, statut="signe", date_signature="2023-09-01"))
    admin.post("/api/v1/contrats", json=payload("contrats", territoire_id="ti-3205", phase=2, statut="signe", date_signature="2023-05-10"))
    admin.post("/api/v1/contrats", json=payload("contrats", territoire_id="ti-3201", phase=2))
    admin.post("/api/v1/contrats", json=payload("contrats", territoire_id="ti-8401", phase=2, statut="signe", date_signature="2023-01-01"))
    rows = env.client().get("/api/v1/programme/calendrier", params={"region": "32"}).json()
    assert [(r["territoire_id"], r["date_signature"]) for r in rows] == [
        ("ti-3205", "2023-05-10"), ("ti-3212", "2023-09-01"), ("ti-3201", None)]
    assert env.client().get("/api/v1/programme/calendrier", params={"region": "99"}).status_code == 422


def test_bloques_more_than_n_days(env):
    create_row(env.store, "projets", "own", titre="Bloqué longtemps",
               points_blocage=[{"categorie": "foncier", "responsable": "DDTM", "depuis": "2025-01-01"},
                               {"categorie": "financement", "responsable": "Région", "depuis": "2025-06-01"}])
    create_row(env.store, "projets", "own", titre="Bloqué récemment",
               points_blocage=[{"categorie": "recrutement", "responsable": "France Travail", "depuis": "2025-06-20"}])
    create_row(env.store, "projets", "own", titre="Débloqué",
               points_blocage=[{"categorie": "foncier", "responsable": "DDTM", "depuis": "2024-01-01", "leve_le": "2024-03-01"}])
    rows = env.client().get("/api/v1/programme/bloques", params={"jours": 30}).json()
    assert [(r["titre"], r["jours_bloque"]) for r in rows] == [("Bloqué longtemps", (TODAY - TODAY.replace(month=1, day=1)).days)]
    assert len(rows[0]["points_blocage"]) == 2


def test_territoires_from_warehouse(database_url, tmp_path, ti_warehouse):
    from .conftest import make_app
    from fastapi.testclient import TestClient

    client = TestClient(make_app(database_url, warehouse=ti_warehouse))
    rows = client.get("/api/v1/programme/territoires", params={"region": "32", "phase": 2}).json()
    assert [r["territoire_id"] for r in rows] == ["ti-3205", "ti-3212"]
    missing = TestClient(make_app(database_url, tmp_path=tmp_path)).get("/api/v1/programme/territoires")
    assert missing.status_code == 503 and "vigie build" in missing.json()["detail"]


def test_import_and_export_over_http(env):
    admin = env.client("admin")
    csv_text = ("territoire_id,phase,siren_epci,titre,enjeu\n"
                "ti-3212,2,200072460,Projet importé test,attirer\n"
                "ti-3212,2,200072461,Mauvais SIREN,attirer\n")
    files = {"fichier": ("projets.csv", csv_text.encode(), "text/csv")}
    dry = admin.post("/api/v1/programme/import", params={"type": "projets", "simulation": True}, files=files)
    assert dry.status_code == 200 and dry.json()["rejetees"][0]["ligne"] == 3 and not dry.json()["ecrit"]
    real = admin.post("/api/v1/programme/import", params={"type": "projets"}, files=files)
    assert real.status_code == 422 and "rien n'a été écrit" in real.json()["detail"]
    assert admin.get("/api/v1/projets").json()["total"] == 0
    ok = admin.post("/api/v1/programme/import", params={"type": "projets"},
                    files={"fichier": ("p.csv", csv_text.rsplit("\n", 2)[0].encode() + b"\n", "text/csv")})
    assert ok.status_code == 200 and ok.json()["ecrit"]
    exported = admin.get("/api/v1/programme/export", params={"type": "projets", "format": "csv"})
    assert exported.status_code == 200 and "Projet importé test" in exported.text
    assert env.client("lecteur").post("/api/v1/programme/import", params={"type": "projets"}, files=files).status_code == 403


def test_first_request_creates_and_migrates_the_sqlite_store(tmp_path):
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    path = tmp_path / "var" / "vigie.db"
    app = create_app(Settings(database_url=f"sqlite:///{path}", env="test", warehouse=tmp_path / "absent.duckdb"))
    assert not path.exists()  # building the app touches nothing
    r = TestClient(app).get("/api/v1/projets")
    assert r.status_code == 200 and r.json()["total"] == 0
    assert path.exists()


def test_unknown_territory_refused_when_warehouse_present(database_url, ti_warehouse):
    from fastapi.testclient import TestClient

    from .conftest import make_app, seed_users

    app = make_app(database_url, warehouse=ti_warehouse)
    tokens = seed_users(app.state.store)
    client = TestClient(app, headers={"Authorization": f"Bearer {tokens['admin']}"})
    r = client.post("/api/v1/projets", json=payload("projets", territoire_id="ti-3299"))
    assert r.status_code == 422
    assert "ti-3205, ti-3212" in r.json()["detail"]
    assert client.get("/api/v1/projets").json()["total"] == 0
    assert client.post("/api/v1/projets", json=payload("projets")).status_code == 201
    anonymous = TestClient(app).post("/api/v1/projets", json=payload("projets", territoire_id="ti-3299"))
    assert anonymous.status_code == 401


def test_territoires_cache_follows_rebuild_and_holds_no_lock(database_url, tmp_path, ti_warehouse):
    import os
    import shutil

    import duckdb
    from fastapi.testclient import TestClient

    from .conftest import make_app

    wh = tmp_path / "wh.duckdb"
    shutil.copy(ti_warehouse, wh)
    client = TestClient(make_app(database_url, warehouse=wh))
    assert len(client.get("/api/v1/programme/territoires", params={"region": "84"}).json()) == 1
    con = duckdb.connect(str(wh))  # a writer (vigie build) can open the file: no lock held
    con.execute("insert into territoire_industrie values ('ti-8402', 2, 'Territoire test Savoie', '84', 'ARA', 1)")
    con.close()
    st = wh.stat()
    os.utime(wh, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert len(client.get("/api/v1/programme/territoires", params={"region": "84"}).json()) == 2
