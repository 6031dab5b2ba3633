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


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend (SQLite: WAL, busy timeout, immediate writes)."""
    _ensure_sqlite_dir(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=10, max_overflow=40)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if parsed.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


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

    def __init__(self, url: str, *, migrate: bool = True):
        self.url = url
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
                    self._engine = make_engine(self.url)
        return self._engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def write_session(self) -> Session:
        return Session(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write session: committed on success, rolled back on any error."""
        with self.write_session() as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


