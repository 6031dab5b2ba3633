"""Constituency marts against figures recomputed from the raw files (fast build)."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from vigie_industrie.territories import circonscriptions as circo


def _rows(path, skip=0):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip):
            handle.readline()
        yield from csv.DictReader(handle, delimiter=";")


@pytest.fixture(scope="module")
def composition(circo_raw):
    return list(_rows(circo_raw / "circo_composition_insee_2022.csv"))


@pytest.fixture(scope="module")
def indicateurs(circo_raw):
    return list(_rows(circo_raw / "indic-stat-circonscriptions-legislatives-2022.csv", skip=7))


def test_556_constituencies_with_communes(fast_con, composition):
    expected = {circo.from_insee_code(r["circo"]) for r in composition if r["circo"]}
    assert len(expected) == 556
    got = {r[0] for r in fast_con.execute("select circonscription_id from circonscription where has_composition").fetchall()}
    assert got == expected
    assert fast_con.execute("select count(*) from circonscription").fetchone()[0] == 577


def test_split_rows_kept_as_split_and_never_duplicated(fast_con, composition):
    partiel = {(circo.from_insee_code(r["circo"]), r["COMMUNE_RESID"]) for r in composition if r["type_com"] == "partiel"}
    assert len(partiel) == 313
    staged = fast_con.execute(
        "select count(*) from staging.stg_insee_circonscriptions_legislatives__composition where is_partiel"
    ).fetchone()[0]
    assert staged == 313
    # every INSEE split row is split in the mart (codes here are all current communes)
    flagged = fast_con.execute(
        "select count(*) from circonscription_commune where is_partiel_insee and is_partiel"
    ).fetchone()[0]
    assert flagged == fast_con.execute("select count(*) from circonscription_commune where is_partiel_insee").fetchone()[0]
    assert flagged >= 310  # a few split communes merged into one commune nouvelle since
    # a commune is whole in at most one constituency, and a whole commune is in exactly one
    whole = fast_con.execute(
        "select code_commune, count(*) from circonscription_commune where not is_partiel group by 1 having count(*) > 1"
    ).fetchall()
    assert whole == []
    # the sum over constituencies of whole communes never counts a commune twice
    n_whole = fast_con.execute("select count(*) from circonscription_commune where not is_partiel").fetchone()[0]
    n_distinct = fast_con.execute(
        "select count(distinct code_commune) from circonscription_commune where not is_partiel"
    ).fetchone()[0]
    assert n_whole == n_distinct


def test_circo_62_08_communes(fast_con, composition):
    expected = {r["COMMUNE_RESID"] for r in composition if r["circo"] == "62008"}
    assert len(expected) == 55
    got = {r[0] for r in fast_con.execute(
        "select code_commune from circonscription_commune where circonscription_id = 'circo-62-08'"
    ).fetchall()}
    assert got == expected
    assert {"62139", "62040", "62765"} <= got
    row = fast_con.execute(
        "select libelle, nb_communes, nb_communes_partielles, code_region from circonscription "
        "where circonscription_id = 'circo-62-08'"
    ).fetchone()
    assert row == ("Pas-de-Calais, 8e circonscription", 55, 0, "32")


def test_a_commune_code_is_not_a_constituency(fast_con, composition):
    assert fast_con.execute("select count(*) from circonscription where circonscription_id = '62008'").fetchone()[0] == 0
    # 62008 as a commune (Acquin-Westbécourt) lies in another constituency than circo 62008
    expected = {circo.from_insee_code(r["circo"]) for r in composition if r["COMMUNE_RESID"] == "62008"}
    got = {r[0] for r in fast_con.execute(
        "select circonscription_id from circonscription_commune where code_commune = '62008'"
    ).fetchall()}
    assert got == expected == {"circo-62-06"}


def test_indicators_parsed_nd_null_and_france(fast_con, indicateurs):
    france = next(r for r in indicateurs if r["circo"] == "00000")
    row62 = next(r for r in indicateurs if r["circo"] == "62008")
    assert (row62["act_ouv"], france["act_ouv"]) == ("31,7", "21,2")
    got = fast_con.execute(
        "select valeur, valeur_france, libelle from circonscription_indicateur_insee "
        "where circonscription_id = 'circo-62-08' and indicateur = 'act_ouv'"
    ).fetchone()
    assert got == (31.7, 21.2, "Part de la population active ouvrier (en %)")
    codes = [k for k in france if k not in ("circo", "Nom de la circonscription")]
    nd = sum(1 for r in indicateurs if r["circo"] != "00000" for k in codes if r[k].strip() in ("nd", ""))
    assert nd > 0
    nulls = fast_con.execute("select count(*) from circonscription_indicateur_insee where valeur is null").fetchone()[0]
    assert nulls == nd
    assert fast_con.execute(
        "select count(*) from circonscription_indicateur_insee where valeur is null and valeur_brute not in ('nd', '')"
    ).fetchone()[0] == 0
    rows = fast_con.execute("select count(*) from circonscription_indicateur_insee").fetchone()[0]
    assert rows == (len(indicateurs) - 1) * len(codes)
    inscrits = fast_con.execute(
        "select valeur from circonscription_indicateur_insee where circonscription_id = 'circo-62-08' "
        "and indicateur = 'Inscrit_22'"
    ).fetchone()[0]
    assert inscrits == float(row62["Inscrit_22"].replace(" ", ""))


def test_deputies_without_birth_dates(fast_con, circo_raw):
    rne = list(_rows(circo_raw / "rne_elus_deputes.csv"))
    columns = {r[0] for r in fast_con.execute("describe depute").fetchall()}
    assert not any("naissance" in c for c in columns)
    assert fast_con.execute("select count(*) from depute").fetchone()[0] == len(rne)
    current = dict(fast_con.execute(
        "select circonscription_id, nom_affiche from depute where is_en_cours"
    ).fetchall())
    assert current["circo-62-08"] == "Auguste Evrard"
    assert current["circo-66-04"] == "Michèle Martinez"
    # one deputy in office per constituency with an RNE row
    codes = Counter(r["Code de la circonscription législative"] for r in rne)
    assert len(current) >= len(codes)


def test_contours_with_odbl_attribution(fast_con):
    rows = fast_con.execute(
        "select count(*), count(distinct attribution), any_value(attribution), any_value(licence) from circonscription_contour"
    ).fetchone()
    assert rows == (566, 1, "Contours : Regards Citoyens / Toxicode, ODbL", "ODbL 1.0")
    missing = fast_con.execute(
        "select count(*) from circonscription where not has_contour and code_departement <> 'ZZ'"
    ).fetchone()[0]
    assert missing == 0
