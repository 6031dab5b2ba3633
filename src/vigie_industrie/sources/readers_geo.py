"""Generic raw reader for GeoJSON feature collections (ANCT contours, Territoires d'industrie).

The warehouse has no spatial extension (extensions are never installed, see
``warehouse/connection.py``): a feature becomes one row holding every property as text and
its geometry as GeoJSON text, unchanged. Dissolving, relocating and quantising happen in the
marts, through the Python functions of ``warehouse/geometry.py``.

Signature of the catalogue readers: ``(con, path, table) -> int``.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from vigie_industrie import errors
from vigie_industrie.sources import raw_tables


def load_features(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    """One row per feature: its properties (all VARCHAR, file order), ``geometry_type``, ``geometry``."""
    frame = features_frame(path)
    raw_tables.create_from_frame(con, table, frame)
    return len(frame)


def features_frame(path: Path, keys: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The features of a collection as text rows: ``keys`` (default: every property met, in file
    order; a missing one is NULL), then ``geometry_type`` and ``geometry`` (GeoJSON text)."""
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    features = collection.get("features") if isinstance(collection, dict) else None
    if not features:
        raise errors.SourceFileInvalid(
            f"{path} : aucune entité GeoJSON (clé « features ») ; re-téléchargez le fichier "
            "avec `vigie data pull --refresh`."
        )
    if keys is None:
        seen: dict[str, None] = {}
        for feature in features:
            seen.update(dict.fromkeys((feature.get("properties") or {}).keys()))
        keys = tuple(seen)
    rows = []
    for feature in features:
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        rows.append(
            {
                **{k: None if props.get(k) is None else str(props[k]) for k in keys},
                "geometry_type": geometry.get("type"),
                "geometry": json.dumps(geometry, separators=(",", ":")) if geometry else None,
            }
        )
    return pd.DataFrame(rows, columns=[*keys, "geometry_type", "geometry"], dtype="string")
