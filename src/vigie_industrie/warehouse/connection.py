"""Opening the warehouse: read-only by default, with a clear error when it is missing.

The file is attached under the fixed alias ``wh`` (then made the default catalog), so a
warehouse file named like one of its schemas (``raw.duckdb``) still works.

Every DuckDB connection of the product is opened here (or with ``SAFE_CONFIG``):
extensions are never installed nor loaded behind the user's back, so pointing
``--warehouse`` at a SQLite file gives a clear message instead of a download of
``sqlite_scanner``. ``sandbox=True`` further cuts the connection off from files and the
network and locks its configuration, for SQL typed by a user (``vigie sql``).
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from vigie_industrie import errors

# Never fetch or load an extension implicitly (network access, code from outside the package).
SAFE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

# A DuckDB database file carries this magic at byte 8 (main header), whatever its version.
DUCKDB_MAGIC = b"DUCK"


def sql_literal(value: str) -> str:
    """A SQL string literal, for the DuckDB statements that take no parameters (ATTACH, read_csv options).

    >>> sql_literal("l'Aisne.csv")
    "'l''Aisne.csv'"
    """
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A quoted SQL identifier, for column names read from a file.

    >>> sql_identifier('a"b')
    '"a""b"'
    """
    return '"' + name.replace('"', '""') + '"'


def new_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that never auto-installs nor auto-loads extensions."""
    return duckdb.connect(":memory:", config=dict(SAFE_CONFIG))


def not_duckdb_reason(path: Path) -> str | None:
    """Why an existing file cannot be a DuckDB database (``None`` when its header looks right)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"lecture impossible ({exc.strerror})"
    if head.startswith(b"SQLite format 3"):
        return "c'est une base SQLite, pas un fichier DuckDB"
    if len(head) < 12 or head[8:12] != DUCKDB_MAGIC:
        return "ce n'est pas un fichier DuckDB (en-tête absent ou illisible)"
    return None


def _unusable(path: Path, why: str) -> errors.WarehouseUnusable:
    return errors.WarehouseUnusable(
        f"Impossible d'ouvrir l'entrepôt {path} : {why}. Vérifiez qu'il s'agit d'un fichier DuckDB construit par "
        "`vigie build` (reconstruisez-le au besoin) et qu'aucun autre processus ne l'écrit."
    )


def connect(path: Path, *, read_only: bool = True, sandbox: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB warehouse at ``path`` (read-only unless asked otherwise).

    ``sandbox``: once the warehouse is attached (attaching is itself an external access),
    disable every file and network access and lock the configuration, so the SQL run on the
    connection can neither read nor write anything but the attached warehouse.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise errors.WarehouseMissing(
            f"Entrepôt introuvable : {path}. Construisez-le avec `vigie build` "
            "(ou indiquez-en un autre avec --warehouse / $VIGIE_WAREHOUSE)."
        )
    if path.exists() and (read_only or path.stat().st_size > 0):  # an empty file is a new database only when writing
        reason = not_duckdb_reason(path)
        if reason:
            raise _unusable(path, reason)
    con = new_connection()
    try:
        mode = " (read_only)" if read_only else ""
        con.execute(f"attach {sql_literal(str(path))} as wh{mode}")
        con.execute("use wh")
        if sandbox:
            con.execute("set enable_external_access = false")
            con.execute("set lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise _unusable(path, str(exc).strip().splitlines()[0]) from None
    return con


class WarehouseReader:
    """A read-only warehouse handle for one reader (an API request, a CLI call).

    The DuckDB connection opens on first use of :attr:`con` (a memoised fiche needs none) and
    closes with :meth:`close`. :attr:`version` identifies the file (size, mtime): the warehouse is
    read-only at serve time and a rebuild swaps the file.

    ``shared=True`` (the API): :attr:`con` is a cursor of one process-wide read-only database
    per warehouse file version instead of a new database. Why: opening costs about 50 ms and
    starts with a cold buffer cache, so under load every request re-read the same blocks from
    disk; a cursor costs under a millisecond and shares the warm cache. A held read-only handle
    never blocks ``vigie build`` (it writes a work file and swaps it in), and a new version opens
    a new database: readers never see a half-swapped file.
    """

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = Path(path)
        self.shared = shared
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def version(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_size, stat.st_mtime_ns

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = _shared_cursor(self.path, self.version) if self.shared else connect(self.path)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()  # a cursor only, when shared: the process-wide database stays open
            self._con = None

    def __enter__(self) -> "WarehouseReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_shared_lock = threading.Lock()
_shared: dict[str, tuple[tuple[int, int] | None, duckdb.DuckDBPyConnection]] = {}


def _shared_cursor(path: Path, version: tuple[int, int] | None) -> duckdb.DuckDBPyConnection:
    """A cursor on the process-wide database of ``path`` at ``version`` (opened on first use).

    Only the latest version of a path is kept: the previous database is dropped from the
    registry and closes once the cursors still reading it are done (they hold it alive).
    """
    key = str(path)
    with _shared_lock:
        held = _shared.get(key)
        if held is None or held[0] != version:
            base = connect(path)  # errors (missing, unusable) are raised, never cached
            _shared[key] = held = (version, base)
        cursor = held[1].cursor()
    cursor.execute("use wh")
    return cursor
