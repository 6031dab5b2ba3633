"""Security headers, session and export audit, append-only journal (issue 12 item 6)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from vigie_industrie.programme import models

from .conftest import PASSWORD, create_row, transmit


def test_every_response_has_the_security_headers(env):
    c = env.client()
    for r in (c.get("/health"), c.get("/api/v1/contrats"), c.get("/api/v1/nulle-part"), c.get("/api/v1/besoins")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["referrer-policy"] == "same-origin"
    assert "default-src 'none'" in c.get("/api/v1/contrats").headers["content-security-policy"]
    docs = c.get("/api/v1/docs")
    assert docs.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in docs.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/api/v1/besoins", "/api/v1/auth/moi", "/api/v1/programme/export?type=besoins",
                                  "/api/v1/programme/audit"])
def test_confidential_resources_are_never_cached(env, path):
    r = env.client("admin").get(path)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"


def test_public_resources_may_be_cached(env):
    assert "no-store" not in env.client().get("/api/v1/contrats").headers.get("cache-control", "")


def _journal(env, entity=None):
    with env.store.session() as s:
        stmt = select(models.AuditEvent).order_by(models.AuditEvent.id)
        if entity:
            stmt = stmt.where(models.AuditEvent.entity == entity)
        return [(e.action, e.actor_email, e.after) for e in s.scalars(stmt)]


def test_logins_failures_logouts_and_exports_are_audited(env):
    c = env.client()
    assert c.post("/api/v1/auth/token", json={"email": "region@test.invalid", "password": "faux"}).status_code == 401
    token = c.post("/api/v1/auth/token", json={"email": "region@test.invalid", "password": PASSWORD}).json()["access_token"]
    transmit(env.store, "besoins", create_row(env.store, "besoins", "own").id)  # a région exports what it was sent
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/v1/programme/export", params={"type": "besoins", "format": "xlsx"}, headers=auth).status_code == 200
    assert c.post("/api/v1/auth/logout", headers=auth).status_code == 204
    sessions = _journal(env, "auth")
    assert [(a, e) for a, e, _ in sessions] == [("login_failed", "region@test.invalid"), ("login", "region@test.invalid"),
                                                 ("logout", "region@test.invalid")]
    assert all(after["adresse"] == "testclient" for _, _, after in sessions)
    assert "faux" not in str(sessions)
    [export] = [e for e in _journal(env, "besoins") if e[0] == "export"]
    assert export[1] == "region@test.invalid" and export[2]["format"] == "xlsx" and export[2]["lignes"] == 1


def test_audit_journal_is_append_only_in_the_database(env):
    create_row(env.store, "contrats", "own")
    engine = create_engine(env.store.url)
    try:
        for statement in ("update audit_event set actor_email = 'personne'", "delete from audit_event"):
            with pytest.raises(DBAPIError, match="ajout seul"):
                with engine.begin() as con:
                    con.execute(text(statement))
        with engine.connect() as con:
            assert con.scalar(select(func.count()).select_from(models.AuditEvent)) == 1
            assert con.scalar(text("select actor_email from audit_event")) == "test@local"
    finally:
        engine.dispose()
