"""Discover the SQL models and run them layer by layer, dependencies first.

A model is one ``.sql`` file holding one ``select``. ``sql/staging/x.sql`` becomes the
view ``staging.x``; ``sql/marts/x.sql`` becomes the table ``x`` (schema ``main``).
Dependencies are read from the relations a model selects ``from`` or ``join``s
(``staging.x`` or a bare mart name), so a new model needs no registration. Header comments declare the grain and
the checks run after the build::

    -- grain: one row per commune
    -- unique: code_commune
    -- not_null: code_commune, nom_commune
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from importlib import resources
from typing import Callable

import duckdb

from vigie_industrie import errors

LAYERS = ("staging", "marts")


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    sql: str
    grain: str = ""
    unique: tuple[tuple[str, ...], ...] = ()
    not_null: tuple[str, ...] = ()
    depends_on: frozenset[str] = field(default_factory=frozenset)

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
    """(name, layer) of every relation ``body`` reads, staging or mart (raw tables come out as ``raw``…
    followed by a dot, and are not matched). One scan of the SQL: searching it once per other model
    (81 × 81 searches, the indicator marts' SQL being long) was 2 s before the first load could start."""
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


def raw_lineage(models: list[Model]) -> dict[str, set[str]]:
    """Raw tables each model reads, directly or through the models it depends on."""
    by_key = {f"{m.layer}:{m.name}": m for m in models}
    lineage: dict[str, set[str]] = {}
    for key in TopologicalSorter({k: m.depends_on for k, m in by_key.items()}).static_order():
        model = by_key[key]
        own = {f"raw.{t}" for t in re.findall(r"\braw\.(\w+)", _strip_comments(model.sql))}
        lineage[key] = own.union(*(lineage[d] for d in model.depends_on))
    return lineage


def run_model(
    con: duckdb.DuckDBPyConnection, model: Model, raw_files: dict[str, str] | None = None, raw_tables: set[str] = frozenset()
) -> ModelRun:
    started = time.perf_counter()
    select = model.sql.strip().rstrip(";")
    try:
        if model.layer == "staging":
            con.execute(f"create or replace view staging.{model.name} as\n{select}")
            rows = con.execute(f"select count(*) from {model.relation}").fetchone()[0]
        else:
            # CREATE TABLE AS answers the number of rows it wrote
            rows = con.execute(f"create or replace table main.{model.name} as\n{select}").fetchone()[0]
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        files = ", ".join(sorted((raw_files or {}).get(t, t) for t in raw_tables))
        where = f" (fichier(s) lu(s) : {files})" if files else ""
        raise errors.BuildError(
            f"Modèle {model.layer}/{model.name}.sql en échec{where} : {first}. "
            "Une cellule ou une colonne n'a pas le format attendu : corrigez ou retéléchargez le fichier "
            "(`vigie data pull --force`), puis relancez `vigie build`. L'entrepôt précédent est conservé."
        ) from None
    return ModelRun(model.name, model.layer, rows, time.perf_counter() - started)


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
    counts = con.execute(f"select {', '.join(parts)} from {model.relation}").fetchone()
    rows, distinct, nulls = counts[0], counts[1:1 + len(model.unique)], counts[1 + len(model.unique):]
    failures = []
    for cols, hashes in zip(model.unique, distinct):
        dup = 0 if hashes == rows else con.execute(_duplicates_sql(model.relation, cols)).fetchone()[0]
        if dup:
            failures.append(f"{model.relation} : {dup} valeur(s) dupliquée(s) de ({', '.join(cols)})")
    for col, nb in zip(model.not_null, nulls):
        if nb:
            failures.append(f"{model.relation} : {nb} valeur(s) nulle(s) dans {col}")
    return failures


# Models (and loads) run at once. Why: most models are small, and a small query keeps one core busy
# while the other idles; one after the other, after the 40 raw loads, nothing overlapped them.
MODEL_WORKERS = 2  # 3 measured no faster on 2 cores (more threads beside DuckDB's own two)


@dataclass(frozen=True)
class Load:
    """Work a model may read the result of: a raw file's load (``key`` its table, ``raw.x``), the
    provenance table… ``run(cursor)`` runs on a cursor of the build connection once every load of
    ``after`` is done; a model runs after each load whose key it names (``raw.x`` in its SQL)."""

    key: str
    run: Callable[[duckdb.DuckDBPyConnection], object]
    after: frozenset[str] = frozenset()
    priority: float = 0.0  # lower starts first among ready loads (the longest ones first)


def run_all(
    con: duckdb.DuckDBPyConnection, on_model=None, raw_files: dict[str, str] | None = None,
    workers: int | None = None, loads: tuple[Load, ...] = (), on_load=None,
) -> list[ModelRun]:
    """Run ``loads`` and build every model once what it reads is there, a few at a time; check each model.

    ``raw_files`` maps raw tables to the files they were loaded from, to name them in errors.
    Each load and model runs on a cursor of ``con`` as soon as what it reads is done, and each
    model is checked right after it is built. The outcome is that of loading everything, then
    building in dependency order, then checking: the first failed load (in the order of
    ``loads``) is raised, else the failed model earliest in dependency order (once the running
    ones finished, nothing new started); the check failures are listed in dependency order.
    ``on_load(key, result)`` and ``on_model(model)`` are called on this thread as each finishes.
    """
    con.execute("create schema if not exists staging")
    from vigie_industrie.warehouse import geometry  # geo_* functions of the contour marts

    # registered once, in the database's catalog: every cursor of ``con`` sees them
    geometry.register(con)
    models = order(discover())
    lineage = raw_lineage(models)
    position = {_key(m): n for n, m in enumerate(models)}
    position.update({f"load:{load.key}": n - len(loads) for n, load in enumerate(loads)})
    nodes: dict[str, Model | Load] = {f"load:{load.key}": load for load in loads}
    graph = {f"load:{load.key}": {f"load:{k}" for k in load.after} for load in loads}
    load_keys = {load.key.lower() for load in loads}
    for model in models:
        # the loads a model reads: the raw tables (``raw.x``) and other relations (source_provenance) it names
        named = {w.lower() for w in re.findall(r"(?<![\w.])(?:raw\.)?\w+\b", _strip_comments(model.sql))}
        needs = {f"load:{key}" for key in load_keys & named}
        nodes[_key(model)] = model
        graph[_key(model)] = set(model.depends_on) | needs
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    where = con.execute("select current_database(), current_schema()").fetchone()
    local = threading.local()
    cursors: list[duckdb.DuckDBPyConnection] = []

    def run_one(node: Model | Load):
        cursor = getattr(local, "cursor", None)
        if cursor is None:
            cursor = local.cursor = _worker_cursor(con, where)
            cursors.append(cursor)
        if isinstance(node, Load):
            return node.run(cursor)
        run = run_model(cursor, node, raw_files, lineage[_key(node)])
        return run, check_model(cursor, node)

    results: dict[str, object] = {}
    failed: dict[str, BaseException] = {}
    size = max(1, workers or MODEL_WORKERS)
    pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="vigie-build")
    pending = {}
    ready: list[str] = []
    try:
        while True:
            ready += sorter.get_ready()
            if failed:  # nothing new but the loads (the first failed one in plan order is raised)
                ready = [k for k in ready if isinstance(nodes[k], Load)]
            # Submitted only when a worker is free, ready models first (they unlock the rest), then
            # the loads by priority: queued all at once, the 40 loads would run before any model.
            ready.sort(key=lambda k: (isinstance(nodes[k], Load), getattr(nodes[k], "priority", 0), position[k]))
            while ready and len(pending) < size:
                key = ready.pop(0)
                pending[pool.submit(run_one, nodes[key])] = key
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: position[pending[f]]):
                key = pending.pop(future)
                try:
                    results[key] = future.result()
                except BaseException as exc:  # raised below, once the running work is done
                    failed[key] = exc
                    continue
                sorter.done(key)
                node = nodes[key]
                if isinstance(node, Load):
                    if on_load:
                        on_load(node.key, results[key])
                elif on_model:
                    on_model(node)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for cursor in cursors:
            cursor.close()
    if failed:
        raise failed[min(failed, key=position.__getitem__)]
    failures = [f for model in models for f in results[_key(model)][1]]
    if failures:
        raise errors.BuildError("Contrôles de l'entrepôt en échec : " + " ; ".join(failures[:5]) + ".")
    return [results[_key(m)][0] for m in models]


def _key(model: Model) -> str:
    return f"{model.layer}:{model.name}"


def _worker_cursor(con: duckdb.DuckDBPyConnection, where: tuple[str, str]) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` on the same catalog and schema (a new cursor starts on the default one)."""
    cursor = con.cursor()
    cursor.execute("use " + ".".join('"' + part.replace('"', '""') + '"' for part in where))
    return cursor
