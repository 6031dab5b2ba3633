"""The build's step scheduler: dependencies first, and failures reported as a sequential build would."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from vigie_industrie.warehouse import schedule


@pytest.fixture()
def con():
    con = duckdb.connect(":memory:")
    yield con
    con.close()


def _step(key, log, depends_on=(), fail=False, pause=0.0):
    def run(_cursor):
        time.sleep(pause)
        log.append(key)
        if fail:
            raise ValueError(key)
        return key.upper()

    return schedule.Step(key, run, frozenset(depends_on))


def test_each_step_runs_after_its_dependencies_and_answers_its_result(con):
    log: list[str] = []
    steps = [
        _step("a", log, pause=0.05), _step("b", log), _step("c", log, {"a", "b"}), _step("d", log, {"c"}),
    ]
    done = []
    results = schedule.run(con, steps, workers=3, on_done=lambda s, r: done.append((s.key, r)))
    assert results == {"a": "A", "b": "B", "c": "C", "d": "D"}
    assert log.index("c") > max(log.index("a"), log.index("b")) and log[-1] == "d"
    assert sorted(done) == [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]


def test_independent_steps_run_side_by_side(con):
    inside, most = [0], [0]
    lock = threading.Lock()

    def run(_cursor):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.1)
        with lock:
            inside[0] -= 1

    schedule.run(con, [schedule.Step(k, run) for k in "abcd"], workers=2)
    assert most[0] == 2


def test_the_first_failure_in_order_is_raised_even_when_a_later_one_fails_first(con):
    log: list[str] = []
    late_failed = threading.Event()

    def early(_cursor):
        assert late_failed.wait(5)  # fails only once `late` has: the order of events is fixed
        log.append("early")
        raise ValueError("early")

    def late(_cursor):
        log.append("late")
        late_failed.set()
        raise ValueError("late")

    with pytest.raises(ValueError, match="early"):
        schedule.run(con, [schedule.Step("early", early), schedule.Step("late", late)], workers=2)
    assert log == ["late", "early"]


def test_no_step_after_a_failure_starts_but_earlier_ones_still_run(con):
    log: list[str] = []
    broken_failed = threading.Event()

    def slow(_cursor):  # before the failure in the order: a sequential build runs it
        assert broken_failed.wait(5)  # still running when `broken` fails
        log.append("slow")

    def broken(_cursor):
        log.append("broken")
        broken_failed.set()
        raise ValueError("broken")

    steps = [
        schedule.Step("slow", slow),
        schedule.Step("broken", broken),
        _step("after", log),  # after it in the order: never started once `broken` failed
        _step("needs_slow", log, {"slow"}),  # after the failure in the order too
    ]
    with pytest.raises(ValueError, match="broken"):
        schedule.run(con, steps, workers=2)
    assert log == ["broken", "slow"]


def test_dependents_of_a_failed_step_never_run(con):
    log: list[str] = []
    with pytest.raises(ValueError, match="a"):
        schedule.run(con, [_step("a", log, fail=True), _step("b", log, {"a"})], workers=2)
    assert log == ["a"]


def test_a_dependency_on_an_unknown_step_is_refused(con):
    with pytest.raises(ValueError, match="unknown"):
        schedule.run(con, [_step("a", [], {"nowhere"})], workers=1)


def test_each_worker_gets_its_own_cursor_set_up_once(con):
    con.execute("create table t as select 1 as x")
    set_up = []

    def setup(cursor):
        set_up.append(threading.get_ident())
        cursor.execute("set threads = 1")

    def run(cursor):
        time.sleep(0.05)
        return cursor.execute("select x from t").fetchone()[0]

    results = schedule.run(con, [schedule.Step(k, run) for k in "abcdef"], workers=2, setup=setup)
    assert set(results.values()) == {1}
    assert len(set_up) == len(set(set_up)) <= 2
