"""Shared fixtures: the real mirror, a warehouse built from it once per test worker.

Network access is refused for every test: tests read ``../shared/data`` (the mirror).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from vigie_industrie.config import Settings, default_mirror


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(items):
    """Tests that share a module-scoped fixture, or a folder's own session fixture, run on one worker.

    ``--dist loadgroup`` hands out ungrouped tests one by one, so a module whose tests share an
    expensive module fixture (a published package, a store on PostgreSQL, rendered fiches, an app)
    had that fixture built once on *each* worker that got one of its tests: about two minutes of
    the suite were such second builds. Grouping by module keeps one build; modules without such
    fixtures are still spread test by test. The browser tests keep their own single group
    (tests/browser/conftest.py)."""
    browser = Path(__file__).parent / "browser"
    for item in items:
        if item.get_closest_marker("xdist_group") or browser in Path(str(item.fspath)).parents:
            continue
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        defs = [d for fixturedefs in info.name2fixturedefs.values() for d in fixturedefs]
        folders = {d.baseid for d in defs if d.scope == "session" and d.baseid not in ("", "tests")}
        if folders:  # a folder's own session fixture (rendered fiches, a web app): one worker per folder
            item.add_marker(pytest.mark.xdist_group(min(folders)))
        elif any(d.scope in ("module", "class", "package") for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("Accès réseau interdit pendant les tests : lisez le miroir ../shared/data.")

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
            return real_connect(self, address)
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        refuse()

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _no_fiche_warming(monkeypatch):
    """`vigie serve` run in-process (tests/api/test_login_limit_proxies.py) sets VIGIE_WARM_FICHES=1
    in os.environ; without this, every later app of the worker warmed ~2,000 fiches in a background
    thread, under the other tests (the memo tests counted its calls). monkeypatch restores the
    variable's absence after each test, whoever set it."""
    monkeypatch.delenv("VIGIE_WARM_FICHES", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Test accounts hash their passwords with the smallest cost Argon2id allows.

    The product's hasher (the library's defaults: 3 passes over 64 MiB) costs about 0.23 s of CPU
    per hash or check on these machines, and the suite signs in, and checks wrong passwords for
    the rate limits, several hundred times: minutes of CPU that test nothing about the product.
    The algorithm, the salt and the checks stay the same; the product keeps its own cost, which
    tests/api/test_auth.py checks on the product's hasher, which this fixture yields."""
    from argon2 import PasswordHasher

    from vigie_industrie.programme import security

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    saved = security._hasher, security._DUMMY_HASH
    security._hasher, security._DUMMY_HASH = cheap, cheap.hash("vigie-dummy-password")
    yield saved[0]
    security._hasher, security._DUMMY_HASH = saved


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = default_mirror()
    if path is None:
        pytest.fail("Miroir ../shared/data introuvable : les tests lisent les fichiers officiels du miroir.")
    return path


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory, mirror) -> Path:
    """A warehouse built from the mirror once per test run, and copied for each xdist worker.

    The first worker to get here builds it, under an exclusive lock in the run's shared base
    directory; the others wait for that build, then copy the file. Each worker keeps its own copy
    because a DuckDB file opened for writing by one process cannot be opened by another, and some
    tests write into their warehouse. Sub-folders must not redefine this fixture: a session fixture
    redefined in a conftest.py is a second fixture, built a second time (two builds per worker cost
    about a minute of the suite before this was fixed).

    ``VIGIE_TEST_WAREHOUSE`` may point at a warehouse already built from the mirror by the same code,
    to iterate on a test without rebuilding.
    """
    import fcntl
    import shutil

    from vigie_industrie.warehouse import build

    prebuilt = os.environ.get("VIGIE_TEST_WAREHOUSE")
    if prebuilt:
        return Path(prebuilt)
    target = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        build.build(warehouse=target, base_dir=mirror)
        return target
    shared_dir = tmp_path_factory.getbasetemp().parent / "shared-warehouse"
    shared_dir.mkdir(exist_ok=True)
    shared = shared_dir / "warehouse.duckdb"
    with open(shared_dir / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (shared_dir / "built").exists():
                build.build(warehouse=shared, base_dir=mirror)
                (shared_dir / "built").write_text(worker)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    shutil.copyfile(shared, target)
    return target


@pytest.fixture()
def con(warehouse_path):
    from vigie_industrie.warehouse import connection

    connection_ = connection.connect(warehouse_path)
    yield connection_
    connection_.close()


@pytest.fixture(scope="session")
def settings(warehouse_path, tmp_path_factory) -> Settings:
    db = tmp_path_factory.mktemp("store") / "vigie.db"
    return Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test")


# --- programme store (issue 5) -------------------------------------------------------
# Shared fixtures: programme-store databases on every backend, a tiny test warehouse.
# 
# Backends: SQLite always; PostgreSQL when ``VIGIE_TEST_POSTGRES_URL`` points at a server
# (``make test`` starts a throw-away one with scripts/postgres.sh), else those cases are
# skipped with the reason. Each xdist worker gets its own PostgreSQL databases
# (``vigie_test_<worker>_<key>``), migrated once and truncated before each use; SQLite
# databases are copies of one migrated template file.

import os
import shutil
from pathlib import Path

import pytest

PG_ENV = "VIGIE_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
SKIP_PG = (
    f"{PG_ENV} non défini : pas de serveur PostgreSQL pour ces tests "
    "(lancez `make test`, qui en démarre un avec scripts/postgres.sh)."
)

# Synthetic test fixtures (not official data): two territories per phase in two regions.
WAREHOUSE_TERRITOIRES = [
    ("ti-3212", 1, "Territoire test Artois (phase 1)", "32", "Hauts-de-France", 2),
    ("ti-3212", 2, "Territoire test Artois (phase 2)", "32", "Hauts-de-France", 2),
    ("ti-3205", 2, "Territoire test Flandre", "32", "Hauts-de-France", 1),
    ("ti-8401", 2, "Territoire test Isère", "84", "Auvergne-Rhône-Alpes", 1),
]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from vigie_industrie.programme.db import init_store

    path = tmp_path_factory.mktemp("programme-template") / "template.db"
    init_store(f"sqlite:///{path}")
    return path


_pg_ready: set[str] = set()


def _pg_url(key: str) -> str:
    """URL of this worker's database ``key``, created and migrated once, then emptied."""
    import psycopg
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from vigie_industrie.programme import models
    from vigie_industrie.programme.db import init_store

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(SKIP_PG)
    name = f"vigie_test_{_worker()}_{key}".lower()
    url = make_url(base).set(database=name)
    url_s = url.render_as_string(hide_password=False)
    if name not in _pg_ready:
        admin = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'drop database if exists "{name}" with (force)')
            con.execute(f'create database "{name}"')
        init_store(url_s)
        _pg_ready.add(name)
    engine = create_engine(url_s)
    tables = ", ".join(t.name for t in models.Base.metadata.sorted_tables)
    with engine.begin() as con:
        # the audit journal refuses TRUNCATE (append-only trigger, migration 0002): lifted for this reset only
        con.execute(text("alter table audit_event disable trigger user"))
        con.execute(text(f"truncate {tables} restart identity cascade"))
        con.execute(text("alter table audit_event enable trigger user"))
    engine.dispose()
    return url_s


def provision_database(backend: str, tmp_dir: Path, sqlite_template: Path, key: str) -> str:
    if backend == "sqlite":
        dest = tmp_dir / f"vigie-{key}.db"
        shutil.copy(sqlite_template, dest)
        return f"sqlite:///{dest}"
    return _pg_url(key)


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, sqlite_template) -> str:
    """An empty, migrated programme database (function scope)."""
    return provision_database(request.param, tmp_path, sqlite_template, "f")


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request, tmp_path_factory, sqlite_template) -> str:
    """An empty, migrated programme database shared by one test module."""
    return provision_database(request.param, tmp_path_factory.mktemp("db"), sqlite_template, "m")


@pytest.fixture
def store(database_url):
    from vigie_industrie.programme.db import Store

    s = Store(database_url, migrate=False)
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def ti_warehouse(tmp_path_factory) -> Path:
    """A tiny DuckDB warehouse with the tables the programme reads (synthetic rows)."""
    import duckdb

    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table territoire_industrie(territoire_id varchar, phase integer, nom varchar, code_region varchar, "
        "nom_region varchar, nb_membres integer)"
    )
    con.executemany("insert into territoire_industrie values (?, ?, ?, ?, ?, ?)", WAREHOUSE_TERRITOIRES)
    con.execute(
        "create table territoire_industrie_membre(phase integer, territoire_id varchar, siren_membre varchar, "
        "nom_membre varchar, nature_membre varchar, kind varchar)"
    )
    con.executemany(
        "insert into territoire_industrie_membre values (?, ?, ?, ?, ?, ?)",
        [(2, "ti-3212", "200072460", "EPCI test A", "CA", "epci"), (2, "ti-3212", "200041754", "EPCI test A2", "CC", "epci"),
         (2, "ti-8401", "246200513", "EPCI test B", "CC", "epci")],
    )
    add_rights_tables(con)
    con.close()
    return path


# Synthetic test fixtures (not official data): the warehouse tables the rights tied to territories
# read (issue 12 item 3). EPCI A (200072460) and A2 (200041754) have communes in ti-3212 (région 32,
# Pas-de-Calais), EPCI B (246200513) in ti-8401 (région 84, Isère); ti-32NN and ti-84NN exist for
# NN = 01..99 in both phases so that tests can create one contrat per territory.
RIGHTS_EPCI = [("200072460", "EPCI test A", "32"), ("200041754", "EPCI test A2", "32"), ("246200513", "EPCI test B", "84")]
RIGHTS_COMMUNES = [  # code_commune, siren_epci, département, région, zone d'emploi, [(ti, phase)]
    ("62901", "200072460", "62", "32", "3215", [("ti-3212", 1), ("ti-3212", 2)]),
    ("62902", "200041754", "62", "32", "3215", [("ti-3212", 2)]),
    ("38901", "246200513", "38", "84", "8411", [("ti-8401", 2)]),
]


@pytest.fixture(scope="session")
def rights_warehouse(tmp_path_factory) -> Path:
    import duckdb

    path = tmp_path_factory.mktemp("rights-warehouse") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table territoire_industrie(territoire_id varchar, phase integer, nom varchar, code_region varchar, "
                "nom_region varchar, nb_membres integer)")
    con.executemany("insert into territoire_industrie values (?, ?, ?, ?, ?, ?)",
                    [(f"ti-{r}{n:02d}", phase, f"Territoire test {r}{n:02d}", r, f"Région test {r}", 1)
                     for r in ("32", "84") for n in range(1, 100) for phase in (1, 2)])
    add_rights_tables(con)
    con.close()
    return path


def add_rights_tables(con) -> None:
    """The EPCI and commune tables the territorial rights read (synthetic rows above)."""
    con.execute("create table epci(siren_epci varchar, nom_epci varchar, code_region varchar)")
    con.executemany("insert into epci values (?, ?, ?)", RIGHTS_EPCI)
    con.execute("create table commune(code_commune varchar, siren_epci varchar, code_departement varchar, code_region varchar)")
    con.executemany("insert into commune values (?, ?, ?, ?)", [c[:4] for c in RIGHTS_COMMUNES])
    con.execute("create table commune_zone_emploi(code_commune varchar, code_ze varchar)")
    con.executemany("insert into commune_zone_emploi values (?, ?)", [(c[0], c[4]) for c in RIGHTS_COMMUNES])
    con.execute("create table commune_territoire_industrie(code_commune varchar, phase integer, territoire_id varchar)")
    con.executemany("insert into commune_territoire_industrie values (?, ?, ?)",
                    [(c[0], phase, ti) for c in RIGHTS_COMMUNES for ti, phase in c[5]])
