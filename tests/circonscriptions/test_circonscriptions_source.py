"""The catalogue entry matches the mirror files; the raw readers load them unchanged."""

from __future__ import annotations

import csv
import hashlib
import json

import duckdb
import pytest

from vigie_industrie.sources import catalogue, readers_circo

SOURCE = "insee-circonscriptions-legislatives"


@pytest.fixture(scope="module")
def source():
    return catalogue.get_source(SOURCE)


def test_four_files_declared_with_their_licences(source, circo_raw):
    filenames = {f.filename for f in source.files}
    assert filenames == {
        "circo_composition_insee_2022.csv",
        "indic-stat-circonscriptions-legislatives-2022.csv",
        "rne_elus_deputes.csv",
        "france-circonscriptions-legislatives-2012.json",
    }
    assert source.rights_for("contours")["licence"].startswith("ODbL")
    assert source.rights_for("contours")["attribution"] == "Contours : Regards Citoyens / Toxicode, ODbL"
    for key in ("composition", "indicateurs", "deputes"):
        assert source.rights_for(key)["licence"].startswith("Licence Ouverte")
    for f in source.files:
        assert f.table, f.key
        data = f.path(circo_raw.parent, SOURCE).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f.sha256, f.key


@pytest.mark.parametrize("key", ["composition", "indicateurs", "deputes"])
def test_declared_columns_are_the_header(source, circo_raw, key):
    f = source.file(key)
    with open(f.path(circo_raw.parent, SOURCE), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=f.delimiter))
    header, data = rows[f.skip_lines], rows[f.skip_lines + 1:]
    assert tuple(header) == f.columns
    assert len(data) >= f.min_rows


def test_indicators_header_is_after_seven_lines(source, circo_raw):
    f = source.file("indicateurs")
    assert f.skip_lines == 7
    with open(f.path(circo_raw.parent, SOURCE), encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    assert lines[7].startswith("circo;Nom de la circonscription;Inscrit_22;")
    assert lines[8].startswith("00000;")


def test_contour_reader_keeps_every_feature(circo_raw):
    con = duckdb.connect()
    path = circo_raw / "france-circonscriptions-legislatives-2012.json"
    assert readers_circo.load_contours(con, path, "raw.c") == 566
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    first = con.execute("select \"ID\", geometry from raw.c where \"ID\" = ?", [features[0]["properties"]["ID"]]).fetchone()
    assert json.loads(first[1]) == features[0]["geometry"]


def test_label_reader_pairs_codes_and_labels(circo_raw):
    con = duckdb.connect()
    n = readers_circo.load_indicator_labels(con, circo_raw / "indic-stat-circonscriptions-legislatives-2022.csv", "raw.l")
    assert n == 124
    label = con.execute("select libelle from raw.l where code = 'act_ouv'").fetchone()[0]
    assert label == "Part de la population active ouvrier (en %)"
