"""Gzip for the static assets and the home page only (the map's 2 MB transferred budget).

Why not gzip everything: the API's confidential answers (sessions, exports) mix secrets with
reflected input, the pattern compression side channels feed on; the assets and the home page are
public and the same for everyone. The map's GeoJSON answers are gzipped by their route (cached).
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware

PREFIXES = ("/static/",)
PAGES = ("/",)


class PublicGzip:
    """ASGI middleware: gzip responses of ``/static/…`` and ``/`` when the client accepts it."""

    def __init__(self, app, minimum_size: int = 1024) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path in PAGES or path.startswith(PREFIXES):
            return await self.gzip(scope, receive, send)
        return await self.app(scope, receive, send)
