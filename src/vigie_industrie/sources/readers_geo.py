"""Generic raw reader for GeoJSON feature collections (ANCT contours, Territoires d'industrie).

The warehouse has no spatial extension (extensions are never installed, see
``warehouse/connection.py``): a feature becomes one row holding every property as text and
its geometry as GeoJSON text, unchanged. Dissolving, relocating and quantising happen in the
marts, through the Python functions of ``warehouse/geometry.py``.

Signature of the catalogue readers: ``(con, path, table) -> int``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.sources import raw_tables
from vigie_industrie.warehouse import connection


def load_features(con: duckdb.DuckDBPyConnection, path: Path, table: str, keys: tuple[str, ...] | None = None) -> int:
    """One row per feature, in file order: its properties (``keys``, default every property met in
    file order; all VARCHAR, a missing one NULL), ``geometry_type``, ``geometry`` (GeoJSON text).

    Parsed by DuckDB's JSON reader, not by Python's ``json``: the contours are the largest JSON files
    of the mirror, and parsed in Python (then their geometry written back as text) they held the
    interpreter lock while the other files of the build loaded, one core idle for most of a second.
    The geometry text is DuckDB's minified JSON: the same numbers as the file, some written
    differently (``-0.000011454272622`` for ``-1.1454272622e-05``).
    """
    doc = f"read_json_objects({connection.sql_literal(str(path))}, maximum_object_size=268435456)"
    try:
        rows = con.execute(
            f"select json_array_length(json, '$.features'), json_type(json, '$.features') from {doc}"
        ).fetchall()
    except duckdb.Error as exc:
        raise errors.SourceFileInvalid(
            f"{path} : GeoJSON illisible ({str(exc).strip().splitlines()[0]}) ; re-téléchargez le fichier "
            "avec `vigie data pull --force`."
        ) from None
    if len(rows) != 1 or rows[0][1] != "ARRAY" or not rows[0][0]:
        raise errors.SourceFileInvalid(
            f"{path} : aucune entité GeoJSON (clé « features ») ; re-téléchargez le fichier "
            "avec `vigie data pull --force`."
        )
    features = f"""
        select unnest(features) as feature, generate_subscripts(features, 1) as position
        from (select json_extract(json, '$.features[*]') as features from {doc})
    """
    if keys is None:
        keys = tuple(k for (k,) in con.execute(
            f"""
            select key from (
                select unnest(names) as key, generate_subscripts(names, 1) as rank_in_feature, position
                from (
                    select json_keys(feature, '$.properties') as names, position from ({features})
                    where json_type(feature, '$.properties') = 'OBJECT'
                )
            )
            group by key order by min(position::bigint * 1000000 + rank_in_feature)
            """
        ).fetchall())

    def pointer(key: str) -> str:  # a JSON pointer to the property, whatever its characters
        return connection.sql_literal("/properties/" + key.replace("~", "~0").replace("/", "~1"))

    props = [f"json_extract_string(feature, {pointer(k)}) as {connection.sql_identifier(k)}" for k in keys]
    raw_tables.ensure_schema(con, table)
    con.execute(
        f"""
        create or replace table {table} as
        select {''.join(p + ', ' for p in props)}
            json_extract_string(feature, '$.geometry.type') as geometry_type,
            case when json_type(feature, '$.geometry') = 'OBJECT' and json_extract(feature, '$.geometry') <> '{{}}'
                then json_extract(feature, '$.geometry')::varchar end as geometry,
        from ({features})
        order by position
        """
    )
    return rows[0][0]
