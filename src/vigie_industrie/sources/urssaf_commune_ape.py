"""Reader for the URSSAF « établissements et effectifs salariés par commune × APE » file.

Works on the Rouen extract of the mirror (``urssaf-commune-ape-ze-rouen``, 2006-2022) and on
the national export (``urssaf-commune-ape``, ≈ 1.2 M rows, 2006-2024): both are wide,
``;``-separated, with one ``Nombre d'établissements YYYY`` / ``Effectifs salariés YYYY`` pair
per year. Headers are matched on a slug (accents, case and punctuation ignored), so the
labelled export (« Effectifs salariés 2024 ») and the technical one (``effectifs_salaries_2024``)
both load. The year columns are detected, never listed.

``load`` writes the file as read to ``raw.urssaf_commune_ape_fichier`` (one row per line, measures
typed, year columns renamed ``etab_YYYY`` / ``eff_YYYY``) and makes ``raw.urssaf_commune_ape`` a view
of it with one row per commune × APE × année, entirely in DuckDB:

================================  =========  ==============================================
column                            type       note
================================  =========  ==============================================
code_commune                      VARCHAR    5 characters, 2A/2B kept
code_ape                          VARCHAR    as in the file (``2223Z``)
annee                             INTEGER
nombre_etablissements             BIGINT     NULL when empty
effectifs_salaries                DOUBLE     NULL when empty (secret or no establishment)
grand_secteur                     VARCHAR    as in the file (``GS1 Industrie``)
code_epci, code_zone_emploi,      VARCHAR
code_departement, code_region
================================  =========  ==============================================

Rows where both measures are empty are dropped. A non-numeric measure raises
``errors.SourceFileInvalid`` naming the file, the column, the line and the value.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import duckdb

from vigie_industrie import errors

DEFAULT_TABLE = "raw.urssaf_commune_ape"

# slug of the header → output column
ID_COLUMNS = {
    "code_commune": "code_commune",
    "code_ape": "code_ape",
    "grand_secteur_d_activite": "grand_secteur",
    "code_epci": "code_epci",
    "code_zone_d_emploi": "code_zone_emploi",
    "code_departement": "code_departement",
    "code_region": "code_region",
}
_ETAB = re.compile(r"^(?:nombre_)?(?:d_)?etablissements(?:_employeurs)?_(\d{4})$")
_EFF = re.compile(r"^effectifs?_salaries_(\d{4})$")
_TABLE = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$")


def slug(name: str) -> str:
    """``"Nombre d'établissements 2006"`` → ``"nombre_d_etablissements_2006"``.

    >>> slug("Code zone d'emploi")
    'code_zone_d_emploi'
    """
    text = unicodedata.normalize("NFKD", name.lstrip("\ufeff")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"



def _header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        rows = con.execute(
            f"describe select * from read_csv({_lit(str(path))}, delim=';', header=true, all_varchar=true)"
        ).fetchall()
    except duckdb.Error as exc:
        raise errors.SourceFileInvalid(
            f"Fichier URSSAF {path.name} : lecture CSV impossible ({str(exc).splitlines()[0]}). "
            "Le fichier est-il tronqué ou mal séparé (« ; » attendu) ? Relancez `vigie data pull --force`."
        ) from None
    return [r[0] for r in rows]


def detect_columns(header: list[str], *, filename: str = "") -> tuple[dict[str, str], dict[int, tuple[str | None, str | None]]]:
    """Map output id columns to file columns, and each year to its (établissements, effectifs) columns."""
    by_slug = {slug(h): h for h in header}
    ids: dict[str, str] = {}
    missing = []
    for s, out in ID_COLUMNS.items():
        if s in by_slug:
            ids[out] = by_slug[s]
        else:
            missing.append(s)
    if missing:
        raise errors.SourceFileInvalid(
            f"Fichier URSSAF {filename} : colonne(s) {', '.join(missing)} absente(s) de l'en-tête "
            f"(colonnes trouvées : {', '.join(header[:10])}…). Est-ce bien l'export commune × APE ? "
            "Relancez `vigie data pull --source urssaf-commune-ape --force`."
        )
    years: dict[int, list[str | None]] = {}
    for h in header:
        s = slug(h)
        if m := _ETAB.match(s):
            years.setdefault(int(m.group(1)), [None, None])[0] = h
        elif m := _EFF.match(s):
            years.setdefault(int(m.group(1)), [None, None])[1] = h
    if not years:
        raise errors.SourceFileInvalid(
            f"Fichier URSSAF {filename} : aucune colonne « Nombre d'établissements AAAA » ni "
            "« Effectifs salariés AAAA » dans l'en-tête. Vérifiez le fichier ou relancez `vigie data pull --force`."
        )
    return ids, {y: (pair[0], pair[1]) for y, pair in sorted(years.items())}


def load(con: duckdb.DuckDBPyConnection, path: Path, table: str = DEFAULT_TABLE) -> int:
    """Load the wide URSSAF file at ``path`` into ``table`` (long format) and return its row count.

    Raises:
        errors.SourceFileMissing: no file at ``path``.
        errors.SourceFileInvalid: missing id columns, no year columns, or a non-numeric measure.
    """
    path = Path(path)
    if not path.is_file():
        raise errors.SourceFileMissing(
            f"Fichier URSSAF absent : {path}. Lancez `vigie data pull --source urssaf-commune-ape-ze-rouen`."
        )
    if not _TABLE.match(table):
        raise ValueError(f"invalid table name: {table!r}")
    header = _header(con, path)
    ids, years = detect_columns(header, filename=path.name)
    source = f"read_csv({_lit(str(path))}, delim=';', header=true, all_varchar=true, quote='\"')"
    measures = [col for pair in years.values() for col in pair if col]
    # One read of the file, measures typed by the CSV reader itself (explicit DOUBLE, ids VARCHAR):
    # reading it as text to check it, then again to cast it, parsed the whole file twice (the
    # national file: 1.2 M rows × 40 columns, the largest cost of the build). A cell the reader
    # cannot parse fails the read; ``_check_numeric`` then re-reads the file as text to name it.
    types = ", ".join(f"{_lit(h)}: '{'DOUBLE' if h in measures else 'VARCHAR'}'" for h in header)
    typed = (
        f"read_csv({_lit(str(path))}, delim=';', header=true, quote='\"', auto_type_candidates=['VARCHAR'], "
        f"types={{{types}}})"
    )
    select = [f"{_q(src)} as {out}" for out, src in ids.items()]
    for year, (etab, eff) in years.items():
        select.append(f"{_q(etab)} as etab_{year}" if etab else f"null::double as etab_{year}")
        select.append(f"{_q(eff)} as eff_{year}" if eff else f"null::double as eff_{year}")
    # The file as read goes into ``<table>_fichier`` (one row per line, measures typed, year columns
    # renamed etab_YYYY / eff_YYYY); ``<table>`` is a view of it in the long grain above, which
    # emploi_salarie materialises. Why not a long table: writing the unpivoted rows (14.8 M for the
    # national file, every id column repeated once per year) was a third of the national build,
    # and emploi_salarie wrote the same rows again.
    # INCLUDE NULLS: a plain UNPIVOT drops a (etab, eff) pair as soon as one value is NULL,
    # which would lose the establishments of secret headcounts. Empty pairs are filtered below.
    wide = f"{table}_fichier"
    commune = "if(length(code_commune) = 4, lpad(code_commune, 5, '0'), code_commune)"  # 1001 → 01001
    pairs = ", ".join(f"(etab_{y}, eff_{y}) as {_lit(str(y))}" for y in years)
    if "." in table:
        con.execute(f"create schema if not exists {table.split('.')[0]}")
    _drop(con, table)  # a view (this loader) or a table (a long table loaded before)
    try:
        con.execute(f"create or replace table {wide} as select {', '.join(select)} from {typed}")
    except duckdb.Error:
        _check_numeric(con, path, source, years)  # raises, naming the cell
        raise
    # One scan of the wide table checks what the long grain promises, so no check has to unpivot
    # it again: the long rows (a pair with either measure), establishment counts that are not whole
    # numbers (refused, the cell named by re-reading the file as text), lines without a commune or
    # APE code, and (commune, APE) lines given twice (the key of the long rows, with the year).
    counts = con.execute(
        "select count(*), count(distinct hash(" + commune + ", code_ape)), "
        "count_if(code_commune is null or code_ape is null), "
        + ", ".join(
            f"count_if(etab_{y} is not null or eff_{y} is not null), count_if(etab_{y} <> floor(etab_{y}))"
            for y in years
        ) + f" from {wide}"
    ).fetchone()
    lines, distinct, missing, per_year = counts[0], counts[1], counts[2], counts[3:]
    if any(per_year[1::2]):
        _check_numeric(con, path, source, years)  # raises, naming the cell
        raise errors.SourceFileInvalid(
            f"Fichier URSSAF {path.name} : {sum(per_year[1::2])} nombre(s) d'établissements non entier(s). "
            "Corrigez le fichier ou retéléchargez-le (`vigie data pull --source urssaf-commune-ape --force`)."
        )
    if missing:
        raise errors.SourceFileInvalid(
            f"Fichier URSSAF {path.name} : {missing} ligne(s) sans code commune ou sans code APE. "
            "Corrigez le fichier ou retéléchargez-le (`vigie data pull --source urssaf-commune-ape --force`)."
        )
    if distinct != lines:
        _raise_duplicate(con, path, wide, commune)
    con.execute(
        f"""
        create view {table} as
        with long as (
            select * from {wide}
            unpivot include nulls ((nombre_etablissements, effectifs_salaries) for annee in ({pairs}))
        )
        select
            -- ids
            {commune} as code_commune,
            code_ape,
            cast(annee as integer) as annee,
            -- measures (NULL = secret or no establishment, never 0; whole numbers checked above)
            cast(nombre_etablissements as bigint) as nombre_etablissements,
            effectifs_salaries,
            -- labels and territories, as in the file
            grand_secteur,
            code_epci,
            code_zone_emploi,
            code_departement,
            code_region
        from long
        where nombre_etablissements is not null or effectifs_salaries is not null
        """
    )
    return sum(per_year[0::2])


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop ``name`` whether it is a view or a table (DuckDB refuses ``drop view`` on a table)."""
    for kind in ("view", "table"):
        try:
            con.execute(f"drop {kind} if exists {name}")
        except duckdb.CatalogException:
            pass


def _raise_duplicate(con: duckdb.DuckDBPyConnection, path: Path, wide: str, commune: str) -> None:
    """Name the first (commune, APE) pair given on two lines (a hash collision proves nothing: count exactly)."""
    found = con.execute(
        f"select {commune} as c, code_ape, count(*) from {wide} group by all having count(*) > 1 order by c, code_ape"
    ).fetchall()
    if not found:
        return
    code_commune, code_ape, _ = found[0]
    raise errors.SourceFileInvalid(
        f"Fichier URSSAF {path.name} : la commune {code_commune} et l'APE {code_ape} figurent sur plusieurs lignes "
        f"({len(found)} couple(s) commune × APE en double). Un fichier concaténé deux fois ? Corrigez-le ou "
        "retéléchargez-le (`vigie data pull --source urssaf-commune-ape --force`)."
    )


def _check_numeric(
    con: duckdb.DuckDBPyConnection, path: Path, source: str, years: dict[int, tuple[str | None, str | None]]
) -> None:
    """Raise on the first measure cell that is neither empty nor a number (integer for établissements)."""
    measures = [(col, kind) for etab, eff in years.values() for col, kind in ((etab, "etab"), (eff, "eff")) if col]

    def bad(col: str, kind: str) -> str:
        value = f"try_cast({_q(col)} as double)"
        if kind == "etab":
            return f"{_q(col)} is not null and coalesce({value} <> floor({value}), true)"
        return f"{_q(col)} is not null and {value} is null"

    counts = con.execute(
        "select " + ", ".join(f"count_if({bad(c, k)})" for c, k in measures) + f" from {source}"
    ).fetchone()
    offending = [(c, k) for (c, k), n in zip(measures, counts) if n]
    if not offending:
        return
    column, kind = offending[0]
    line, value = con.execute(
        f"select line, value from (select row_number() over () + 1 as line, {_q(column)} as value, "
        f"{bad(column, kind)} as is_bad from {source}) where is_bad order by line limit 1"
    ).fetchone()
    expected = "un entier" if kind == "etab" else "un nombre"
    raise errors.SourceFileInvalid(
        f"Fichier URSSAF {path.name}, ligne {line}, colonne « {column} » : valeur « {value} » non numérique "
        f"({expected} ou vide attendu ; {sum(counts)} cellule(s) en cause). Corrigez la cellule ou retéléchargez "
        "le fichier (`vigie data pull --source urssaf-commune-ape --force`)."
    )
