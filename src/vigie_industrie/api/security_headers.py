"""Security headers on every response (pure ASGI middleware, so errors and 413s get them too).

Why each header:

- ``X-Content-Type-Options: nosniff``: a CSV export or a JSON body is never run as a script;
- ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'``: no page of the app framed by
  another site (clickjacking of a form);
- ``Content-Security-Policy``: JSON and files get ``default-src 'none'`` (nothing to load);
  HTML pages (the API docs, later the web app) load only from this origin, with the inline
  bootstrap script the docs page needs;
- ``Referrer-Policy: same-origin``: addresses with territory ids or filters do not leak to
  other sites, while the app's own pages still send a Referer (a CSRF fallback);
- ``Cache-Control: no-store`` on confidential resources (firm-level needs, authentication,
  exports, audit, import reports): neither a shared cache nor the browser keeps a copy;
- ``Strict-Transport-Security`` outside development (the cookie is ``Secure`` there too).

Headers a route sets itself are kept, except caching headers on confidential resources.
"""

from __future__ import annotations

from collections.abc import Iterable

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HTML_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


class SecurityHeaders:
    def __init__(self, app, *, confidential: Iterable[str] = (), hsts: bool = False):
        self.app = app
        self.confidential = tuple(confidential)
        self.hsts = hsts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": self._headers(path, list(message.get("headers") or []))}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers(self, path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in headers}
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        if content_type.startswith(b"text/html"):
            csp = HTML_CSP  # the API docs' assets are served by the app itself (api/docs.py)
        else:
            csp = API_CSP
        wanted = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", csp.encode()),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if self.hsts:
            wanted.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        if path.startswith(self.confidential):  # forced, even over a route's own caching headers
            headers = [(n, v) for n, v in headers if n.lower() not in (b"cache-control", b"pragma", b"expires")]
            present -= {b"cache-control", b"pragma"}
            wanted += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
        return headers + [(n, v) for n, v in wanted if n not in present]
