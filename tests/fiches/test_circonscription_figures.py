"""A constituency's figures are the same implementation as every territory's (indicator marts
over its whole communes), recomputed here from the raw files: INSEE composition (split communes
left out), etalab 2026 populations, URSSAF commune series, ZE2020 zones and INSEE rates."""

from __future__ import annotations

import csv
import gzip

import pytest

from vigie_industrie.fiches import service

CIRCO = "circo-62-08"
INSEE_CIRCO = "62008"


def _rows(path, delimiter=","):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


@pytest.fixture(scope="module")
def raw(mirror):
    compo = list(_rows(mirror / "insee-circonscriptions-legislatives" / "circo_composition_insee_2022.csv", ";"))
    whole = {r["COMMUNE_RESID"] for r in compo if r["circo"] == INSEE_CIRCO and r["type_com"] == "entière"}
    population = {
        r["code_commune"]: float(r["population"])
        for r in _rows(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv") if r["population"]
    }
    zone_of = {r["CODGEO"]: r["ZE2020"] for r in _rows(mirror / "insee-zones-emploi-chomage" / "ze2020_composition_communale_cog2023.csv")}
    rates = {r["ZE2020"]: r for r in _rows(mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv")}
    emploi: dict[str, float] = {}
    with gzip.open(mirror / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz", "rt") as h:
        for r in csv.DictReader(h):
            if r["echelon"] == "communes" and r["code"] in whole:
                emploi[r["year"]] = emploi.get(r["year"], 0.0) + float(r["eff_total"])
    return {"whole": whole, "population": population, "zone_of": zone_of, "rates": rates, "emploi": emploi}


@pytest.fixture(scope="module")
def fiche(warehouse_path):
    from vigie_industrie.warehouse.connection import WarehouseReader

    with WarehouseReader(warehouse_path) as reader:
        return service.fiche(reader.con, CIRCO)


def _chiffre(fiche, bloc, indicateur):
    return next(c for c in fiche.bloc(bloc).chiffres if c.id == indicateur)


def test_one_population_over_whole_communes(fiche, raw):
    assert fiche.nb_communes == len(raw["whole"]) == 55
    pop = _chiffre(fiche, "population", "population")
    assert pop.niveau == "exact" and pop.periode == "2023"
    # The INSEE constituency population (parts of split communes included) is an INSEE indicator,
    # not a second population block.
    insee = {c.id for c in fiche.circonscription.indicateurs_insee.chiffres}
    assert "pop_légal_19" in insee and "population" not in {b.id for b in [fiche.circonscription.indicateurs_insee]}


def test_private_employment_sums_whole_communes(fiche, raw):
    serie = next(s for s in fiche.bloc("emploi").series if s.id == "emploi_salarie_prive")
    assert {p.periode: p.valeur for p in serie.points} == raw["emploi"]


def test_weighted_unemployment_is_the_common_one(fiche, raw):
    """Population-weighted rate of the zones, the same SQL as for an EPCI or a département."""
    weights: dict[str, float] = {}
    for c in raw["whole"]:
        weights[raw["zone_of"][c]] = weights.get(raw["zone_of"][c], 0.0) + raw["population"][c]
    expected = sum(float(raw["rates"][z]["2023-T3"]) * w for z, w in weights.items()) / sum(weights.values())
    taux = _chiffre(fiche, "chomage", "taux_chomage")
    assert set(weights) == {"3219", "3205"}  # Saint-Omer, Béthune
    assert taux.periode == "2023-T3"
    assert taux.valeur == pytest.approx(expected, abs=0.01)
    assert taux.niveau == "estimation" and taux.methode
