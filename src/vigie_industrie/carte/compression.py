"""Gzip for the static assets and the home page only (the map's 2 MB transferred budget).

Why not gzip everything: the API's confidential answers (sessions, exports) mix secrets with
reflected input, the pattern compression side channels feed on; the assets and the home page are
public and the same for everyone. The map's JSON answers are gzipped by their route (cached).

Static files are compressed once per file version and kept in memory (maplibre-gl is 1.1 MB:
compressing it on every request costs more than sending it on loopback); the home page is
compressed on the fly (Starlette's GZipMiddleware).

maplibre's worker script gets its own Content-Security-Policy: a worker obeys the policy of its
script's response, and the app's default for non-HTML answers (``default-src 'none'``) would
forbid the worker to fetch the map's GeoJSON itself (``connect-src 'self'``), the work that keeps
600 kB of JSON parsing off the page's main thread.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware

STATIC_PREFIX = "/static/"
PAGES = ("/",)
COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".html", ".txt", ".map", ".ico")
WORKER_SCRIPT = "vendor/maplibre-gl/maplibre-gl-worker.mjs"
WORKER_CSP = b"default-src 'none'; script-src 'self'; connect-src 'self'"
mimetypes.add_type("text/javascript", ".mjs")


class PublicGzip:
    """ASGI middleware: gzip ``/static/…`` (cached) and ``/`` when the client accepts it."""

    def __init__(self, app, minimum_size: int = 1024) -> None:
        from vigie_industrie.web import STATIC_DIR

        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)
        self.root = Path(STATIC_DIR).resolve()
        self.cache: dict[tuple, bytes] = {}
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        accepts = b"gzip" in headers.get(b"accept-encoding", b"")
        if path == STATIC_PREFIX + WORKER_SCRIPT:
            send = _with_header(send, b"content-security-policy", WORKER_CSP)
        if accepts and path.startswith(STATIC_PREFIX) and scope.get("method") in ("GET", "HEAD"):
            found = self._static(path[len(STATIC_PREFIX):])
            if found is not None:
                return await self._send(send, scope, *found)
        if accepts and path in PAGES:
            return await self.gzip(scope, receive, send)
        return await self.app(scope, receive, send)

    def _static(self, relative: str):
        """(gzip bytes, media type, etag) of a compressible static file, or None (StaticFiles serves it)."""
        if not relative.endswith(COMPRESSIBLE) or "\x00" in relative:
            return None
        target = (self.root / relative).resolve()
        if self.root not in target.parents or not target.is_file():
            return None
        stat = target.stat()
        key = (str(target), stat.st_size, stat.st_mtime_ns)
        with self.lock:
            body = self.cache.get(key)
        if body is None:
            body = gzip.compress(target.read_bytes(), 6)
            with self.lock:
                self.cache[key] = body
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith(("javascript", "json")):
            media += "; charset=utf-8"
        return body, media, f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz"'

    async def _send(self, send, scope, body: bytes, media: str, etag: str) -> None:
        headers = dict(scope.get("headers") or [])
        fresh = headers.get(b"if-none-match", b"").decode() == etag
        response_headers = [
            (b"content-type", media.encode()), (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"),
            (b"etag", etag.encode()), (b"cache-control", b"public, max-age=3600"),
            (b"content-length", str(0 if fresh else len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 304 if fresh else 200, "headers": response_headers})
        await send({"type": "http.response.body", "body": b"" if fresh or scope.get("method") == "HEAD" else body})


def _with_header(send, name: bytes, value: bytes):
    """``send`` adding one response header (kept by SecurityHeaders, which fills only absent ones)."""
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (name, value)]}
        await send(message)
    return wrapped
