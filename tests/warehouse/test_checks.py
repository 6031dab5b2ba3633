"""The declared checks of a model (``-- unique:`` / ``-- not_null:``) on small relations.

The unique check counts distinct hashes of the key and groups the key exactly only when two
rows share a hash: these cases pin the exact counts it must report either way.
"""

from __future__ import annotations

import duckdb
import pytest

from vigie_industrie.warehouse import runner


def _model(relation: str, unique=(), not_null=()) -> runner.Model:
    return runner.Model(name=relation, layer="marts", sql="", unique=tuple(unique), not_null=tuple(not_null))


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values ('a', 1, 'x'), ('a', 2, 'y'), ('b', 1, null), "
        "('b', 1, 'z'), ('c', null, 'w'), ('c', null, 'v'), ('d', 3, 'u')) as v(k1, k2, label)"
    )
    return con


def test_duplicated_keys_are_counted_exactly(con):
    # (b, 1) and (c, NULL) are each held by two rows: NULL keys group together, as in GROUP BY
    assert runner.check_model(con, _model("t", unique=[("k1", "k2")])) == [
        "t : 2 valeur(s) dupliquée(s) de (k1, k2)"
    ]
    assert runner.check_model(con, _model("t", unique=[("k1",)])) == ["t : 3 valeur(s) dupliquée(s) de (k1)"]


def test_unique_keys_and_nulls(con):
    assert runner.check_model(con, _model("t", unique=[("k1", "label")], not_null=["k1"])) == []
    assert runner.check_model(con, _model("t", unique=[("k1", "k2", "label")], not_null=["k2", "label"])) == [
        "t : 2 valeur(s) nulle(s) dans k2",
        "t : 1 valeur(s) nulle(s) dans label",
    ]


def test_the_exact_grouping_runs_only_when_hashes_are_shared(con, monkeypatch):
    calls = []
    original = runner._duplicates_sql

    def spy(relation, cols):
        calls.append(cols)
        return original(relation, cols)

    monkeypatch.setattr(runner, "_duplicates_sql", spy)
    con.execute("create table collide as select 1 as a, 1 as b union all select 2, 1")
    assert runner.check_model(con, _model("collide", unique=[("a", "b")])) == []
    assert calls == []  # distinct hashes: no exact grouping needed
    assert runner.check_model(con, _model("t", unique=[("k1", "k2")]))
    assert calls == [("k1", "k2")]
