"""Engine, sessions and migrations of the programme store.

``init_store(url)`` runs ``alembic upgrade head`` programmatically, so ``vigie serve``
creates the SQLite file on first use. On SQLite, write transactions start with
``BEGIN IMMEDIATE`` (writers queue on the busy timeout instead of failing when a read
transaction tries to upgrade its lock); reads use a plain deferred ``BEGIN`` and, in
WAL mode, never block on writers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from vigie_industrie import errors

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "vigie_write"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


BUSY_TIMEOUT = 10.0  # seconds a writer waits for another one before the store answers « occupée »


def make_engine(url: str, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """An engine tuned for the backend (SQLite: WAL, busy timeout, immediate writes;
    PostgreSQL: the same wait as ``lock_timeout``)."""
    _ensure_sqlite_dir(url)
    parsed = make_url(url)
    wait_ms = max(1, int(busy_timeout * 1000))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                             connect_args={"options": f"-c lock_timeout={wait_ms}"})
    engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False}, pool_size=10,
                           max_overflow=40)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={wait_ms}")
        if parsed.database not in (None, "", ":memory:"):
            # WAL is persistent: set it once (setting it needs the lock another writer may hold)
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock_detected, serialization_failure


def busy_error(exc: Exception, waited: float = BUSY_TIMEOUT) -> errors.StoreBusy | None:
    """``StoreBusy`` when ``exc`` says another transaction holds the store, else None.

    SQLite: « database is locked » (after the busy timeout); PostgreSQL: lock timeout, deadlock or
    serialisation failure (SQLSTATE on the driver's exception).
    """
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if "database is locked" in text or "database table is locked" in text or state in _BUSY_SQLSTATES:
        return errors.StoreBusy(
            f"La base du programme est occupée par une autre écriture (import en cours ?) depuis plus de "
            f"{waited:g} s : rien n'a été écrit, réessayez dans quelques secondes."
        )
    return None


def init_store(url: str) -> None:
    """Bring the schema to the latest migration (creates the SQLite file if needed)."""
    _ensure_sqlite_dir(url)
    try:
        command.upgrade(alembic_config(url), "head")
    except Exception as exc:  # connection refused, bad URL, permissions…
        raise errors.StoreUnavailable(
            f"Impossible de préparer la base du programme ({make_url(url).render_as_string(hide_password=True)}) : "
            f"{type(exc).__name__}: {exc}. Vérifiez VIGIE_DATABASE_URL et que le serveur est joignable."
        ) from exc


class Store:
    """One engine and two session factories (read, write) for a database URL.

    The schema is migrated lazily, once, on first use, so building the API app
    never touches the database.
    """

    def __init__(self, url: str, *, migrate: bool = True, busy_timeout: float = BUSY_TIMEOUT):
        self.url = url
        self.busy_timeout = busy_timeout
        self._migrate = migrate
        self._ready = not migrate
        self._lock = threading.Lock()
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if not self._ready:
            with self._lock:
                if not self._ready:
                    init_store(self.url)
                    self._ready = True
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = make_engine(self.url, self.busy_timeout)
        return self._engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def write_session(self) -> Session:
        return Session(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write session: committed on success, rolled back on any error.

        A store held by another writer beyond the busy timeout raises ``StoreBusy`` (API: 503 with
        ``Retry-After``; CLI: one line), never a raw driver error.
        """
        try:
            with self.write_session() as session:
                with session.begin():
                    yield session
        except DBAPIError as exc:
            busy = busy_error(exc, self.busy_timeout)
            if busy is None:
                raise
            raise busy from exc

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


