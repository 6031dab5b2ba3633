"""Fixtures of the steer-ops tests: the API test app (tests/api/conftest.py), page clients signed in
by the session cookie, and rows placed in any status (synthetic test values, not official data)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EPCI_A, EPCI_B, TODAY, Env, create_row, env, module_env, payload  # noqa: F401  (fixtures re-exported)
from vigie_industrie.programme import pending_imports, security

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


STEPS = {"transmis": ["transmettre"], "accuse": ["transmettre", "accuser"],
         "repondu": ["transmettre", "accuser", "repondre"], "clos": ["transmettre", "accuser", "clore"]}


def advance(store, resource: str, ident: int, statut: str) -> None:
    """Take a draft through the workflow's actions (as the national admin) up to ``statut``."""
    from vigie_industrie.programme import transmission
    from vigie_industrie.programme.authz import Actor

    for action in STEPS.get(statut, []):
        with store.transaction() as session:
            transmission.apply(session=session, resource=resource, ids=[ident], action=action,
                               actor=Actor.system("test"), reponse="Réponse test" if action == "repondre" else None)


def besoin(store, scope: str = "own", statut: str = "brouillon", **extra):
    row = create_row(store, "besoins", scope, **extra)
    advance(store, "besoins", row.id, statut)
    return row


def projet_a_venir(store, scope: str = "own", statut: str = "brouillon", **extra):
    row = create_row(store, "projets_a_venir", scope, **extra)
    advance(store, "projets_a_venir", row.id, statut)
    return row


def days_before(n: int) -> str:
    return date.fromordinal(TODAY.toordinal() - n).isoformat()
