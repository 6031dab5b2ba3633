"""Contour marts against the raw mirror files (read here with json/csv + shapely, not via the warehouse)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest
import shapely
from shapely.geometry import shape

ANCT = "anct-contours-admin"
TI = "anct-territoires-industrie"
DROM = ("971", "972", "973", "974", "976")


def _features(mirror, source, name):
    with open(mirror / source / name, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def test_every_epci_of_2026_has_exactly_one_polygon(con, mirror):
    with open(mirror / "etalab-decoupage-administratif" / "epci_2026.csv", encoding="utf-8") as handle:
        expected = {row["siren_epci"] for row in csv.DictReader(handle)}
    rows = con.execute("select siren_epci, geometry from contour_epci").fetchall()
    sirens = [s for s, _ in rows]
    assert len(sirens) == len(set(sirens)) == len(expected) == 1255
    assert set(sirens) == expected
    for siren, text in rows:
        geom = shape(json.loads(text))
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.area > 0, siren


def test_dissolve_keeps_the_area_of_the_pieces(con, mirror):
    """Each EPCI's polygon covers the union of its ANCT pieces (area equal up to the 0.001° grid)."""
    pieces = defaultdict(list)
    for feature in _features(mirror, ANCT, "epci_anct_fr-drom_style1.geojson"):
        siren = feature["properties"]["siren_epci"]
        if siren:
            pieces[siren].append(shapely.make_valid(shape(feature["geometry"])))
    split = {s: p for s, p in pieces.items() if len(p) > 1}
    assert len(split) == 90  # EPCI straddling départements (counted from the raw file)
    got = dict(con.execute(
        "select siren_epci, geometry from contour_epci where nb_morceaux > 1").fetchall())
    assert set(got) == set(split)
    for siren, parts in split.items():
        expected = shapely.union_all(parts)
        mine = shape(json.loads(got[siren]))
        assert mine.area == pytest.approx(expected.area, rel=0.02), siren
        # one polygon per EPCI: a straddling EPCI is no longer cut along the département border
        assert mine.symmetric_difference(expected).area < 0.02 * expected.area


def test_departements_regions_counts(con, mirror):
    assert con.execute("select count(*) from contour_departement").fetchone()[0] == len(
        _features(mirror, ANCT, "departements_anct_fr-drom_style1.geojson")) == 101
    assert con.execute("select count(*) from contour_region").fetchone()[0] == 18
    assert con.execute("select count(*) from contour_departement where encart_drom").fetchone()[0] == 5


def test_territoires_industrie_outlines(con, mirror):
    """One outline per TI of each phase; those with a commune/EPT member keep ANCT's published outline."""
    with_parts = {}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        with open(mirror / TI / name, encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        with_parts[phase] = {r["id_ti"] for r in rows if r["nature_groupement_2024"] in ("COM", "EPT")}
        got = con.execute(
            "select territoire_id, methode from contour_territoire_industrie where phase = ?", [phase]).fetchall()
        assert len(got) == len({r["id_ti"] for r in rows})
        assert {t for t, m in got if m == "périmètre publié ANCT"} == with_parts[phase]
    assert len(with_parts[1]) == 8 and len(with_parts[2]) == 5


def test_ti_union_matches_the_published_outline(con, mirror):
    """For metropolitan TIs, the union of member EPCIs lies where ANCT's own outline is."""
    published = {f["properties"]["id_territoire"]: shape(f["geometry"])
                 for f in _features(mirror, TI, "ti_phase2_2023-2027_perimetres.geojson")}
    rows = con.execute(
        "select territoire_id, geometry from contour_territoire_industrie where phase = 2 "
        "and methode = 'union des EPCI membres' and code_region not in ('01','02','03','04','06')").fetchall()
    assert len(rows) > 150
    for code, text in rows:
        mine, theirs = shape(json.loads(text)), shapely.make_valid(published[code])
        assert mine.intersection(theirs).area > 0.8 * min(mine.area, theirs.area), code


def test_drom_constituencies_sit_in_the_insets(con, mirror):
    insets = {f["properties"]["insee_dep"]: shape(f["geometry"]).bounds
              for f in _features(mirror, ANCT, "departements_anct_fr-drom_style1.geojson")
              if f["properties"]["insee_dep"] in DROM}
    rows = con.execute(
        "select code_departement, geometry, position from contour_circonscription "
        "where code_departement in ('971','972','973','974','976')").fetchall()
    assert len(rows) == 4 + 4 + 2 + 7 + 2
    for dep, text, position in rows:
        x0, y0, x1, y1 = shape(json.loads(text)).bounds
        X0, Y0, X1, Y1 = insets[dep]
        slack = 0.1 * max(X1 - X0, Y1 - Y0)
        assert position == "encart (transformé)"
        assert X0 - slack <= x0 and x1 <= X1 + slack and Y0 - slack <= y0 and y1 <= Y1 + slack, dep
    # metropolitan constituencies are untouched (real positions), COM ones are not drawn
    assert con.execute("select count(*) from contour_circonscription where position = 'réelle'").fetchone()[0] == 539
