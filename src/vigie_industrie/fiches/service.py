"""Build the typed fiche of a territory: resolve, gather the blocks, number the sources.

The one entry point for every renderer (CLI, API, later the web page and the PDF). Figures are
read from the indicator marts (``fiches.indicateurs``); membership from the crosswalk
(``fiches.appartenances``); a constituency adds its own typed blocks
(``territories.circonscription_fiche``).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict

import duckdb

from vigie_industrie import errors
from vigie_industrie.fiches import appartenances, indicateurs
from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import Fiche
from vigie_industrie.territories import circonscription_fiche, kinds, memo, resolver
from vigie_industrie.territories.model import Territoire
from vigie_industrie.warehouse.connection import WarehouseReader

MEMO_SIZE = 4096


def build(con: duckdb.DuckDBPyConnection, t: Territoire) -> Fiche:
    """The whole fiche of one resolved territory."""
    module = kinds.kind(t.type)
    citations = Citations()
    members = appartenances.communes(con, t)
    codes = [code for code, _ in members]
    whole = sum(1 for _, entier in members if entier)
    cles, blocs = indicateurs.blocs(con, t, citations)
    phase = f" — phase {t.phase}" if t.phase else ""
    return Fiche(
        titre=f"{t.nom} · {module.LABEL} {t.code}{phase}",
        type=t.type,
        libelle_type=module.LABEL,
        code=t.code,
        nom=t.nom,
        phase=t.phase,
        notes=list(t.notes),  # split communes: the kind says so, and each figure's note
        nb_communes=whole,
        parents=appartenances.relatifs(module.parents(con, t)),
        enfants=appartenances.relatifs(module.children(con, t)),
        chiffres_cles=cles,
        blocs=blocs,
        territoires_industrie=appartenances.territoires_industrie(con, t, codes, citations),
        circonscriptions=appartenances.circonscriptions(con, t, codes, citations),
        circonscription=circonscription_fiche.blocks(con, t.code, citations) if t.type == "circonscription" else None,
        sources=citations.sources(con),
    )


def fiche(con: duckdb.DuckDBPyConnection, query: str, *, phase: int | None = None, type_: str | None = None) -> Fiche:
    """The fiche of the territory ``query`` (a code or a name) designates."""
    return build(con, resolver.resolve(con, query, phase=phase, type_=type_))


_memo: OrderedDict[tuple, Fiche | errors.VigieError] = OrderedDict()
_lock = threading.Lock()


def fiche_cached(
    warehouse: WarehouseReader, query: str, *, phase: int | None = None, type_: str | None = None
) -> Fiche:
    """``fiche`` memoised per warehouse file version: the connection is only opened on a miss.

    Unknown, ambiguous and invalid lookups are memoised like good answers (``memo.LOOKUP_ERRORS``):
    clients sending unknown names would otherwise make every such request resolve again (issue 12:
    10 of them took 40 normal readers' p95 from 98 to 493 ms). A missing or unreadable warehouse is
    not memoised: it may be fixed without a new file version.
    """
    key = (str(warehouse.path), warehouse.version, query.strip(), phase, type_)
    return _memoised(_memo, MEMO_SIZE, key, lambda: _from_json_memo(key) or fiche(warehouse.con, query, phase=phase,
                                                                                      type_=type_))


def _from_json_memo(key: tuple) -> Fiche | None:
    """The model of a fiche whose JSON is already memoised (by the API or the background warm-up).

    Why: ``vigie serve`` warms the JSON memo only (holding both memos for every territory would
    double the memory of a warmed process), so without this a page asked after its API document or
    after the warm-up still rebuilt the fiche (~70 ms, 14 queries). Validating the memoised JSON
    takes 1-5 ms and gives an equal model (``model_dump_json`` round-trips; tested). A memoised
    lookup error is raised again, as the model memo would.
    """
    with _lock:
        raw = _json_memo.get(key)
    if raw is None:
        return None
    if isinstance(raw, BaseException):
        raise copy.copy(raw).with_traceback(None)
    return Fiche.model_validate_json(raw)


def _memoised(table: OrderedDict, size: int, key: tuple, build):
    """One LRU lookup shared by both memos: a hit moves to the end, a miss is built outside the
    lock, lookup errors are stored like answers and re-raised as fresh copies (concurrent callers
    never share one exception object)."""
    with _lock:
        hit = table.get(key)
        if hit is not None:
            table.move_to_end(key)
    if hit is None:
        try:
            hit = build()
        except memo.LOOKUP_ERRORS as exc:
            hit = exc.with_traceback(None)
        with _lock:
            table[key] = hit
            while len(table) > size:
                table.popitem(last=False)
    if isinstance(hit, BaseException):
        raise copy.copy(hit).with_traceback(None)
    return hit


_json_memo: OrderedDict[tuple, bytes | errors.VigieError] = OrderedDict()
JSON_MEMO_SIZE = 8192


def fiche_json_cached(
    warehouse: WarehouseReader, query: str, *, phase: int | None = None, type_: str | None = None
) -> bytes:
    """The fiche as its JSON document (``Fiche.model_dump_json``), memoised per file version.

    Why a second memo: under load the API serves the same fiches again and again, and dumping a
    memoised model (1-5 ms for a large fiche) was then most of a request. The bytes are what the
    API sends; a miss builds the model once (``fiche``, not ``fiche_cached``: the bytes are enough,
    and holding both would double the memory of a warmed process, see ``fiches.warm``). Lookup
    errors are memoised as in ``fiche_cached``.
    """
    key = (str(warehouse.path), warehouse.version, query.strip(), phase, type_)
    def build() -> bytes:
        with _lock:  # a fiche the web page already built is dumped, not built again
            model = _memo.get(key)
        if model is None or isinstance(model, BaseException):
            model = fiche(warehouse.con, query, phase=phase, type_=type_)
        return model.model_dump_json().encode()

    return _memoised(_json_memo, JSON_MEMO_SIZE, key, build)


def fiche_json_memoised(
    warehouse: WarehouseReader, query: str, *, phase: int | None = None, type_: str | None = None
) -> bytes | None:
    """The memoised JSON of ``fiche_json_cached``, or None on a miss (nothing is built; a memoised
    lookup error is raised again).

    Why: a hit costs a dictionary read, so the API answers it on its event loop; only a miss goes
    to the thread pool to be built. Sending hits through the pool too made them queue behind the
    builds (40 threads, 2 cores): under 50 clients, warmed fiches waited seconds behind cold ones.
    """
    key = (str(warehouse.path), warehouse.version, query.strip(), phase, type_)
    with _lock:
        hit = _json_memo.get(key)
        if hit is not None:
            _json_memo.move_to_end(key)
    if isinstance(hit, BaseException):
        raise copy.copy(hit).with_traceback(None)
    return hit


def is_memoised(warehouse: WarehouseReader, query: str) -> bool:
    """Whether the JSON fiche of ``query`` (no phase, no type) is memoised for the current file."""
    with _lock:
        return (str(warehouse.path), warehouse.version, query.strip(), None, None) in _json_memo


def clear_memo() -> None:
    with _lock:
        _memo.clear()
        _json_memo.clear()
