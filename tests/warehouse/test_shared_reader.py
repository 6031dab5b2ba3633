"""The API's shared read-only database: one per warehouse file version, swapped with the file."""

from __future__ import annotations

import os

import duckdb

from vigie_industrie.warehouse import connection
from vigie_industrie.warehouse.connection import WarehouseReader


def _tiny(path, value: int) -> None:
    con = duckdb.connect(str(path))
    con.execute(f"create table t as select {value} as x")
    con.close()


def test_a_swapped_file_is_read_at_once_and_readers_never_block_the_swap(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "_shared", {})
    live, new = tmp_path / "wh.duckdb", tmp_path / "wh.duckdb.building"
    _tiny(live, 1)
    held = WarehouseReader(live, shared=True)
    assert held.con.execute("select x from t").fetchone() == (1,)
    _tiny(new, 2)
    os.replace(new, live)  # what `vigie build` does, while `held` still reads the old file
    st = live.stat()
    os.utime(live, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a distinct version even on a coarse clock
    with WarehouseReader(live, shared=True) as fresh:
        assert fresh.con.execute("select x from t").fetchone() == (2,)
    assert held.con.execute("select x from t").fetchone() == (1,)  # an in-flight reader finishes on its version
    held.close()
    assert len(connection._shared) == 1  # only the latest version is kept


def test_cursors_of_one_version_share_one_database(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "_shared", {})
    path = tmp_path / "wh.duckdb"
    _tiny(path, 7)
    opened = []
    real = connection.connect
    monkeypatch.setattr(connection, "connect", lambda p, **kw: opened.append(p) or real(p, **kw))
    for _ in range(5):
        with WarehouseReader(path, shared=True) as reader:
            assert reader.con.execute("select x from t").fetchone() == (7,)
    assert len(opened) == 1
