"""Discover the SQL models and turn them into build steps, each after what it reads.

A model is one ``.sql`` file holding one ``select``. ``sql/staging/x.sql`` becomes the
view ``staging.x``; ``sql/marts/x.sql`` becomes the table ``x`` (schema ``main``).
Dependencies are read from the relations a model selects ``from`` or ``join``s
(``staging.x`` or a bare mart name) and the ``raw.x`` tables it names, so a new model needs no
registration; ``schedule.run`` builds each as soon as those are there. Header comments declare the
grain and the checks run on the model right after it is built::

    -- grain: one row per commune
    -- unique: code_commune
    -- not_null: code_commune, nom_commune

A mart may also declare ``-- order_by: <expressions>``: it is then stored sorted, and built in two
steps (see ``steps``): its rows first into the build's in-memory ``scratch`` database, then sorted
into the warehouse once the warehouse has been checkpointed.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from importlib import resources

import duckdb

from vigie_industrie import errors
from vigie_industrie.warehouse import schedule

LAYERS = ("staging", "marts")
SCRATCH = "scratch"  # the build's in-memory database (``attach_scratch``)
CHECKPOINT_STEP = "checkpoint"


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    sql: str
    grain: str = ""
    unique: tuple[tuple[str, ...], ...] = ()
    not_null: tuple[str, ...] = ()
    depends_on: frozenset[str] = field(default_factory=frozenset)
    order_by: str = ""

    @property
    def relation(self) -> str:
        return f"staging.{self.name}" if self.layer == "staging" else self.name


@dataclass(frozen=True)
class ModelRun:
    name: str
    layer: str
    rows: int
    seconds: float


def _header(sql: str, key: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(rf"^--\s*{key}:\s*(.+)$", sql, re.MULTILINE)]


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


# A relation a model selects ``from`` or ``join``s: ``staging.x``, ``main.x`` or a bare ``x``.
_RELATION = re.compile(r"\b(?:from|join)\s+((?:staging\.|main\.)?\w+)\b(?!\.)", re.IGNORECASE)


def _relations(body: str) -> set[tuple[str, str]]:
    """(name, layer) of every relation ``body`` reads, staging or mart (``raw.x`` tables are not
    matched). One scan of the SQL: searching it once per other model (81 × 81 searches over the long
    indicator SQL) took about 2 s of Python before the first load could start."""
    out = set()
    for match in _RELATION.findall(body):
        relation = match.lower()
        if relation.startswith("staging."):
            out.add((relation[len("staging."):], "staging"))
        else:
            out.add((relation.removeprefix("main."), "marts"))
    return out


def discover() -> list[Model]:
    """Every model of ``warehouse/sql``, with its declared checks and dependencies."""
    root = resources.files("vigie_industrie.warehouse") / "sql"
    raw_models: list[tuple[str, str, str]] = []
    for layer in LAYERS:
        folder = root / layer
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".sql"):
                raw_models.append((entry.name[:-4], layer, entry.read_text(encoding="utf-8")))
    # The indicator marts are rendered from the family SQL of vigie_industrie.indicators.
    from vigie_industrie.indicators import families

    raw_models += [(name, "marts", sql) for name, sql in families.models()]
    names = {(name, layer) for name, layer, _ in raw_models}
    models = []
    for name, layer, sql in raw_models:
        deps = set()
        for other, other_layer in _relations(_strip_comments(sql)) & names:
            if (other == name and other_layer == layer) or (layer == "staging" and other_layer == "marts"):
                continue
            deps.add(f"{other_layer}:{other}")
        models.append(
            Model(
                name=name,
                layer=layer,
                sql=sql,
                grain="; ".join(_header(sql, "grain")),
                unique=tuple(tuple(c.strip() for c in u.split(",")) for u in _header(sql, "unique")),
                not_null=tuple(c.strip() for n in _header(sql, "not_null") for c in n.split(",")),
                depends_on=frozenset(deps),
                order_by=" ".join(_header(sql, "order_by")) if layer == "marts" else "",
            )
        )
    return models


def order(models: list[Model]) -> list[Model]:
    """Models sorted so each runs after what it reads."""
    by_key = {f"{m.layer}:{m.name}": m for m in models}
    sorter = TopologicalSorter({key: m.depends_on for key, m in by_key.items()})
    try:
        return [by_key[k] for k in sorter.static_order()]
    except CycleError as exc:
        raise errors.BuildError(f"Dépendance circulaire entre modèles SQL : {exc.args[1]}.") from None


def raw_tables(sql: str) -> set[str]:
    """The ``raw.x`` tables a model's SQL reads (comments ignored)."""
    return {f"raw.{t}" for t in re.findall(r"\braw\.(\w+)", _strip_comments(sql))}


def raw_lineage(models: list[Model]) -> dict[str, set[str]]:
    """Raw tables each model reads, directly or through the models it depends on."""
    by_key = {f"{m.layer}:{m.name}": m for m in models}
    lineage: dict[str, set[str]] = {}
    for key in TopologicalSorter({k: m.depends_on for k, m in by_key.items()}).static_order():
        model = by_key[key]
        own = raw_tables(model.sql)
        lineage[key] = own.union(*(lineage[d] for d in model.depends_on))
    return lineage


def _failed(model: Model, exc: duckdb.Error, raw_files: dict[str, str] | None, raw_tables: set[str]) -> errors.BuildError:
    first = str(exc).strip().splitlines()[0]
    files = ", ".join(sorted((raw_files or {}).get(t, t) for t in raw_tables))
    where = f" (fichier(s) lu(s) : {files})" if files else ""
    return errors.BuildError(
        f"Modèle {model.layer}/{model.name}.sql en échec{where} : {first}. "
        "Une cellule ou une colonne n'a pas le format attendu : corrigez ou retéléchargez le fichier "
        "(`vigie data pull --force`), puis relancez `vigie build`. L'entrepôt précédent est conservé."
    )


def run_model(
    con: duckdb.DuckDBPyConnection, model: Model, raw_files: dict[str, str] | None = None, raw_tables: set[str] = frozenset()
) -> ModelRun:
    """Build one model: a staging view, or a mart table (a sorted mart: its rows, then their sorted write)."""
    if model.order_by:
        computed = compute_rows(con, model, raw_files, raw_tables)
        return write_sorted(con, model, computed, raw_files, raw_tables)
    started = time.perf_counter()
    select = model.sql.strip().rstrip(";")
    try:
        if model.layer == "staging":
            con.execute(f"create or replace view staging.{model.name} as\n{select}")
            rows = con.execute(f"select count(*) from {model.relation}").fetchall()[0][0]
        else:
            # CREATE TABLE AS answers the number of rows it wrote
            rows = con.execute(f"create or replace table main.{model.name} as\n{select}").fetchall()[0][0]
    except duckdb.Error as exc:
        raise _failed(model, exc, raw_files, raw_tables) from None
    return ModelRun(model.name, model.layer, rows, time.perf_counter() - started)


def attach_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """The in-memory database where sorted marts compute their rows (every cursor of ``con`` sees it)."""
    con.execute(f"attach ':memory:' as {SCRATCH}")


def compute_rows(
    con: duckdb.DuckDBPyConnection, model: Model, raw_files: dict[str, str] | None = None, raw_tables: set[str] = frozenset()
) -> float:
    """A sorted mart's rows into ``scratch`` (the warehouse is only read); answers the seconds taken."""
    started = time.perf_counter()
    try:
        con.execute(
            f"create or replace table {SCRATCH}.{model.name} as\n{model.sql.strip().rstrip(';')}\norder by {model.order_by}"
        )
    except duckdb.Error as exc:
        raise _failed(model, exc, raw_files, raw_tables) from None
    return time.perf_counter() - started


def write_sorted(
    con: duckdb.DuckDBPyConnection, model: Model, computed_seconds: float,
    raw_files: dict[str, str] | None = None, raw_tables: set[str] = frozenset(),
) -> ModelRun:
    """The rows ``compute_rows`` left in ``scratch``, written sorted by ``model.order_by`` into the mart."""
    started = time.perf_counter()
    try:
        con.execute("set session preserve_insertion_order = true")
        try:
            rows = con.execute(f"create or replace table main.{model.name} as select * from {SCRATCH}.{model.name}").fetchall()[0][0]
        finally:
            con.execute("reset session preserve_insertion_order")
        con.execute(f"drop table {SCRATCH}.{model.name}")
    except duckdb.Error as exc:
        raise _failed(model, exc, raw_files, raw_tables) from None
    return ModelRun(model.name, model.layer, rows, computed_seconds + time.perf_counter() - started)


def _duplicates_sql(relation: str, cols: tuple[str, ...]) -> str:
    return f"select count(*) from (select {', '.join(cols)} from {relation} group by all having count(*) > 1)"


def check_model(con: duckdb.DuckDBPyConnection, model: Model) -> list[str]:
    """Failed declared checks of one model, as French sentences (empty when all pass).

    All the checks of a model are one scan: the not-null counts, and for each unique key the
    number of distinct hashes of the key against the row count. Distinct hashes prove distinct
    keys; only when two rows share a hash (a duplicate, or a collision: about one in 10⁷ for
    the largest mart) is the key grouped exactly to count the duplicates. Why: grouping six
    text columns of 1.6 M rows per key was most of the checks' time, and on a view each extra
    query ran the view again.
    """
    if not model.unique and not model.not_null:
        return []
    parts = ["count(*)"]
    parts += [f"count(distinct hash({', '.join(cols)}))" for cols in model.unique]
    parts += [f"count(*) filter (where {col} is null)" for col in model.not_null]
    counts = con.execute(f"select {', '.join(parts)} from {model.relation}").fetchall()[0]
    rows, distinct, nulls = counts[0], counts[1:1 + len(model.unique)], counts[1 + len(model.unique):]
    failures = []
    for cols, hashes in zip(model.unique, distinct):
        dup = 0 if hashes == rows else con.execute(_duplicates_sql(model.relation, cols)).fetchall()[0][0]
        if dup:
            failures.append(f"{model.relation} : {dup} valeur(s) dupliquée(s) de ({', '.join(cols)})")
    for col, nb in zip(model.not_null, nulls):
        if nb:
            failures.append(f"{model.relation} : {nb} valeur(s) nulle(s) dans {col}")
    return failures


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """The ``geo_*`` functions of the contour marts, registered once on the build's connection: its
    cursors see them (a second registration from a cursor is refused as a duplicate)."""
    from vigie_industrie.warehouse import geometry

    geometry.register(con)


def steps(raw_steps: dict[str, str], raw_files: dict[str, str], after_all_raw: str) -> list[schedule.Step]:
    """One build step per model (the model, then its declared checks), in dependency order.

    ``raw_steps`` maps each raw table loaded by this build to the step that loads it; a model reading
    a raw table this build does not load (an optional file absent) waits for ``after_all_raw``, as
    it did after every load. The indicator marts also read ``source_provenance``, written by
    ``after_all_raw``. A step answers ``(ModelRun, failed checks)``: a failed check fails the build
    only once every model is built (see ``raise_failed_checks``), as before.

    A sorted mart (``-- order_by:``) is two steps: ``compute:<name>`` (its rows into ``scratch``,
    reading the warehouse only) and ``marts:<name>`` (the sorted write and the checks): the
    warehouse is checkpointed beside the first (see ``with_checkpoint``).
    """
    models = order(discover())
    lineage = raw_lineage(models)
    out = []
    for model in models:
        key = f"{model.layer}:{model.name}"
        needs = set(model.depends_on) | {raw_steps.get(table, after_all_raw) for table in raw_tables(model.sql)}
        if re.search(r"\bsource_provenance\b", _strip_comments(model.sql)):
            needs.add(after_all_raw)
        tables = frozenset(lineage[key])
        if model.order_by:
            timings: dict[str, float] = {}

            def compute(cursor, model=model, tables=tables, timings=timings):
                timings["compute"] = compute_rows(cursor, model, raw_files, tables)

            def write(cursor, model=model, tables=tables, timings=timings):
                done = write_sorted(cursor, model, timings["compute"], raw_files, tables)
                return done, check_model(cursor, model)

            out.append(schedule.Step(f"compute:{model.name}", compute, frozenset(needs)))
            out.append(schedule.Step(key, write, frozenset({f"compute:{model.name}"})))
            continue

        def run(cursor, model=model, tables=tables):
            done = run_model(cursor, model, raw_files, tables)
            return done, check_model(cursor, model)

        out.append(schedule.Step(key, run, frozenset(needs)))
    return out


class _Checkpoint:
    """The warehouse's checkpoint, run on a connection of its own beside the sorted marts' ``compute:`` steps.

    Why: the small tables (under one row group of 122,880 rows: most raw tables and marts) go to the
    write-ahead log, and a checkpoint compresses them into the file on one core (about 1.3 s of the
    mirror build). Run at the end, it left the other core idle. DuckDB cannot start a checkpoint
    while another cursor holds a write transaction on the warehouse (a ``create table scratch.x as
    select … from warehouse`` counts as one), but a query started after it runs alongside: so the
    checkpoint starts first and the computation just after. Should the computation still win the
    race, the checkpoint is refused and the build's final checkpoint does the work, as before.

    An idle cursor whose last result was not read to its end (a ``fetchone()``) keeps its
    transaction open, and once another cursor has committed a write DuckDB refuses every checkpoint
    (it did, on every build, until the checks read their counts whole): the build's modules read
    their results with ``fetchall()``, and ``tests/warehouse/test_sorted_marts.py`` checks that the
    checkpoint is not refused.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self.error: BaseException | None = None
        self.refused = False

    def start(self, cursor: duckdb.DuckDBPyConnection) -> None:
        database = cursor.execute("select current_database()").fetchall()[0][0]
        own = cursor.cursor()

        def run() -> None:
            try:
                self._started.set()
                own.execute(f"checkpoint {database}")
            except duckdb.TransactionException:
                self.refused = True  # a write transaction got there first: the final checkpoint does it
            except BaseException as exc:  # noqa: BLE001 - raised by wait(), in the build's thread
                self.error = exc
            finally:
                own.close()

        self._thread = threading.Thread(target=run, name="vigie-build-checkpoint", daemon=True)
        self._thread.start()
        self._started.wait()
        time.sleep(CHECKPOINT_HEAD_START)

    def join(self) -> None:
        """The checkpoint's end, whatever its outcome (the build joins it before closing, even on failure)."""
        if self._thread is not None:
            self._thread.join()

    def wait(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


# How long the checkpoint runs alone before the computation starts: enough to take DuckDB's
# checkpoint lock (a few milliseconds), short against the computation (seconds).
CHECKPOINT_HEAD_START = 0.05


def with_checkpoint(all_steps: list[schedule.Step]) -> tuple[list[schedule.Step], _Checkpoint]:
    """``all_steps`` with ``CHECKPOINT_STEP``, which starts the warehouse checkpoint (``_Checkpoint``),
    and that checkpoint, for the build to join before it closes the warehouse.

    It waits for every step except the ``compute:`` steps and what comes after them, so that no
    other step writes to the warehouse while it runs; the ``compute:`` steps wait for it (it ends
    as soon as the checkpoint has started), and every step after them waits for the checkpoint's end.
    """
    checkpoint = _Checkpoint()
    computes = [s for s in all_steps if s.key.startswith("compute:")]
    if not computes:
        return all_steps, checkpoint
    after = {s.key for s in computes}
    for step in all_steps:  # in dependency order: a step's dependencies come before it
        if step.depends_on & after:
            after.add(step.key)
    before = frozenset(s.key for s in all_steps if s.key not in after)

    def waiting_for_checkpoint(step: schedule.Step) -> schedule.Step:
        def run(cursor, inner=step.run):
            checkpoint.wait()
            return inner(cursor)
        return schedule.Step(step.key, run, step.depends_on)

    out = []
    for step in all_steps:
        if step.key == computes[0].key:
            out.append(schedule.Step(CHECKPOINT_STEP, checkpoint.start, before))
        if step.key.startswith("compute:"):
            out.append(schedule.Step(step.key, step.run, step.depends_on | {CHECKPOINT_STEP}))
        elif step.key in after:
            out.append(waiting_for_checkpoint(step))
        else:
            out.append(step)
    return out, checkpoint


def raise_failed_checks(outcomes: list[tuple[ModelRun, list[str]]]) -> None:
    """Every failed check of the build, in model order, as one error."""
    failures = [f for _run, failed in outcomes for f in failed]
    if failures:
        raise errors.BuildError("Contrôles de l'entrepôt en échec : " + " ; ".join(failures[:5]) + ".")
