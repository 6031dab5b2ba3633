"""Sorted marts (``-- order_by:``) and the checkpoint run beside their computation.

The warehouse here is a real DuckDB file attached as ``wh``, as in ``vigie build``: a checkpoint of
an in-memory database would prove nothing.
"""

from __future__ import annotations

import duckdb
import pytest

from vigie_industrie.warehouse import runner, schedule


def _model(name, sql, *, order_by="", depends_on=(), unique=(), not_null=()):
    return runner.Model(name=name, layer="marts", sql=sql, unique=tuple(unique), not_null=tuple(not_null),
                        depends_on=frozenset(depends_on), order_by=order_by)


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{tmp_path / 'wh.duckdb'}' as wh")
    con.execute("use wh")
    con.execute("create schema raw; create schema staging")
    runner.attach_scratch(con)
    yield con
    con.close()


def _setup(cursor):
    cursor.execute("use wh")
    cursor.execute("set preserve_insertion_order = false")


def _build(con, monkeypatch, models, raw_sql="select range as x, (range * 7919) % 100003 as k from range(1000000)"):
    """The build's plan over ``models``: one raw table, the models' steps, the checkpoint."""
    monkeypatch.setattr(runner, "discover", lambda: models)
    raw = schedule.Step("raw:raw.t", lambda cursor: cursor.execute(f"create table raw.t as {raw_sql}").fetchall())
    steps = runner.steps({"raw.t": "raw:raw.t"}, {"raw.t": "source/t.csv"}, "all-raw")
    every, checkpoint = runner.with_checkpoint(
        [raw, schedule.Step("all-raw", lambda _c: None, frozenset({"raw:raw.t"})), *steps]
    )
    try:
        results = schedule.run(con, every, workers=3, setup=_setup)
    finally:
        checkpoint.join()
    runner.raise_failed_checks([results[s.key] for s in steps if not s.key.startswith("compute:")])
    return results, checkpoint


MODELS = [
    # several row groups, checked (unique, not null) as the build's marts are
    _model("big", "select x, k from raw.t", unique=[("x",)], not_null=("x", "k")),
    _model("small", "select k, count(*) as n from big group by k", depends_on={"marts:big"}, unique=[("k",)]),
    # independent marts on the three cursors: one's checks, then another's write (as in the build)
    *(_model(f"part_{i}", f"select k, count(*) as n from big where x % 6 = {i} group by k", depends_on={"marts:big"},
             unique=[("k",)], not_null=("n",)) for i in range(6)),
    _model("sorted", "select k, x from big where x % 3 = 0", order_by="k, x", depends_on={"marts:big"},
           unique=[("x",)], not_null=("k",)),
    _model("after", "select count(*) as n from sorted", depends_on={"marts:sorted"}),
]


def test_a_sorted_mart_is_stored_in_its_order_and_its_scratch_rows_are_dropped(con, monkeypatch):
    results, _checkpoint = _build(con, monkeypatch, MODELS)
    run, failed = results["marts:sorted"]
    assert (run.rows, failed) == (333334, [])
    inversions = con.execute(
        "select k, x, pk, px from (select k, x, lag(k) over (order by rowid) as pk,"
        " lag(x) over (order by rowid) as px from sorted) where pk > k or (pk = k and px > x) limit 3"
    ).fetchall()
    assert inversions == []
    assert con.execute("select n from after").fetchall() == [(333334,)]
    assert con.execute(
        f"select count(*) from duckdb_tables() where database_name = '{runner.SCRATCH}'"
    ).fetchall() == [(0,)]


def test_the_checkpoint_runs_beside_the_computation_and_is_not_refused(con, monkeypatch):
    """Failed before: with the checks reading their counts by ``fetchone()``, an idle cursor kept its
    transaction open, and once another cursor had written DuckDB refused the checkpoint (the build
    then did it at its end, alone on one core)."""
    _results, checkpoint = _build(con, monkeypatch, MODELS)
    assert checkpoint.error is None
    assert checkpoint.refused is False


def test_the_checkpoint_waits_for_every_write_and_later_steps_for_its_end(monkeypatch):
    def step(key, *deps):
        return schedule.Step(key, lambda _c: None, frozenset(deps))

    plan = [step("raw:a"), step("marts:m", "raw:a"), step("compute:s", "marts:m"), step("marts:s", "compute:s"),
            step("marts:other", "raw:a"), step("marts:t", "marts:s")]
    every, _checkpoint = runner.with_checkpoint(plan)
    by_key = {s.key: s for s in every}
    assert by_key[runner.CHECKPOINT_STEP].depends_on == {"raw:a", "marts:m", "marts:other"}
    assert by_key["compute:s"].depends_on == {"marts:m", runner.CHECKPOINT_STEP}
    # the write after the computation and what follows it wait for the checkpoint's end in their run
    assert by_key["marts:s"].run is not plan[3].run and by_key["marts:t"].run is not plan[5].run
    assert by_key["marts:other"].run is plan[4].run


def test_without_a_sorted_mart_the_plan_is_unchanged():
    plan = [schedule.Step("raw:a", lambda _c: None), schedule.Step("marts:m", lambda _c: None, frozenset({"raw:a"}))]
    every, checkpoint = runner.with_checkpoint(plan)
    assert every == plan
    checkpoint.join()  # nothing started: joins at once


def test_a_failing_sorted_mart_is_named_and_the_checkpoint_is_joined(con, monkeypatch):
    from vigie_industrie import errors

    models = [MODELS[0], _model("sorted", "select cast('a' || k as integer) as k from big", order_by="k",
                                  depends_on={"marts:big"})]
    with pytest.raises(errors.BuildError, match="marts/sorted.sql en échec"):
        _build(con, monkeypatch, models)
