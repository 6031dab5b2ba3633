"""Reading the indicator marts: values, series, rankings, peers, sources, and custom perimeters.

Everything here reads what the build computed (``indicateur_valeur``, ``indicateur_comparaison``,
``territoire_pair``), except ``for_communes``, which runs the same family SQL over a temporary
crosswalk holding the perimeter's communes. The connection is the warehouse's (read-only): the
temporary table lives in DuckDB's temp catalog, never in the warehouse file.
"""

from __future__ import annotations

import itertools

import duckdb

from vigie_industrie import errors
from vigie_industrie.indicators import families, registry
from vigie_industrie.territories.model import Territoire

VALUE_KEYS = (
    "id", "libelle", "valeur", "unite", "periode", "annee", "dimension", "source", "niveau", "methode",
    "couverture", "nb_communes_sans_donnee", "note", "rang_france", "nb_france", "rang_region", "nb_region",
    "valeur_region", "valeur_france",
)

PERIMETRE_TYPE = "perimetre"
_counter = itertools.count()


def _ids(ids: list[str] | None) -> list[str] | None:
    if ids is None:
        return None
    for i in ids:
        registry.get(i)
    return list(ids)


def _latest(rows_sql: str) -> str:
    """Keep, per indicator and dimension, the latest period (by end year, then period label)."""
    return f"""
        select * from ({rows_sql})
        qualify row_number() over (partition by indicateur, dimension order by annee desc, periode desc) = 1
    """


def _dicts(cursor) -> list[dict]:
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row)) for row in cursor.fetchall()]


def _shape(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        ind = registry.REGISTRY.get(r["indicateur"])
        d = {k: r.get(k) for k in VALUE_KEYS}
        d["id"] = r["indicateur"]
        d["libelle"] = ind.libelle if ind else r["indicateur"]
        out.append(d)
    order = {k: n for n, k in enumerate(registry.REGISTRY)}
    out.sort(key=lambda d: (order.get(d["id"], 999), d["dimension"] is not None, d["dimension"] or ""))
    return out


# The comparison rows of one territory only: filtered before the join, the mart's zone maps skip
# every other row group (joined whole, the 1.6 M rows were scanned on each call: 40 ms of 50).
_COMPARAISON_OF = """
    select * from indicateur_comparaison
    where type = $type and code = $code and phase is not distinct from $phase
"""

_REGION_OF = "(select code_region from territoire_region where type = $type and code = $code and phase is not distinct from $phase)"

_COMPARED = "c.rang_france, c.nb_france, c.rang_region, c.nb_region, c.valeur_region, c.valeur_france"


def _with_references(rows_sql: str, region: str) -> str:
    """``rows_sql`` (rows of the indicator columns) with the same figure for the région ``region``
    (a SQL expression) and for France, read from ``indicateur_valeur`` (same indicator, dimension
    and period); no ranks.

    For what has no row in ``indicateur_comparaison``: a commune (its région from
    ``territoire_region``) and a custom perimeter (the région holding most of its population). The
    mart joins the same rows for the ranked kinds. Each side reads only the région or France rows
    of the sorted mart.
    """
    return f"""
        select v.*, null::integer as rang_france, null::integer as nb_france, null::integer as rang_region,
            null::integer as nb_region, reg.valeur as valeur_region, fr.valeur as valeur_france
        from ({rows_sql}) as v
        left join (
            select indicateur, dimension, periode, valeur from indicateur_valeur
            where type = 'region' and code = {region}
        ) as reg
            on reg.indicateur = v.indicateur and reg.dimension is not distinct from v.dimension
            and reg.periode = v.periode
        left join (
            select indicateur, dimension, periode, valeur from indicateur_valeur where type = 'france'
        ) as fr
            on fr.indicateur = v.indicateur and fr.dimension is not distinct from v.dimension
            and fr.periode = v.periode
    """


def _compared(rows_sql: str, territoire: Territoire) -> str:
    """The territory's rows with their ranks and région and France values."""
    if territoire.type == "commune":
        return _with_references(rows_sql, _REGION_OF)
    return f"""
        select v.*, {_COMPARED}
        from ({rows_sql}) as v
        left join ({_COMPARAISON_OF}) as c
            on c.phase is not distinct from v.phase
            and c.indicateur = v.indicateur and c.dimension is not distinct from v.dimension and c.periode = v.periode
    """


def values(con: duckdb.DuckDBPyConnection, territoire: Territoire, *, annee: int | None = None,
           ids: list[str] | None = None) -> list[dict]:
    """Each indicator (and dimension) of ``territoire`` at its latest period ending in or before ``annee``."""
    ids = _ids(ids)
    rows_sql = """
        select * from indicateur_valeur
        where type = $type and code = $code and phase is not distinct from $phase
            and ($annee is null or annee <= $annee) and ($ids is null or list_contains($ids, indicateur))
    """
    cursor = con.execute(
        _compared(_latest(rows_sql), territoire),
        {"type": territoire.type, "code": territoire.code, "phase": territoire.phase, "annee": annee, "ids": ids},
    )
    return _shape(_dicts(cursor))


def series(con: duckdb.DuckDBPyConnection, territoire: Territoire, indicateur: str, *,
           dimension: str | None = None) -> list[dict]:
    """Every period of one indicator for ``territoire``, oldest first."""
    registry.get(indicateur)
    cursor = con.execute(
        """
        select periode, annee, valeur, niveau, note from indicateur_valeur
        where type = ? and code = ? and phase is not distinct from ? and indicateur = ?
            and dimension is not distinct from ?
        order by annee, periode
        """,
        [territoire.type, territoire.code, territoire.phase, indicateur, dimension],
    )
    return _dicts(cursor)


def values_and_series(con: duckdb.DuckDBPyConnection, territoire: Territoire,
                      series_ids: tuple[str, ...] = ()) -> tuple[list[dict], dict[str, list[dict]]]:
    """``values(con, territoire)`` and ``series(con, territoire, i)`` for each of ``series_ids``,
    from one read of the territory's rows.

    Why: a fiche needs both, and each query on the marts costs a few milliseconds whatever it
    returns; one query over the territory's own rows (a few hundred to a few thousand, stored
    together) then picks the latest period per indicator exactly as ``_latest`` does
    (end year, then period label, descending) and the series oldest first.
    """
    cursor = con.execute(
        _compared("select * from indicateur_valeur where type = $type and code = $code and phase is not distinct from $phase",
                  territoire),
        {"type": territoire.type, "code": territoire.code, "phase": territoire.phase},
    )
    rows = _dicts(cursor)
    latest: dict[tuple, dict] = {}
    wanted = set(series_ids)
    found: dict[str, list[dict]] = {i: [] for i in series_ids}
    for r in rows:
        key = (r["indicateur"], r["dimension"])
        held = latest.get(key)
        if held is None or (r["annee"], r["periode"]) > (held["annee"], held["periode"]):
            latest[key] = r
        if r["dimension"] is None and r["indicateur"] in wanted:
            found[r["indicateur"]].append({k: r[k] for k in ("periode", "annee", "valeur", "niveau", "note")})
    for points in found.values():
        points.sort(key=lambda p: (p["annee"], p["periode"]))
    return _shape(list(latest.values())), found


def ranking(con: duckdb.DuckDBPyConnection, type_: str, indicateur: str, *, annee: int | None = None,
            region: str | None = None, phase: int | None = None, limit: int | None = None,
            dimension: str | None = None, ascending: bool = False) -> list[dict]:
    """Territories of one kind ordered by one indicator, at the latest period ≤ ``annee`` with data."""
    registry.get(indicateur)
    params = {"type": type_, "ind": indicateur, "annee": annee, "region": region, "phase": phase,
              "dim": dimension, "limit": limit}
    cursor = con.execute(
        f"""
        with candidates as (
            select v.*, r.code_region from indicateur_valeur as v
            left join territoire_region as r
                on r.type = v.type and r.code = v.code and r.phase is not distinct from v.phase
            where v.type = $type and v.indicateur = $ind and v.dimension is not distinct from $dim
                and ($annee is null or v.annee <= $annee) and ($phase is null or v.phase = $phase)
                and ($region is null or r.code_region = $region) and v.valeur is not null
                and r.au_classement is not false  -- not the COM listed as régions or départements
        ),
        periode as (
            select periode from candidates order by annee desc, count(*) over (partition by periode) desc, periode desc limit 1
        )
        select
            -- values equal but for the float noise of parallel sums are ordered by code, as in the
            -- comparison mart's ranks (10 significant digits)
            row_number() over (order by {families.rank_key('c.valeur')} {'asc' if ascending else 'desc'}, c.code) as rang,
            c.type, c.code, c.phase, coalesce(t.nom, circo.libelle) as nom, c.valeur, c.periode, c.niveau
        from candidates as c
        semi join periode using (periode)
        left join territoire as t on t.type = c.type and t.code = c.code and t.phase is not distinct from c.phase
        left join circonscription as circo on c.type = 'circonscription' and circo.circonscription_id = c.code
        order by rang
        limit coalesce($limit, 1000000)
        """,
        params,
    )
    return _dicts(cursor)


def peers(con: duckdb.DuckDBPyConnection, territoire: Territoire) -> list[dict]:
    """The 5 territories of the same kind closest by population."""
    cursor = con.execute(
        """
        select p.rang, p.type, p.code_pair as code, p.phase_pair as phase, t.nom, p.population_pair as population
        from (select * from territoire_pair where type = $type and code = $code and phase is not distinct from $phase) as p
        left join (select type, code, phase, nom from territoire where type = $type) as t
            on t.code = p.code_pair and t.phase is not distinct from p.phase_pair
        order by p.rang
        """,
        {"type": territoire.type, "code": territoire.code, "phase": territoire.phase},
    )
    return _dicts(cursor)


def peers_and_values(con: duckdb.DuckDBPyConnection, territoire: Territoire, periodes: dict[str, str]
                     ) -> tuple[list[dict], dict[tuple, dict[str, float | None]]]:
    """``peers(con, territoire)`` and their headline values at given (indicator → period) pairs, in one query.

    Why: a peers table compares like with like (the same period as the territory's own figure), and
    each query on the marts costs a few milliseconds whatever it returns; the peers are of the
    territory's kind, so one type filter serves both reads. Keys of the values are ``(type, code,
    phase)``; a missing value is absent (the caller shows it as missing).
    """
    cursor = con.execute(
        """
        with p as (
            select * from territoire_pair where type = $type and code = $code and phase is not distinct from $phase
        ),
        periods as (
            select unnest($ids::varchar[]) as indicateur, unnest($periodes::varchar[]) as periode
        ),
        v as (
            select v.code, v.phase, v.indicateur, v.valeur
            from indicateur_valeur as v
            semi join periods on periods.indicateur = v.indicateur and periods.periode = v.periode
            semi join p on p.code_pair = v.code and p.phase_pair is not distinct from v.phase
            where v.type = $type and v.dimension is null
        )
        select p.rang, p.type, p.code_pair as code, p.phase_pair as phase, t.nom, p.population_pair as population,
            v.indicateur, v.valeur
        from p
        left join (select type, code, phase, nom from territoire where type = $type) as t
            on t.code = p.code_pair and t.phase is not distinct from p.phase_pair
        left join v on v.code = p.code_pair and v.phase is not distinct from p.phase_pair
        order by p.rang
        """,
        {"type": territoire.type, "code": territoire.code, "phase": territoire.phase,
         "ids": list(periodes), "periodes": [periodes[i] for i in periodes]},
    )
    peers: dict[int, dict] = {}
    found: dict[tuple, dict[str, float | None]] = {}
    for rang, type_, code, phase, nom, population, indicateur, valeur in cursor.fetchall():
        peers.setdefault(rang, {"rang": rang, "type": type_, "code": code, "phase": phase, "nom": nom,
                                "population": population})
        if indicateur is not None:
            found.setdefault((type_, code, phase), {})[indicateur] = valeur
    return list(peers.values()), found


def for_communes(con: duckdb.DuckDBPyConnection, communes: list[str], *, annee: int | None = None,
                 ids: list[str] | None = None, latest: bool = True) -> list[dict]:
    """Indicators of a custom perimeter (a list of current commune codes), by the same family SQL.

    No ranks; the région (the one holding most of the perimeter's population) and France values are filled.
    ``latest=False`` keeps every period (a perimeter's fiche draws its series from one run).
    """
    ids = _ids(ids)
    codes = sorted(set(communes))
    if not codes:
        raise errors.ValidationFailed("Périmètre vide : donnez au moins une commune ou un EPCI.")
    table = f"perimetre_commune_{next(_counter)}"
    con.execute(
        f"create temp table {table} as select '{PERIMETRE_TYPE}' as type, 'perimetre' as code, null::integer as phase, "
        "unnest(?::varchar[]) as code_commune, true as entier, 1.0::double as poids",
        [codes],
    )
    try:
        # An anti join, not list_contains(?, code_commune) over every commune: with 4,000 codes
        # that was 35,000 × 4,000 comparisons, a third of a 100-EPCI perimeter's time.
        unknown = sorted(c for (c,) in con.execute(
            f"select code_commune from temp.{table} anti join commune using (code_commune)"
        ).fetchall())
        if unknown:
            raise errors.InvalidCode(
                f"Commune(s) inconnue(s) du COG 2026 : {', '.join(unknown[:10])}"
                + (" …" if len(unknown) > 10 else "") + "."
            )
        wanted = families.available()
        if ids is not None:
            wanted = tuple(f for f in wanted if any(registry.REGISTRY[i].famille == f for i in ids))
        if not wanted:
            return []
        region = con.execute(
            f"select arg_max(c.code_region, c.population) from temp.{table} p join commune c using (code_commune)"
        ).fetchone()[0]
        sql = families.perimeter_sql(f"temp.{table}", region, wanted)
        rows = (_latest if latest else str)(
            f"select * from ({sql}) where ($annee is null or annee <= $annee) and ($ids is null or list_contains($ids, indicateur))"
        )
        cursor = con.execute(_with_references(rows, "$region"), {"annee": annee, "ids": ids, "region": region})
        return _shape(_dicts(cursor))
    finally:
        con.execute(f"drop table if exists temp.{table}")


def sources(con: duckdb.DuckDBPyConnection, source_ids: list[str]) -> list[dict]:
    """Publisher, title, vintage, licence and attribution of each catalogue source id (as loaded)."""
    cursor = con.execute(
        """
        select source_id as id, any_value(editeur) as editeur, any_value(titre) as titre,
            any_value(millesime) as millesime, any_value(licence) as licence, any_value(attribution) as attribution
        from source_provenance
        where list_contains(?, source_id)
        group by source_id
        order by list_position(?, source_id)
        """,
        [list(source_ids), list(source_ids)],
    )
    return _dicts(cursor)
