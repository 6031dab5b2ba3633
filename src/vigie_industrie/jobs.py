"""Background jobs of a serving process: threads that stop cleanly, never mid-DuckDB at exit.

Why: the fiche warm-up (``fiches.warm``) and the eligibility validation
(``api.routes.eligibilite``) used to run in bare daemon threads. A process that exits while such
a thread is inside a DuckDB query aborts (``terminate called without an active exception``,
exit status 134): the interpreter tears down under a C++ thread still running. Here every job
runs in a thread this module knows; :func:`stop` (called by the app's lifespan at shutdown, and
at interpreter exit for embedders that never run a lifespan) sets each job's stop event,
interrupts the DuckDB connections the job registered (the running query raises
``duckdb.InterruptException``, and any later ``execute`` on a guarded connection raises
:class:`Stopped`), then joins the threads.

A job is ``fn(job, *args)``; it reads ``job.stopping`` (or waits with :meth:`Job.sleep`) between
steps and opens its connections with :meth:`Job.connect` or registers them with :meth:`Job.watch`.
One job per key runs at a time (:func:`submit` of a running key does nothing).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Hashable
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

STOP_TIMEOUT = 30.0  # seconds stop() waits for the jobs (a query is interrupted at once)
_INTERRUPT_EVERY = 0.05  # a query started between two interrupts is caught by the next one


class Stopped(Exception):
    """The job was asked to stop (shutdown): raised by a guarded connection, not an error."""


class GuardedConnection:
    """A DuckDB connection whose ``execute`` refuses to start once its job is stopping.

    Why: interrupting only cancels the query running at that instant; a job made of many short
    queries (the validation runs dozens) must not go on with the next one after shutdown began.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, stopping: threading.Event) -> None:
        self._con = con
        self._stopping = stopping

    def execute(self, *args, **kwargs):
        if self._stopping.is_set():
            raise Stopped("arrêt du processus demandé")
        return self._con.execute(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


class Job:
    """What a running job sees: its stop event and the connections to interrupt at shutdown."""

    def __init__(self, key: Hashable, name: str) -> None:
        self.key = key
        self.name = name
        self.stopping = threading.Event()
        self._watched: list = []
        self._lock = threading.Lock()

    def sleep(self, seconds: float) -> bool:
        """Wait ``seconds`` or until stopping; True when the job should stop."""
        return self.stopping.wait(seconds)

    def watch(self, con):
        """Interrupt ``con`` (a connection or a cursor) at shutdown; returns it."""
        with self._lock:
            self._watched.append(con)
        return con

    def connect(self, path: Path) -> GuardedConnection:
        """A read-only warehouse connection of this job (``warehouse.connection.connect``), guarded
        and interrupted at shutdown; the caller closes it."""
        from vigie_industrie.warehouse import connection

        return GuardedConnection(self.watch(connection.connect(path)), self.stopping)

    def interrupt(self) -> None:
        with self._lock:
            watched = list(self._watched)
        for con in watched:
            try:
                con.interrupt()
            except Exception:  # closed meanwhile: nothing to interrupt
                pass


_lock = threading.Lock()
_running: dict[Hashable, tuple[Job, threading.Thread]] = {}


def submit(key: Hashable, fn: Callable, *args, name: str | None = None) -> bool:
    """Start ``fn(job, *args)`` in the background unless a job of ``key`` runs; True if started."""
    with _lock:
        if key in _running:
            return False
        job = Job(key, name or str(key))
        thread = threading.Thread(target=_run, args=(job, fn, args), name=f"vigie-job-{job.name}", daemon=True)
        _running[key] = (job, thread)
    thread.start()
    return True


def _run(job: Job, fn: Callable, args: tuple) -> None:
    try:
        fn(job, *args)
    except (Stopped, duckdb.InterruptException):
        if not job.stopping.is_set():  # interrupted by someone else: worth a line
            log.warning("tâche %s interrompue", job.name)
    except Exception:  # never die silently: the API still answers, and a later call retries
        log.exception("tâche de fond %s en échec", job.name)
    finally:
        with _lock:
            if _running.get(job.key, (None,))[0] is job:
                del _running[job.key]


def is_running(key: Hashable) -> bool:
    with _lock:
        return key in _running


def stop(timeout: float = STOP_TIMEOUT) -> list[str]:
    """Stop every running job and wait for it; returns the names of those still running after
    ``timeout`` (logged). Jobs submitted afterwards run normally (a new app in the same process)."""
    with _lock:
        running = list(_running.values())
    for job, _ in running:
        job.stopping.set()
    left = []
    for job, thread in running:
        waited = 0.0
        while thread.is_alive() and waited < timeout:
            job.interrupt()
            thread.join(_INTERRUPT_EVERY)
            waited += _INTERRUPT_EVERY
        if thread.is_alive():
            left.append(job.name)
    if left:
        log.warning("tâches encore en cours à l'arrêt : %s", ", ".join(left))
    return left


atexit.register(stop)  # embedders that never run the app's lifespan (scripts, TestClient without `with`)
