"""Models as build steps: raw tables and marts first, a failing model named, failed checks gathered."""

from __future__ import annotations

import duckdb
import pytest

from vigie_industrie import errors
from vigie_industrie.warehouse import runner, schedule


def _model(name, sql, layer="marts", depends_on=(), unique=(), not_null=()):
    return runner.Model(name=name, layer=layer, sql=sql, unique=tuple(unique), not_null=tuple(not_null),
                        depends_on=frozenset(depends_on))


@pytest.fixture()
def con():
    con = duckdb.connect(":memory:")
    con.execute("create schema raw; create schema staging")
    yield con
    con.close()


def _raw_step(table, sql):
    return schedule.Step(f"raw:{table}", lambda cursor: cursor.execute(f"create table {table} as {sql}"))


def _run(con, monkeypatch, models, raw_steps):
    monkeypatch.setattr(runner, "discover", lambda: models)
    steps = runner.steps({s.key[4:]: s.key for s in raw_steps}, {"raw.t": "source/t.csv"}, "all-raw")
    every = [*raw_steps, schedule.Step("all-raw", lambda _c: None, frozenset(s.key for s in raw_steps)), *steps]
    results = schedule.run(con, every, workers=2)
    outcomes = [results[s.key] for s in steps]
    runner.raise_failed_checks(outcomes)
    return outcomes


def test_a_model_waits_for_the_raw_table_and_the_marts_it_reads(con, monkeypatch):
    raw = [_raw_step("raw.t", "select range as x from range(3)")]
    models = [
        _model("v", "select x from raw.t", layer="staging"),
        _model("m", "select x * 2 as y from staging.v", depends_on={"staging:v"}),
        _model("n", "select sum(y) as s from m", depends_on={"marts:m"}),
    ]
    outcomes = _run(con, monkeypatch, models, raw)
    assert [(r.name, r.rows) for r, _failed in outcomes] == [("v", 3), ("m", 3), ("n", 1)]
    assert con.execute("select s from n").fetchone() == (6,)


def test_a_failing_model_is_named_with_the_files_it_reads(con, monkeypatch):
    raw = [_raw_step("raw.t", "select 'a' as x")]
    models = [_model("m", "select cast(x as integer) as y from raw.t")]
    with pytest.raises(errors.BuildError) as caught:
        _run(con, monkeypatch, models, raw)
    message = str(caught.value)
    assert "marts/m.sql en échec" in message and "source/t.csv" in message


def test_failed_checks_of_every_model_are_gathered_in_model_order(con, monkeypatch):
    raw = [_raw_step("raw.t", "select * from (values (1), (1), (null)) as v(x)")]
    models = [
        _model("a", "select x from raw.t", unique=[("x",)]),
        _model("b", "select x from raw.t", not_null=["x"]),
        _model("c", "select 1 as ok from a", depends_on={"marts:a"}),
    ]
    with pytest.raises(errors.BuildError) as caught:
        _run(con, monkeypatch, models, raw)
    message = str(caught.value)
    assert message.index("a : 1 valeur(s) dupliquée(s) de (x)") < message.index("b : 1 valeur(s) nulle(s) dans x")
    # a failed check does not stop the models that read the mart: every model is built first
    assert con.execute("select count(*) from c").fetchone() == (3,)


def test_a_raw_table_this_build_does_not_load_waits_for_every_load(con, monkeypatch):
    monkeypatch.setattr(runner, "discover", lambda: [
        _model("m", "select * from raw.absent"), _model("n", "select * from raw.t"),
        _model("p", "select * from source_provenance join raw.t using (x)"),
    ])
    m, n, p = runner.steps({"raw.t": "raw:raw.t"}, {}, "all-raw")
    assert m.depends_on == {"all-raw"}  # it ran after every load in a sequential build
    assert n.depends_on == {"raw:raw.t"}  # only its own file: it may start while others load
    assert p.depends_on == {"raw:raw.t", "all-raw"}  # provenance is written after every load
