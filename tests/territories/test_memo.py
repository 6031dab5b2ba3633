"""Unknown and ambiguous lookups are memoised like good ones, per warehouse version."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from vigie_industrie import errors
from vigie_industrie.fiches import service
from vigie_industrie.territories import memo
from vigie_industrie.warehouse.connection import WarehouseReader


@pytest.fixture()
def counted(monkeypatch):
    calls = []
    real = service.fiche
    me = threading.get_ident()

    def counting(*args, **kwargs):
        if threading.get_ident() == me:  # a background warming thread (fiches.warm) is not this test
            calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "fiche", counting)
    service.clear_memo()
    yield calls
    service.clear_memo()


@pytest.mark.parametrize(
    ("query", "error"),
    [("Nullepart-sur-Mer", errors.UnknownTerritory), ("Saint-Omer", errors.AmbiguousTerritory), ("62999", errors.UnknownTerritory)],
)
def test_errors_are_cached_per_warehouse_version(counted, tmp_path, warehouse_path, query, error):
    wh = tmp_path / "wh.duckdb"
    shutil.copy(warehouse_path, wh)
    messages = []
    for _ in range(5):
        with pytest.raises(error) as caught, WarehouseReader(wh) as reader:
            service.fiche_cached(reader, query)
        messages.append(str(caught.value))
    assert counted == [query]  # computed once, then served from the cache
    assert len(set(messages)) == 1
    if error is errors.AmbiguousTerritory:
        assert caught.value.candidates
    stat = wh.stat()
    os.utime(wh, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a rebuild changes the version
    with pytest.raises(error), WarehouseReader(wh) as reader:
        service.fiche_cached(reader, query)
    assert counted == [query, query]


def test_good_answers_still_cached(counted, warehouse_path):
    with WarehouseReader(warehouse_path) as reader:
        first = service.fiche_cached(reader, "62139")
        assert service.fiche_cached(reader, "62139") is first and counted == ["62139"]


def test_transient_errors_are_not_cached(tmp_path):
    calls = []

    @memo.memoize_outcomes(maxsize=8)
    def flaky(x):
        calls.append(x)
        raise errors.WarehouseMissing("absent")

    for _ in range(3):
        with pytest.raises(errors.WarehouseMissing):
            flaky(1)
    assert calls == [1, 1, 1]


def test_cached_error_tracebacks_do_not_grow():
    @memo.memoize_outcomes(maxsize=8)
    def unknown(x):
        raise errors.UnknownTerritory(f"{x} inconnu")

    depths = []
    for _ in range(20):
        try:
            unknown("a")
        except errors.UnknownTerritory as exc:
            tb, depth = exc.__traceback__, 0
            while tb:
                depth, tb = depth + 1, tb.tb_next
            depths.append(depth)
    assert len(set(depths)) == 1
