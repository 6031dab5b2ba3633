"""The header of a public page (no actor resolved): « Mon compte » only for a live session, « Se
connecter » for no cookie, an expired one or a revoked one; no store query without a cookie, and at
most one per ``HeaderCheck.ttl`` for a signed-in reader (``web/session.py``)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from sqlalchemy import event, update

from vigie_industrie.programme import models, security

from .conftest import ORIGIN, signed_in

PUBLIC = "/a-propos"  # a page rendered without ``acteur``: the header asks session_ouverte(request)


def _header(client) -> str:
    html = client.get(PUBLIC).text
    account, sign_in = 'id="lien-compte"' in html, 'id="lien-connexion"' in html
    assert account != sign_in, "the header shows exactly one of the two links"
    return "Mon compte" if account else "Se connecter"


@contextmanager
def _queries(store):
    """The SQL statements the programme store runs meanwhile."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _sign_in_page(env) -> TestClient:
    from tests.api.conftest import PASSWORD

    c = TestClient(env.app)
    r = c.post("/connexion", data={"email": "epci@test.invalid", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    return c


def test_no_cookie_reads_se_connecter_without_a_query(web_env):
    c = TestClient(web_env.app)
    _header(c)  # warm-up: the page's own lazy work (catalogue, lineage) is not the header's
    with _queries(web_env.store) as seen:
        assert _header(c) == "Se connecter"
    assert seen == []


def test_live_session_reads_mon_compte_then_cached(web_env):
    c = _sign_in_page(web_env)
    with _queries(web_env.store) as seen:  # primed by the sign-in page: no query at all
        assert _header(c) == "Mon compte"
        assert _header(c) == "Mon compte"
    assert seen == []


def test_expired_cookie_reads_se_connecter(web_env):
    c = signed_in(web_env, "epci")  # cookie set by the API (the header has not seen it yet)
    assert security.COOKIE_NAME in c.cookies
    with web_env.store.transaction() as session:
        session.execute(update(models.ApiToken).values(expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
    assert _header(c) == "Se connecter"
    # A steering page says the same and sends the reader to sign in again, coming back afterwards
    # (not the API's 401 « POST /api/v1/auth/token », which means nothing to a person with a browser).
    for page in ("/compte", "/besoins?statut=transmis"):
        sent = c.get(page, follow_redirects=False)
        assert sent.status_code == 303, (page, sent.status_code)
        assert sent.headers["location"].startswith("/connexion?suivant=/"), sent.headers["location"]
    # A public page reads the dead cookie as a signed-out reader: it answers, it does not refuse.
    for page in (PUBLIC, "/comparer"):  # /comparer reads the caller (its custom perimeters)
        public = c.get(page, follow_redirects=False)
        assert public.status_code == 200 and 'id="lien-connexion"' in public.text, (page, public.status_code)
    # A bad bearer token is still the API's 401: a program gets the answer a program can act on.
    token = c.cookies[security.COOKIE_NAME]
    api = TestClient(web_env.app).get("/besoins", headers={"Authorization": f"Bearer {token}"},
                                      follow_redirects=False)
    assert api.status_code == 401


def test_revoked_cookie_reads_se_connecter_within_the_ttl(web_env):
    c = _sign_in_page(web_env)
    check = web_env.app.state.header_check
    now = [check.clock()]
    check.clock = lambda: now[0]
    assert _header(c) == "Mon compte"
    token = c.cookies[security.COOKIE_NAME]
    other = TestClient(web_env.app)  # the same session closed elsewhere (API, bearer): the cookie stays
    assert other.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}).status_code == 204
    now[0] += check.ttl + 1
    assert _header(c) == "Se connecter"
    with _queries(web_env.store) as seen:  # remembered too: a dead cookie is not asked again at once
        assert _header(c) == "Se connecter"
    assert seen == []


def test_sign_out_page_forgets_at_once(web_env):
    c = _sign_in_page(web_env)
    token = c.cookies[security.COOKIE_NAME]
    assert _header(c) == "Mon compte"
    assert c.post("/deconnexion", headers=ORIGIN, follow_redirects=False).status_code == 303
    stale = TestClient(web_env.app, cookies={security.COOKIE_NAME: token})  # a copy of the old cookie
    assert _header(stale) == "Se connecter"
