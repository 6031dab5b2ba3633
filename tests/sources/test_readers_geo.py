"""The GeoJSON raw reader: properties as text in file order, geometry as GeoJSON text, bad files refused."""

from __future__ import annotations

import json

import duckdb
import pytest

from vigie_industrie import errors
from vigie_industrie.sources import readers_geo

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}


@pytest.fixture()
def con():
    con = duckdb.connect(":memory:")
    yield con
    con.close()


def _write(tmp_path, payload, name="f.geojson"):
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def test_every_property_met_in_file_order_missing_ones_null(con, tmp_path):
    path = _write(tmp_path, {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "01", "nom": "l'Ain"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"nom": "Aisne", "a/b": "x", "code": None}, "geometry": None},
        {"type": "Feature", "properties": {"code": "03", "extra": "é"}, "geometry": SQUARE},
    ]})
    assert readers_geo.load_features(con, path, "raw.t") == 3
    rows = con.execute("select * from raw.t").fetchall()
    assert [d[0] for d in con.execute("select * from raw.t").description] == [
        "code", "nom", "a/b", "extra", "geometry_type", "geometry"]
    assert [r[:5] for r in rows] == [
        ("01", "l'Ain", None, None, "Polygon"), (None, "Aisne", "x", None, None), ("03", None, None, "é", "Polygon")]
    assert json.loads(rows[0][5]) == SQUARE and rows[1][5] is None


def test_chosen_keys_only(con, tmp_path):
    path = _write(tmp_path, {"features": [{"properties": {"ID": "a", "other": "b"}, "geometry": SQUARE}]})
    readers_geo.load_features(con, path, "raw.t", keys=("ID", "absent"))
    assert con.execute("select ID, absent, geometry_type from raw.t").fetchall() == [("a", None, "Polygon")]


@pytest.mark.parametrize("payload", ['{"type": "FeatureCollection"}', '{"features": []}', "[1, 2]"])
def test_a_file_without_features_is_refused(con, tmp_path, payload):
    with pytest.raises(errors.SourceFileInvalid, match="aucune entité GeoJSON"):
        readers_geo.load_features(con, _write(tmp_path, payload), "raw.t")


def test_a_truncated_file_is_refused_in_one_line(con, tmp_path):
    with pytest.raises(errors.SourceFileInvalid) as caught:
        readers_geo.load_features(con, _write(tmp_path, '{"features": [{"properties": {'), "raw.t")
    assert "GeoJSON illisible" in str(caught.value) and "\n" not in str(caught.value)
