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

The loop is a job of ``vigie_industrie.jobs``: the app's lifespan stops it at shutdown (between
two fiches, its running query interrupted), so a stopping server never exits mid-DuckDB.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from vigie_industrie import errors, jobs
from vigie_industrie.fiches import service
from vigie_industrie.warehouse.connection import WarehouseReader

log = logging.getLogger(__name__)

# Most asked first: the EPCI (the programme's unit), then the larger kinds.
KINDS = ("epci", "territoire_industrie", "ept", "zone_emploi", "departement", "region")
POLL_SECONDS = 5.0
JOB = "fiches-warm"

_state: dict = {"etat": "desactive", "pretes": 0, "total": 0, "secondes": None, "version": None}
_state_lock = threading.Lock()


def status() -> dict:
    with _state_lock:
        return dict(_state)


def _set(**values) -> None:
    with _state_lock:
        _state.update(values)


def queries(reader: WarehouseReader) -> list[tuple[str, int | None]]:
    """(query, phase) of every territory to warm, most asked kinds first, then France.

    Régions and départements are warmed under their unambiguous code (``reg-32``, ``dep-62``: what
    the pages link to and the suggestions give): « 32 » alone is the région and the Gers, and
    warming it memoised the ambiguity (409), never a fiche anyone reads."""
    from vigie_industrie.observatoire.suggestions import unambiguous

    rows = reader.con.execute(
        "select type, code, phase from territoire where list_contains(?, type)", [list(KINDS)]
    ).fetchall()
    order = {k: n for n, k in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[r[0]], r[1], r[2] or 0))
    return [(unambiguous(type_, code), phase if type_ == "territoire_industrie" else None)
            for type_, code, phase in rows] + [("fr", None)]


Warmer = Callable[[WarehouseReader], None]


def warm_once(path: Path, job: jobs.Job | None = None, first: Sequence[Warmer] = ()) -> int:
    """Run each of ``first`` (other answers to build before anyone asks: the home page's map), then
    memoise the JSON fiche of every territory of ``queries`` for the current file; returns how many
    fiches (fewer when the file is swapped meanwhile, or ``job`` is stopping)."""
    reader = WarehouseReader(path, shared=True)
    started = time.perf_counter()
    try:
        if job is not None:
            job.watch(reader.con)
        for warmer in first:
            try:
                warmer(reader)
            except errors.VigieError:
                pass  # the page answers it itself when asked (a problem+json, or a warehouse /health reports)
        todo = queries(reader)
        version = reader.version
        _set(etat="en_cours", pretes=0, total=len(todo), secondes=None, version=list(version or ()))
        for n, (query, phase) in enumerate(todo, start=1):
            if reader.version != version:
                return n - 1  # swapped meanwhile: the loop starts again on the new file
            if job is not None and job.stopping.is_set():
                _set(etat="arrete", pretes=n - 1)
                return n - 1
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


def _loop(job: jobs.Job, path: Path, first: Sequence[Warmer]) -> None:
    warmed = None
    while not job.stopping.is_set():
        try:
            version = WarehouseReader(path).version
            if version is not None and version != warmed:
                warm_once(path, job, first)
                warmed = version
        except errors.VigieError as exc:  # missing or unusable warehouse: /health says so; try later
            _set(etat="en_attente", detail=str(exc))
        except Exception:  # never let the loop die silently: the API still answers, colder
            if job.stopping.is_set():
                break  # the running query interrupted by the shutdown
            log.exception("préchauffage des fiches interrompu")
            _set(etat="en_erreur")
        if job.sleep(POLL_SECONDS):
            break
    _set(etat="arrete")


def start(path: Path, first: Sequence[Warmer] = ()) -> None:
    """Start the warming loop once per process, as a job (``jobs.stop()`` ends it at shutdown);
    ``first`` run before the fiches on each file version (see ``warm_once``)."""
    if jobs.is_running(JOB):
        return
    _set(etat="en_attente")
    jobs.submit(JOB, _loop, Path(path), tuple(first), name=JOB)
