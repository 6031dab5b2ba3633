"""CSRF (issue 12 item 5): cookie-authenticated writes must come from the app's own origin."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vigie_industrie.config import Settings
from vigie_industrie.programme import security

from .conftest import PASSWORD, create_row, make_app, payload, seed_users

EVIL = {"Origin": "http://evil.example"}


def cookie_client(env, who="region") -> TestClient:
    c = TestClient(env.app)
    c.cookies.set(security.COOKIE_NAME, env.tokens[who])
    return c


def _three_writes(env, client, headers):
    copil = create_row(env.store, "copil", "own")
    csv_text = "territoire_id,phase,siren_epci,titre,enjeu\nti-3212,2,200072460,Projet test,innover\n"
    return [
        client.post("/api/v1/contrats", json=payload("contrats", "own", env.store), headers=headers),
        client.post("/api/v1/programme/import", params={"type": "projets"}, headers=headers,
                    files={"fichier": ("p.csv", csv_text.encode(), "text/csv")}),
        client.delete(f"/api/v1/copil/{copil.id}", headers=headers),
    ]


def test_cookie_writes_from_another_origin_are_refused(env):
    responses = _three_writes(env, cookie_client(env), EVIL)
    assert [r.status_code for r in responses] == [403, 403, 403]
    for r in responses:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "evil.example" in r.json()["detail"] and "Bearer" in r.json()["detail"]
    assert env.client("admin").get("/api/v1/contrats").json()["total"] == 0
    assert env.client("admin").get("/api/v1/copil").json()["total"] == 1


def test_cookie_writes_from_the_app_itself_pass(env):
    own = {"Origin": "http://testserver"}
    assert [r.status_code for r in _three_writes(env, cookie_client(env), own)] == [201, 200, 204]


def test_referer_is_the_fallback_and_null_origin_is_refused(env):
    c = cookie_client(env)
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store),
                  headers={"Referer": "http://evil.example/page"}).status_code == 403
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store),
                  headers={"Origin": "null"}).status_code == 403
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store),
                  headers={"Referer": "http://testserver/programme"}).status_code == 201


def test_no_origin_needs_the_signed_token(env):
    c = cookie_client(env)
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store)).status_code == 403
    token = c.get("/api/v1/auth/csrf").json()["csrf_token"]
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store),
                  headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    assert c.post("/api/v1/contrats", json=payload("contrats", "own", env.store),
                  headers={"X-CSRF-Token": token}).status_code == 201


def test_bearer_calls_are_not_affected(env):
    r = env.client("region").post("/api/v1/contrats", json=payload("contrats", "own", env.store), headers=EVIL)
    assert r.status_code == 201


def test_session_cookie_is_secure_outside_development(database_url, tmp_path):
    app = make_app(database_url, tmp_path=tmp_path)
    app.state.settings = Settings(database_url=database_url, env="production", secret_key="s" * 40)
    seed_users(app.state.store)
    r = TestClient(app).post("/api/v1/auth/token", json={"email": "admin@test.invalid", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert r.status_code == 200 and "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
