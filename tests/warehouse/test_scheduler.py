"""The build's scheduler (``runner.run_all``) raises what a one-at-a-time build would have raised.

Loads and models run a few at a time; a failure must still be the one of loading every file in
plan order first: the first failed load in that order, whatever finished first, and never the
error of a model that merely lacked the table the failed load should have written.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from vigie_industrie.warehouse import runner


class Boom(Exception):
    pass


def _fail(label: str, delay: float = 0.0):
    def run(_cursor):
        time.sleep(delay)
        raise Boom(label)
    return run


@pytest.mark.parametrize("workers", [1, 3])
def test_the_first_failed_load_in_plan_order_is_raised(workers):
    con = duckdb.connect(":memory:")
    con.execute("create schema raw")
    loads = (
        # first in plan order, but started last (priority) and slower
        runner.Load("raw.premier", _fail("premier", 0.05), priority=1),
        runner.Load("raw.second", _fail("second"), priority=0),
    )
    started = []
    with pytest.raises(Boom, match="^premier$"):
        runner.run_all(con, workers=workers, loads=loads, on_model=started.append)
    # models ran only while loads were running: none of them reads a failed load, none raised
    assert all(m.layer in ("staging", "marts") for m in started)


def test_a_load_runs_before_the_models_that_read_its_table():
    con = duckdb.connect(":memory:")
    con.execute("create schema raw")
    seen: list[str] = []
    loads = (runner.Load("raw.premier", lambda cursor: seen.append("load") or 1),)
    with pytest.raises(Exception):  # the mirror's raw tables are absent: some model fails
        runner.run_all(con, workers=2, loads=loads, on_load=lambda key, result: seen.append(f"{key}={result}"))
    assert seen == ["load", "raw.premier=1"]
