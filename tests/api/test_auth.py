"""Login, tokens, session cookie, logout, disabled accounts, login rate limit, body limit."""

from __future__ import annotations

from vigie_industrie.programme import users

from .conftest import PASSWORD, payload


def login(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def test_login_gives_bearer_token_and_cookie(env):
    client = env.client()
    r = login(client, "region@test.invalid")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["utilisateur"]["role"] == "region"
    assert "vigie_session" in r.cookies
    # the cookie alone authenticates (web session)
    assert client.get("/api/v1/auth/moi").json()["email"] == "region@test.invalid"
    # and the bearer token alone too (API)
    fresh = env.client()
    fresh.headers["Authorization"] = f"Bearer {body['access_token']}"
    assert fresh.post("/api/v1/missions", json=payload("missions")).status_code == 201


def test_wrong_password_is_401_in_french(env):
    r = login(env.client(), "region@test.invalid", "mauvais-mot-de-passe")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Identifiants refusés" in r.json()["detail"]
    assert login(env.client(), "inconnu@test.invalid").status_code == 401


def test_bad_token_is_401(env):
    client = env.client()
    client.headers["Authorization"] = "Bearer nimportequoi"
    r = client.get("/api/v1/projets")
    assert r.status_code == 401
    assert "reconnectez-vous" in r.json()["detail"]


def test_logout_revokes_token(env):
    client = env.client()
    token = login(client, "admin@test.invalid").json()["access_token"]
    client.cookies.clear()
    client.headers["Authorization"] = f"Bearer {token}"
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/auth/moi").status_code == 401


def test_disabled_user_loses_access_at_once(env):
    client = env.client("epci")
    assert client.get("/api/v1/besoins").status_code == 200
    with env.store.transaction() as session:
        users.disable_user(session=session, email="epci@test.invalid", actor=users.Actor.system("test"))
    assert client.get("/api/v1/besoins").status_code == 401
    assert login(env.client(), "epci@test.invalid").status_code == 401


def test_login_rate_limited(env):
    client = env.client()
    statuses = [login(client, "admin@test.invalid", "faux-mot-de-passe").status_code for _ in range(12)]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    r = login(client, "admin@test.invalid")  # even the right password waits
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    assert "réessayez dans" in r.json()["detail"]


def test_write_without_credentials_is_401(env):
    r = env.client().post("/api/v1/projets", json=payload("projets"))
    assert r.status_code == 401
    assert "POST /api/v1/auth/token" in r.json()["detail"]


def test_request_too_large_is_413(env):
    big = b'{"titre": "' + b"x" * (env.app.state.settings.max_request_bytes + 10) + b'"}'
    r = env.client("admin").post("/api/v1/projets", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "VIGIE_MAX_REQUEST_BYTES" in r.json()["detail"]


def test_chunked_request_too_large_is_413(env):
    limit = env.app.state.settings.max_request_bytes

    def chunks():
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    r = env.client("admin").post("/api/v1/projets", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_password_hash_is_argon2(env):
    from sqlalchemy import select

    from vigie_industrie.programme import models

    with env.store.session() as session:
        h = session.scalar(select(models.User.password_hash).where(models.User.email == "admin@test.invalid"))
    assert h.startswith("$argon2id$") and PASSWORD not in h


def test_the_product_hashes_with_argon2id_at_its_full_cost(_cheap_password_hashing):
    """The suite's accounts use a cheap Argon2id (tests/conftest.py); the product must not."""
    from argon2 import PasswordHasher, Type, extract_parameters

    params = extract_parameters(_cheap_password_hashing.hash("x"))
    default = PasswordHasher()
    assert params.type is Type.ID
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        default.time_cost, default.memory_cost, default.parallelism) and params.memory_cost >= 65536
