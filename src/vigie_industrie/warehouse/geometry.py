"""Geometry functions for the contour marts, registered on the build connection.

Why Python functions and not DuckDB ``spatial``: extensions are never installed nor loaded
(no network, see ``connection.SAFE_CONFIG``). The marts stay plain SQL (one ``select``, checks
in header comments, lineage read by the runner) and call these scalar functions on GeoJSON
text; the aggregation itself is SQL's ``list(geometry)``. Shapely does the geometry.

Every output is GeoJSON text with coordinates snapped to a grid of ``GRID`` degrees (about
100 m): neighbours snapped on the same grid keep identical shared vertices, and the national
map stays small (see benchmarks/bench_carte.py).
"""

from __future__ import annotations

import json

import duckdb
import shapely
try:
    from duckdb.sqltypes import DOUBLE, VARCHAR
except ImportError:  # duckdb < 1.5
    from duckdb.typing import DOUBLE, VARCHAR
from shapely import affinity
from shapely.geometry import mapping, shape

GRID = 0.001
DIGITS = 3


def _read(text: str):
    return shape(json.loads(text))


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DIGITS), round(coords[1], DIGITS)]
    return [_round(c) for c in coords]


def dumps(geom) -> str | None:
    """Polygonal GeoJSON text (MultiPolygon or Polygon), coordinates rounded; None when empty."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "GeometryCollection":  # keep the areas only (a union may leave lines)
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts) if parts else None
        if geom is None or geom.is_empty:
            return None
    data = mapping(geom)
    return json.dumps({"type": data["type"], "coordinates": _round(data["coordinates"])}, separators=(",", ":"))


def union(texts: list[str | None] | None) -> str | None:
    """Dissolve GeoJSON geometries into one (the union), snapped to ``GRID``."""
    geoms = [shapely.make_valid(_read(t)) for t in (texts or []) if t]
    if not geoms:
        return None
    return dumps(shapely.union_all(geoms, grid_size=GRID))


def relocate(text: str | None, x0: float, y0: float, x1: float, y1: float,
             X0: float, Y0: float, X1: float, Y1: float) -> str | None:
    """Map a geometry from the box (x0, y0, x1, y1) onto the box (X0, Y0, X1, Y1).

    Why: ANCT's « fr-drom » layers move each DROM into an inset next to metropolitan France.
    A real-position geometry of a DROM (a constituency) is placed in that inset by the affine map
    between the département's real bounding box (ANCT set A) and its inset bounding box (set B).
    """
    if not text:
        return None
    sx, sy = (X1 - X0) / (x1 - x0), (Y1 - Y0) / (y1 - y0)
    geom = affinity.affine_transform(_read(text), [sx, 0, 0, sy, X0 - x0 * sx, Y0 - y0 * sy])
    return dumps(shapely.set_precision(shapely.make_valid(geom), GRID))


def bounds(text: str | None) -> list[float] | None:
    """[xmin, ymin, xmax, ymax] of a GeoJSON geometry."""
    if not text:
        return None
    return list(_read(text).bounds)


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``geo_union``, ``geo_relocate`` and ``geo_bounds`` on ``con`` (idempotent)."""
    functions = (
        ("geo_union", union, [duckdb.list_type(VARCHAR)], VARCHAR),
        ("geo_relocate", relocate, [VARCHAR] + [DOUBLE] * 8, VARCHAR),
        ("geo_bounds", bounds, [VARCHAR], duckdb.list_type(DOUBLE)),
    )
    for name, func, params, result in functions:
        try:
            con.remove_function(name)
        except duckdb.Error:
            pass
        con.create_function(name, func, params, result, side_effects=False)
