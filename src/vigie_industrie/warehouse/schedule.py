"""Run the build's steps on a few DuckDB cursors, each step as soon as what it reads is there.

Why: one step at a time, the mirror build kept one of the machine's two cores idle for about
half of its wall time. Most raw files and most marts are small queries that DuckDB runs on one
thread, and the Python checks of a file (sha256, gzip, header) hold a core of their own; run side
by side as their dependencies allow, they fill both cores.

The steps are given in the order a one-at-a-time build would run them, and a failure is reported
as that build would report it: once step *k* fails, no step after *k* starts (the ones before it
still run, since a sequential build would have run them first), and the failure raised is the
first one in that order. So a broken file gives the same one-line message whatever the timing.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable

import duckdb


@dataclass(frozen=True)
class Step:
    """One unit of the build: ``run(cursor)`` once every step of ``depends_on`` has succeeded."""

    key: str
    run: Callable[[duckdb.DuckDBPyConnection], Any]
    depends_on: frozenset[str] = field(default_factory=frozenset)


class _Cursors:
    """One cursor per worker thread, opened on first use and set up once."""

    def __init__(self, con: duckdb.DuckDBPyConnection, setup: Callable[[duckdb.DuckDBPyConnection], None]):
        self._con, self._setup = con, setup
        self._local = threading.local()
        self._opened: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()

    def get(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._con.cursor()
            with self._lock:
                self._opened.append(cursor)
            self._setup(cursor)
            self._local.cursor = cursor
        return cursor

    def close(self) -> None:
        for cursor in self._opened:
            cursor.close()


def run(
    con: duckdb.DuckDBPyConnection,
    steps: list[Step],
    *,
    workers: int,
    setup: Callable[[duckdb.DuckDBPyConnection], None] = lambda _cursor: None,
    on_done: Callable[[Step, Any], None] = lambda _step, _result: None,
) -> dict[str, Any]:
    """Every step's result by key; raises the first failure in the steps' order.

    A dependency on a key that is not a step is an error of the caller (it would never start).
    ``on_done`` is called from this thread, as steps finish (a progress display needs no lock).
    """
    index = {step.key: i for i, step in enumerate(steps)}
    missing = {d for step in steps for d in step.depends_on if d not in index}
    if missing:
        raise ValueError(f"steps depend on unknown keys: {sorted(missing)}")
    cursors = _Cursors(con, setup)
    results: dict[str, Any] = {}
    failures: dict[int, BaseException] = {}
    waiting = list(range(len(steps)))
    running: dict[Future, int] = {}

    def call(i: int):
        return steps[i].run(cursors.get())

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vigie-build") as pool:
            while waiting or running:
                stop_after = min(failures, default=len(steps))
                still = []
                for i in waiting:
                    if i > stop_after or any(index[d] in failures for d in steps[i].depends_on):
                        continue  # a sequential build would have stopped before it
                    if len(running) < workers and all(d in results for d in steps[i].depends_on):
                        # submitted only to a free worker: the order of the steps is their priority
                        running[pool.submit(call, i)] = i
                    else:
                        still.append(i)
                waiting = still
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    try:
                        results[steps[i].key] = future.result()
                    except BaseException as exc:  # noqa: BLE001 - re-raised below, in order
                        failures[i] = exc
                        continue
                    on_done(steps[i], results[steps[i].key])
    finally:
        cursors.close()
    if failures:
        raise failures[min(failures)]
    if waiting:  # only a cycle of dependencies leaves a step unstarted without a failure
        raise RuntimeError(f"steps never started: {[steps[i].key for i in waiting]}")
    return results
