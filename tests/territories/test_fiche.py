"""Fiche content on real data, compared with independent queries and raw files.

The figures come from the indicator marts (one implementation, SQL); these tests check the
fiche shows them, for the right territory, with their level of computation and sources.
"""

from __future__ import annotations

import csv
import gzip

import pytest

from vigie_industrie.fiches import service
from vigie_industrie.fiches.model import Fiche
from vigie_industrie.territories import resolver


def _chiffre(fiche: Fiche, bloc: str, indicateur: str):
    return next(c for c in fiche.bloc(bloc).chiffres if c.id == indicateur)


def _serie(fiche: Fiche, bloc: str, indicateur: str) -> dict:
    serie = next(s for s in fiche.bloc(bloc).series if s.id == indicateur)
    return {p.periode: p.valeur for p in serie.points}


def _epci_communes(mirror, siren: str) -> set[str]:
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8-sig") as handle:
        return {r["code_commune"] for r in csv.DictReader(handle) if r["siren_epci"] == siren}


def test_blendecques_fiche(con):
    f = service.fiche(con, "62139")
    assert [p.nom for p in f.parents.liste if p.type == "epci"] == ["CA du Pays de Saint-Omer"]
    assert [p.code for p in f.parents.liste if p.type == "zone_emploi"] == ["3219"]
    ti = f.territoires_industrie.territoires
    assert [t.nom for t in ti if t.phase == 1] == ["Flandre - Saint-Omer"]
    assert [t.nom for t in ti if t.phase == 2] == ["Pays de Saint-Omer"]
    assert f.territoires_industrie.labellise_phases == [1, 2]
    for bloc in f.blocs:
        if bloc.chiffres:
            assert bloc.sources, bloc.id
    assert _chiffre(f, "population", "population").valeur == con.execute(
        "select population from commune where code_commune = '62139'"
    ).fetchone()[0]


def test_lens_zone_fiche(con, mirror):
    f = service.fiche(con, "3215")
    taux = _chiffre(f, "chomage", "taux_chomage")
    assert (taux.periode, taux.valeur, taux.niveau) == ("2023-T3", 10.6, "exact")
    path = mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv"
    with open(path, encoding="utf-8-sig") as handle:
        lens = next(r for r in csv.DictReader(handle) if r["ZE2020"] == "3215")
    assert _chiffre(f, "chomage", "evolution_chomage_4t").valeur == pytest.approx(10.6 - float(lens["2022-T3"]))
    assert _chiffre(f, "chomage", "evolution_chomage_20t").valeur == pytest.approx(10.6 - float(lens["2018-T3"]))
    assert _serie(f, "chomage", "taux_chomage")["2003-T1"] == float(lens["2003-T1"])
    estel = _serie(f, "emploi", "emploi_total")
    assert (estel["1998"], estel["2023"]) == (97039, 124228)


def test_rouen_metropole_industry_from_commune_ape(con, mirror):
    """Métropole Rouen Normandie: industrial jobs (NAF B-E) summed from the commune × APE extract."""
    f = service.fiche(con, "200023414")
    communes = _epci_communes(mirror, "200023414")
    path = mirror / "urssaf-commune-ape-ze-rouen" / "etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"
    expected = {2006: 0.0, 2022: 0.0}
    with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
        for r in csv.DictReader(handle, delimiter=";"):
            if r["Code commune"] in communes and r["Secteur NA38"][:1] in "BCDE":
                for year in expected:
                    if r[f"Effectifs salariés {year}"]:
                        expected[year] += float(r[f"Effectifs salariés {year}"])
    serie = _serie(f, "industrie", "emploi_industriel")
    assert (serie["2006"], serie["2022"]) == (expected[2006], expected[2022]) == (30519, 23641)
    point = next(p for p in f.bloc("industrie").series[0].points if p.periode == "2022")
    assert point.niveau == "exact"


def test_territory_outside_commune_ape_extract_is_labelled(con):
    """CA du Pays de Saint-Omer: outside the extract, its industry figure is its own estimate,
    labelled as such with its method, never the zone's figure shown in its place."""
    f = service.fiche(con, "200069037")
    ind = _chiffre(f, "industrie", "emploi_industriel")
    assert ind.niveau == "estimation" and ind.methode
    zone = service.fiche(con, "3219")
    assert ind.valeur != _chiffre(zone, "industrie", "emploi_industriel").valeur


def test_epci_private_employment_sums_its_communes(con, mirror):
    communes = _epci_communes(mirror, "200069037")
    expected: dict[str, float] = {}
    path = mirror / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz"
    with gzip.open(path, "rt") as handle:
        for r in csv.DictReader(handle):
            if r["echelon"] == "communes" and r["code"] in communes:
                expected[r["year"]] = expected.get(r["year"], 0.0) + float(r["eff_total"])
    f = service.fiche(con, "200069037")
    assert _serie(f, "emploi", "emploi_salarie_prive") == expected
    assert expected["2024"] == 28812


def test_every_epci_fiche_builds(con):
    sirens = [s for (s,) in con.execute("select siren_epci from epci using sample reservoir(25 rows) repeatable (7)").fetchall()]
    for siren in sirens:
        f = service.build(con, resolver.resolve(con, siren))
        assert f.nb_communes == con.execute("select count(*) from commune where siren_epci = ?", [siren]).fetchone()[0]
        assert f.bloc("population").chiffres[0].valeur is not None
