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
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from importlib import resources

import duckdb

from vigie_industrie import errors
from vigie_industrie.warehouse import schedule

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
    """
    models = order(discover())
    lineage = raw_lineage(models)
    out = []
    for model in models:
        key = f"{model.layer}:{model.name}"
        needs = set(model.depends_on) | {raw_steps.get(table, after_all_raw) for table in raw_tables(model.sql)}
        if re.search(r"\bsource_provenance\b", _strip_comments(model.sql)):
            needs.add(after_all_raw)

        def run(cursor, model=model, tables=frozenset(lineage[key])):
            done = run_model(cursor, model, raw_files, tables)
            return done, check_model(cursor, model)

        out.append(schedule.Step(key, run, frozenset(needs)))
    return out


def raise_failed_checks(outcomes: list[tuple[ModelRun, list[str]]]) -> None:
    """Every failed check of the build, in model order, as one error."""
    failures = [f for _run, failed in outcomes for f in failed]
    if failures:
        raise errors.BuildError("Contrôles de l'entrepôt en échec : " + " ; ".join(failures[:5]) + ".")
