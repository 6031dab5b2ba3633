"""One answer per warehouse version: the map's data and its picture are built once, sent gzip, revalidated by ETag.

The national layers (GeoJSON of every EPCI, the values of an indicator, the SVG picture of the
home page) cost tens to hundreds of milliseconds to build and weigh hundreds of kilobytes, but only
change when the warehouse does. The API routes of ``/api/v1/carte`` and the home page's
``/carte/apercu.svg`` therefore share this cache: keyed by the warehouse file and its version, so a
rebuild (atomic swap) is never answered from the previous file's bytes; bounded, so a stream of
distinct queries cannot grow it without limit.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from typing import Callable

from fastapi import Request
from fastapi.responses import Response

MAX_ENTRIES = 128
_cache: dict[tuple, tuple[str, bytes, bytes]] = {}
_lock = threading.Lock()


def cached(warehouse, key: tuple, build: Callable[[], bytes]) -> tuple[str, bytes, bytes]:
    """(ETag, bytes, gzip bytes) of what ``build()`` makes, built once per (warehouse version, ``key``).

    Also called without a request, to build an answer before anyone asks (``web.accueil.prechauffer``).
    ``build`` may raise: nothing is cached then."""
    full_key = (str(warehouse.path), warehouse.version, *key)
    with _lock:
        hit = _cache.get(full_key)
    if hit is None:
        body = build()
        hit = (f'"{hashlib.sha256(body).hexdigest()[:20]}"', body, gzip.compress(body, 6))
        with _lock:
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[full_key] = hit
    return hit


def cached_response(request: Request, warehouse, key: tuple, build: Callable[[], bytes], media: str) -> Response:
    """``cached(warehouse, key, build)`` as an answer: gzip when accepted, 304 on a matching
    ``If-None-Match``. ``build`` may raise (a problem+json answer): nothing is cached then."""
    etag, body, zipped = cached(warehouse, key, build)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(zipped, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=media, headers=headers)
