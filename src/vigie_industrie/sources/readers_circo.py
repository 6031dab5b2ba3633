"""Raw readers for the files of ``insee-circonscriptions-legislatives`` that a generic CSV
read cannot load: the GeoJSON contours and the long labels of the INSEE indicators.

Each reader has the catalogue signature ``(con, path, table) -> int``: it creates
``table`` (all columns VARCHAR, values unchanged) and returns its row count.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from vigie_industrie import errors
from vigie_industrie.sources import raw_tables, readers_geo

# Lines of the indicators file (1-based): 6 = long labels, 8 = short codes (the header).
_LABEL_LINE = 6
_CODE_LINE = 8


def load_contours(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    """One row per feature: its properties as text and its geometry as GeoJSON text.

    No spatial extension is needed: the map reads the geometry as GeoJSON.
    Columns: ``ID``, ``code_dpt``, ``nom_dpt``, ``num_circ``, ``nom_reg``, ``code_reg``,
    ``geometry_type``, ``geometry`` (GeoJSON, WGS84).
    """
    return readers_geo.load_features(con, path, table, keys=("ID", "code_dpt", "nom_dpt", "num_circ", "nom_reg", "code_reg"))


def load_indicator_labels(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    """One row per indicator: ``code`` (header of line 8), ``libelle`` (line 6), ``rang``."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = [row for _, row in zip(range(_CODE_LINE), csv.reader(handle, delimiter=";"))]
    if len(lines) < _CODE_LINE or lines[_CODE_LINE - 1][:1] != ["circo"]:
        raise errors.SourceFileInvalid(
            f"{path} : la ligne {_CODE_LINE} devrait être l'en-tête « circo;Nom de la "
            "circonscription;… » ; le fichier a changé de mise en page."
        )
    labels, codes = lines[_LABEL_LINE - 1], lines[_CODE_LINE - 1]
    frame = pd.DataFrame(
        {
            "code": codes,
            "libelle": [" ".join(label.split()) for label in labels] + [""] * (len(codes) - len(labels)),
            "rang": [str(i) for i in range(1, len(codes) + 1)],
        },
        dtype="string",
    )
    raw_tables.create_from_frame(con, table, frame)
    return len(frame)
