"""Who is looking at a steering page, and what a page does when its reader is not signed in.

Why a module of its own: every steering screen (needs, projects, missions, calendar, « à
traiter », import/export) needs the same three things, and they must not drift apart between
screens:

- the caller as the API sees it (``PageActor`` is the API's ``CurrentActor``: bearer token or the
  ``vigie_session`` cookie set by the sign-in page), so a screen can never show more than the
  API would answer to the same person;
- ``require_signed_in``: a screen that needs an account sends an anonymous reader to
  ``/connexion?suivant=<the page>`` (303) instead of an error page, and only to a path of this
  app (``suivant`` is never an absolute or protocol-relative address: no open redirect);
- ``render``: the page template with ``acteur`` (for the header's « Se connecter » / « Mon
  compte ») and ``csrf_token`` (hidden field ``csrf_token`` of every form; the middleware of
  ``api/csrf.py`` already refuses a cross-origin post by ``Origin``/``Referer``, the token is the
  fallback when a proxy strips both headers).

Refusals keep their meaning: a ``errors.Forbidden`` raised by the store's rights becomes the
French 403 page of ``web/erreurs.py`` with the store's own sentence (why it is refused).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from vigie_industrie.api import csrf
from vigie_industrie.api.deps import CurrentActor
from vigie_industrie.programme import security
from vigie_industrie.programme.authz import Actor

PageActor = CurrentActor
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


def install(app: FastAPI) -> None:
    """Register the redirect of ``SignInRequired`` (called by ``web.install``)."""

    async def to_sign_in(request: Request, exc: SignInRequired):
        return RedirectResponse(f"{SIGN_IN_PATH}?suivant={quote(safe_next(exc.next_path), safe='/')}", status_code=303)

    app.add_exception_handler(SignInRequired, to_sign_in)
