"""Warming the fiche memo when the API starts (``vigie serve``), in one background thread.

Why: a cold fiche costs 30-90 ms of DuckDB point reads and model building, a memoised one well
under a millisecond. Under 50 concurrent clients asking for random EPCI fiches, the first
request of each of the 1,255 EPCI queued behind the others (p95 of seconds); once every fiche
a client is likely to ask for is memoised, requests only copy bytes. The thread builds, once
per warehouse file version, the JSON fiche of every EPCI, EPT, Territoire d'industrie (with its
phase), zone d'emploi, département and région (about 2,000, memoised by
``service.fiche_json_cached`` under the very key a request uses, so a warmed answer is the
answer that request would have computed) and France; communes (35,000) are left to the
memo as they are asked for. A new file version (a rebuild swapped in) starts the loop again.

``status()`` is what ``/health`` shows under ``fiches``: ``desactive``, ``en_cours`` or
``termine``, with counts and seconds. Off unless ``VIGIE_WARM_FICHES`` is set (``vigie serve``
sets it by default): tests and other embedders build fiches only when asked.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.fiches import service
from vigie_industrie.warehouse.connection import WarehouseReader

log = logging.getLogger(__name__)

# Most asked first: the EPCI (the programme's unit), then the larger kinds.
KINDS = ("epci", "territoire_industrie", "ept", "zone_emploi", "departement", "region")
POLL_SECONDS = 5.0

_state: dict = {"etat": "desactive", "pretes": 0, "total": 0, "secondes": None, "version": None}
_state_lock = threading.Lock()
_thread: threading.Thread | None = None


def status() -> dict:
    with _state_lock:
        return dict(_state)


def _set(**values) -> None:
    with _state_lock:
        _state.update(values)


def queries(reader: WarehouseReader) -> list[tuple[str, int | None]]:
    """(query, phase) of every territory to warm, most asked kinds first, then France."""
    rows = reader.con.execute(
        "select type, code, phase from territoire where list_contains(?, type)", [list(KINDS)]
    ).fetchall()
    order = {k: n for n, k in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[r[0]], r[1], r[2] or 0))
    return [(code, phase if type_ == "territoire_industrie" else None) for type_, code, phase in rows] + [("fr", None)]


def warm_once(path: Path) -> int:
    """Memoise the JSON fiche of every territory of ``queries`` for the current file; returns how many."""
    reader = WarehouseReader(path, shared=True)
    started = time.perf_counter()
    try:
        todo = queries(reader)
        version = reader.version
        _set(etat="en_cours", pretes=0, total=len(todo), secondes=None, version=list(version or ()))
        for n, (query, phase) in enumerate(todo, start=1):
            if reader.version != version:
                return n - 1  # swapped meanwhile: the loop starts again on the new file
            try:
                service.fiche_json_cached(reader, query, phase=phase)
            except errors.VigieError:
                pass  # memoised like any lookup error, or a warehouse problem /health reports
            if n % 50 == 0:
                _set(pretes=n)
        _set(etat="termine", pretes=len(todo), secondes=round(time.perf_counter() - started, 1))
        return len(todo)
    finally:
        reader.close()


def _loop(path: Path) -> None:
    warmed = None
    while True:
        try:
            version = WarehouseReader(path).version
            if version is not None and version != warmed:
                warm_once(path)
                warmed = version
        except errors.VigieError as exc:  # missing or unusable warehouse: /health says so; try later
            _set(etat="en_attente", detail=str(exc))
        except Exception:  # never let the thread die silently: the API still answers, colder
            log.exception("préchauffage des fiches interrompu")
            _set(etat="en_erreur")
        time.sleep(POLL_SECONDS)


def start(path: Path) -> None:
    """Start the warming thread once per process (a daemon: it never delays a shutdown)."""
    global _thread
    if _thread is not None:
        return
    _set(etat="en_attente")
    _thread = threading.Thread(target=_loop, args=(Path(path),), name="vigie-warm-fiches", daemon=True)
    _thread.start()
