"""Who is looking at a steering page, and what a page does when its reader is not signed in.

Why a module of its own: every steering screen (needs, projects, missions, calendar, « à
traiter », import/export) needs the same three things, and they must not drift apart between
screens:

- the caller as the API sees it (``PageActor``: the API's own ``get_actor``, bearer token or the
  ``vigie_session`` cookie set by the sign-in page), so a screen can never show more than the
  API would answer to the same person; a dead cookie reads as signed out, so the reader is sent
  to the sign-in page rather than shown the API's 401;
- ``require_signed_in``: a screen that needs an account sends an anonymous reader to
  ``/connexion?suivant=<the page>`` (303) instead of an error page, and only to a path of this
  app (``suivant`` is never an absolute or protocol-relative address: no open redirect);
- ``render``: the page template with ``acteur`` (for the header's « Se connecter » / « Mon
  compte ») and ``csrf_token`` (hidden field ``csrf_token`` of every form; the middleware of
  ``api/csrf.py`` already refuses a cross-origin post by ``Origin``/``Referer``, the token is the
  fallback when a proxy strips both headers);
- ``HeaderCheck``: the same header on a public page (no ``acteur``), truthful without a store
  query per page: an expired or revoked cookie reads « Se connecter ».

Refusals keep their meaning: a ``errors.Forbidden`` raised by the store's rights becomes the
French 403 page of ``web/erreurs.py`` with the store's own sentence (why it is refused).
"""

from __future__ import annotations

import threading
import time
from datetime import timezone
from urllib.parse import quote

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from vigie_industrie import errors
from vigie_industrie.api import csrf
from vigie_industrie.api.deps import request_actor
from vigie_industrie.programme import models, security, users
from vigie_industrie.programme.authz import Actor

async def page_actor(request: Request) -> Actor:
    """The API's caller, except that a dead session cookie reads as a signed-out reader: the page then
    sends to ``/connexion?suivant=…`` instead of the API's 401 « POST /api/v1/auth/token »."""
    return await request_actor(request, dead_cookie_is_anonymous=True)


PageActor = Annotated[Actor, Depends(page_actor)]
SIGN_IN_PATH = "/connexion"


class SignInRequired(Exception):
    """Raised by a page that needs an account; turned into a redirect to the sign-in page."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


def safe_next(value: str | None, default: str = "/a-traiter") -> str:
    """A ``suivant`` target limited to this app's paths (``/x``, never ``//host`` or ``https://``)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def require_signed_in(request: Request, actor: Actor) -> Actor:
    """The actor, or a redirect to the sign-in page that comes back here afterwards."""
    if not actor.authenticated:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    return actor


def csrf_token(request: Request) -> str:
    """The anti-CSRF token of the request's session ('' without a session)."""
    session = request.cookies.get(security.COOKIE_NAME)
    if not session:
        return ""
    return csrf.token_for(session, request.app.state.settings.secret_key)


def render(request: Request, actor: Actor, name: str, context: dict | None = None, status_code: int = 200):
    """A steering page: its template with the actor and the form token added to the context."""
    from vigie_industrie.web import templating

    full = {"acteur": actor, "csrf_token": csrf_token(request)}
    full.update(context or {})
    return templating.render(request, name, full, status_code=status_code)


class HeaderCheck:
    """Whether a ``vigie_session`` cookie is a live session, for the header of a public page.

    Why: a public page resolves no actor (no store query for an anonymous reader), and the cookie's
    mere presence said « Mon compte » even for an expired or revoked session. The answer comes from
    the API's own rule (``users.actor_from_token``: known token, not expired, active account), asked
    once per session and remembered ``ttl`` seconds, never beyond the token's expiry: a reader with
    no cookie costs nothing, a signed-in one one query a minute at most. The sign-in page primes the
    answer (``remember``) and the sign-out page drops it (``forget``); a session revoked elsewhere
    (``POST /api/v1/auth/logout``, account disabled) reads « Se connecter » within ``ttl``.
    """

    def __init__(self, ttl: float = 60.0, clock=time.time, size: int = 10_000):
        self.ttl, self.clock, self.size = ttl, clock, size
        self._seen: dict[str, tuple[float, bool]] = {}  # token digest → (answer valid until, signed in)
        self._lock = threading.Lock()

    def _keep(self, token: str, until: float, live: bool) -> None:
        with self._lock:
            if len(self._seen) >= self.size:  # bound memory under a spray of forged cookies
                now = self.clock()
                self._seen = {k: v for k, v in self._seen.items() if v[0] > now}
                if len(self._seen) >= self.size:
                    self._seen.clear()
            self._seen[security.token_digest(token)] = (until, live)

    def remember(self, token: str, expires) -> None:
        """A session just opened (sign-in page): live until ``ttl`` or its expiry, without a query."""
        self._keep(token, min(self.clock() + self.ttl, expires.timestamp()), True)

    def forget(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._seen.pop(security.token_digest(token), None)

    def signed_in(self, store, token: str | None) -> bool:
        if not token:
            return False
        now = self.clock()
        known = self._seen.get(security.token_digest(token))
        if known and known[0] > now:
            return known[1]
        try:
            with store.session() as session:
                users.actor_from_token(session=session, token=token)
                expires = session.scalar(select(models.ApiToken.expires_at)
                                         .where(models.ApiToken.token_hash == security.token_digest(token)))
        except errors.NotAuthenticated:  # unknown, revoked, expired or disabled: it never comes back
            self._keep(token, now + self.ttl, False)
            return False
        except (errors.VigieError, SQLAlchemyError):  # store unreachable: a public page still renders
            return False
        expiry = expires.timestamp() if expires.tzinfo else expires.replace(tzinfo=timezone.utc).timestamp()
        self._keep(token, min(now + self.ttl, expiry), True)
        return True


def header_check(request: Request) -> HeaderCheck:
    state = request.app.state
    if getattr(state, "header_check", None) is None:
        state.header_check = HeaderCheck()
    return state.header_check


def signed_in(request: Request) -> bool:
    """The header of a public page: « Mon compte » only for a live session (``HeaderCheck``)."""
    return header_check(request).signed_in(request.app.state.store, request.cookies.get(security.COOKIE_NAME))


def install(app: FastAPI) -> None:
    """Register the redirect of ``SignInRequired`` and the header's ``session_ouverte(request)``
    (called by ``web.install``)."""
    from vigie_industrie.web import templating

    templating.env.globals["session_ouverte"] = signed_in
    app.state.header_check = HeaderCheck()

    async def to_sign_in(request: Request, exc: SignInRequired):
        return RedirectResponse(f"{SIGN_IN_PATH}?suivant={quote(safe_next(exc.next_path), safe='/')}", status_code=303)

    app.add_exception_handler(SignInRequired, to_sign_in)
