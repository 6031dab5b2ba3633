"""The région and département fiches show their OWN industry figures (issue 11), recomputed here
from the raw files: the URSSAF zone d'emploi × A5 table, the ZE2020 composition and the
communes' populations (etalab 2026), each zone's jobs allocated by the share of its population
living in the territory (whole zones count fully). Before, reg-32 showed Lille's zone table."""

from __future__ import annotations

import csv

import pytest

from vigie_industrie.fiches import service


def _raw(mirror):
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8-sig") as h:
        communes = {r["code_commune"]: r for r in csv.DictReader(h)}
    with open(mirror / "insee-zones-emploi-chomage" / "ze2020_composition_communale_cog2023.csv", encoding="utf-8-sig") as h:
        zone_of = {r["CODGEO"]: r["ZE2020"] for r in csv.DictReader(h)}
    jobs: dict[str, dict[str, float]] = {}
    with open(mirror / "ptod-emploi-ze-secteurs" / "urssaf_ze_a5.csv", encoding="utf-8-sig") as h:
        for r in csv.DictReader(h):
            z = jobs.setdefault(r["code_ze"], {"industrie": 0.0, "total": 0.0})
            z["total"] += float(r["eff_24"] or 0)
            if r["a5"] == "BE":
                z["industrie"] += float(r["eff_24"] or 0)
    return communes, zone_of, jobs


def _allocated(mirror, field: str, code: str) -> tuple[float, float, float, float]:
    """(industry, total) allocated by population, and the industry of the whole zones only / of
    every zone touching the territory (bounds that do not depend on the allocation)."""
    communes, zone_of, jobs = _raw(mirror)
    zone_pop: dict[str, float] = {}
    inside: dict[str, float] = {}
    for c, r in communes.items():
        z = zone_of.get(c)
        if z is None or not r["population"]:
            continue
        zone_pop[z] = zone_pop.get(z, 0.0) + float(r["population"])
        if r[field] == code:
            inside[z] = inside.get(z, 0.0) + float(r["population"])
    industrie = sum(jobs[z]["industrie"] * p / zone_pop[z] for z, p in inside.items())
    total = sum(jobs[z]["total"] * p / zone_pop[z] for z, p in inside.items())
    whole = sum(jobs[z]["industrie"] for z, p in inside.items() if p == zone_pop[z])
    touching = sum(jobs[z]["industrie"] for z in inside)
    return industrie, total, whole, touching


def _figure(fiche, indicateur):
    return next(c for c in fiche.bloc("industrie").chiffres if c.id == indicateur)


@pytest.mark.parametrize(("query", "field", "code"), [("reg-32", "code_region", "32"), ("62", "code_departement", "62")])
def test_own_industry_figures(con, mirror, query, field, code):
    fiche = service.fiche(con, query)
    emploi, part = _figure(fiche, "emploi_industriel"), _figure(fiche, "part_industrie")
    industrie, total, whole, touching = _allocated(mirror, field, code)
    assert emploi.periode == "2024"
    assert whole <= emploi.valeur <= touching
    assert emploi.valeur == pytest.approx(industrie, rel=0.005)
    assert part.valeur == pytest.approx(100 * industrie / total, abs=0.2)
    assert emploi.niveau in ("union de zones", "estimation")
    if emploi.niveau == "estimation":
        assert emploi.methode and "prorata" in emploi.methode
    assert emploi.sources and part.sources


def test_region_is_not_its_largest_zone(con):
    region = service.fiche(con, "reg-32")
    lille = service.fiche(con, "3216")
    assert lille.nom.startswith("Lille")
    assert _figure(region, "emploi_industriel").valeur > 2 * _figure(lille, "emploi_industriel").valeur
    assert all(t.id != "zone_emploi" for b in region.blocs for t in b.tableaux)
