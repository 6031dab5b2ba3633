"""CSRF protection of cookie-authenticated writes (pure ASGI middleware).

Why: the web session cookie (``vigie_session``) is sent by the browser with any request to the
API, including a form or ``fetch`` posted from another site; ``SameSite=Lax`` stops most of them
but not a sibling sub-domain nor an old browser. A write (POST, PUT, PATCH, DELETE) that carries
the session cookie and no ``Authorization: Bearer`` header must prove it comes from this app:

1. ``Origin`` (sent by every current browser on such requests) names this host — the ``Host``
   the request was sent to; ``Origin: null`` or another host is refused;
2. failing ``Origin``, ``Referer`` names this host;
3. failing both (a proxy stripped them), the header ``X-CSRF-Token`` carries
   :func:`token_for` the session — an HMAC of the session token under ``VIGIE_SECRET_KEY``,
   which a page of this app can embed (``GET /api/v1/auth/csrf``) and another site cannot read.

Bearer-token calls are not affected: a browser never adds that header cross-site by itself.
A refusal is a 403 ``application/problem+json`` in French.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from vigie_industrie.api.problems import PROBLEM_JSON

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
HEADER = "x-csrf-token"


def token_for(session_token: str, secret: str) -> str:
    """The anti-CSRF token of a session (deterministic: no server state)."""
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def _host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return parts.netloc.lower() or None


class CsrfProtection:
    def __init__(self, app, secret: str, cookie_name: str):
        self.app = app
        self.secret = secret
        self.cookie_name = cookie_name

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in UNSAFE:
            return await self.app(scope, receive, send)
        headers = {}
        for name, value in scope.get("headers") or []:
            headers.setdefault(name.decode("latin1"), value.decode("latin1"))
        if headers.get("authorization", "").lower().startswith("bearer "):
            return await self.app(scope, receive, send)
        session = self._session(headers.get("cookie", ""))
        if session is None:
            return await self.app(scope, receive, send)
        refusal = self._refusal(headers, session)
        if refusal is None:
            return await self.app(scope, receive, send)
        await self._refuse(send, refusal)

    def _session(self, cookie_header: str) -> str | None:
        if self.cookie_name not in cookie_header:
            return None
        try:
            jar = SimpleCookie(cookie_header)
        except Exception:  # unparsable cookie header: treat as a session to be safe
            return ""
        morsel = jar.get(self.cookie_name)
        return morsel.value if morsel is not None else None

    def _refusal(self, headers: dict[str, str], session: str) -> str | None:
        own = headers.get("host", "").lower()
        origin = headers.get("origin")
        if origin is not None:
            host = _host_of(origin)
            if host and host == own:
                return None
            return f"l'origine « {origin[:100]} » n'est pas celle de l'application ({own or 'hôte inconnu'})"
        referer = headers.get("referer")
        if referer is not None:
            if _host_of(referer) == own:
                return None
            return f"la page d'origine (Referer) n'appartient pas à l'application ({own or 'hôte inconnu'})"
        token = headers.get(HEADER, "")
        if session and token and hmac.compare_digest(token, token_for(session, self.secret)):
            return None
        return "ni Origin, ni Referer, ni en-tête X-CSRF-Token valide (GET /api/v1/auth/csrf)"

    async def _refuse(self, send, why: str) -> None:
        body = json.dumps({
            "type": "about:blank", "title": "Requête intersite refusée", "status": 403,
            "detail": f"Écriture refusée : elle est authentifiée par le cookie de session mais {why}. "
                      "Envoyez-la depuis l'application, ou authentifiez-vous par « Authorization: Bearer <jeton> ».",
        }, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
