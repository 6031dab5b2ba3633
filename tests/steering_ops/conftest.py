"""Fixtures of the steer-ops tests: the API test app (tests/api/conftest.py), page clients signed in
by the session cookie, and rows placed in any status (synthetic test values, not official data)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EPCI_A, EPCI_B, TODAY, Env, create_row, env, module_env, payload  # noqa: F401  (fixtures re-exported)
from vigie_industrie.programme import models, pending_imports, security

OWN_ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture(autouse=True)
def _private_import_area(tmp_path, monkeypatch):
    """Each test keeps its pending uploads in its own directory."""
    area = tmp_path / "imports-en-attente"
    monkeypatch.setattr(pending_imports, "default_dir", lambda: area)
    return area


def page_client(env: Env, who: str | None) -> TestClient:
    """A browser signed in as ``who`` (session cookie, as the sign-in page sets it); same-origin posts."""
    c = TestClient(env.app, follow_redirects=False)
    c.headers.update(OWN_ORIGIN)
    if who and who != "anonyme":
        c.cookies.set(security.COOKIE_NAME, env.tokens[who])
    return c


def form_token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert m, "champ csrf_token absent du formulaire"
    return m.group(1)


def set_fields(store, model, ident: int, **fields) -> None:
    """Put a row in a given state (e.g. a need ``transmis``) without going through the workflow."""
    with store.transaction() as session:
        row = session.get(model, ident)
        for k, v in fields.items():
            setattr(row, k, v)


def besoin(store, scope: str = "own", statut: str = "nouveau", **extra):
    row = create_row(store, "besoins", scope, **extra)
    if statut != "nouveau":
        set_fields(store, models.Besoin, row.id, statut=statut)
    return row


def days_before(n: int) -> str:
    return date.fromordinal(TODAY.toordinal() - n).isoformat()
