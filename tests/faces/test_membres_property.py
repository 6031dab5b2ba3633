"""Property: a perimeter's communes are the union of its members' communes, and its population their sum.

Members are drawn at random among the communes and EPCI of the Pas-de-Calais; the expected
communes and populations are read from the mirror's Etalab and INSEE files, not from the
warehouse under test.
"""

from __future__ import annotations

import csv
import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigie_industrie.observatoire import membres


@pytest.fixture(scope="module")
def pas_de_calais(mirror):
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["code_departement"] == "62"]
    epci = {}
    for r in rows:
        epci.setdefault(r["siren_epci"], set()).add(r["code_commune"])
    with gzip.open(mirror / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz",
                   "rt", encoding="utf-8") as f:
        wanted = {r["code_commune"] for r in rows} | {c for e in epci.values() for c in e}
        pop = {r["code_commune"]: int(r["population_municipale"]) for r in csv.DictReader(f)
               if r["millesime_population"] == "2023" and r["code_commune"] in wanted}
    # EPCI wholly inside the département only (a straddling EPCI brings communes of another one)
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8") as f:
        outside = {r["siren_epci"] for r in csv.DictReader(f) if r["code_departement"] != "62"}
    epci = {s: c for s, c in epci.items() if s and s not in outside}
    return {"communes": sorted({r["code_commune"] for r in rows}), "epci": epci, "population": pop}


def members():
    return st.tuples(st.lists(st.integers(0, 10_000), max_size=6), st.lists(st.integers(0, 10_000), max_size=3))


def _pick(data, draw):
    communes = [data["communes"][i % len(data["communes"])] for i in draw[0]]
    sirens = sorted(data["epci"])
    epci = [sirens[i % len(sirens)] for i in draw[1]]
    return communes, epci


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(draw=members())
def test_communes_are_the_union_of_the_members(con, pas_de_calais, draw):
    communes, epci = _pick(pas_de_calais, draw)
    if not communes and not epci:
        return
    expected = sorted(set(communes).union(*(pas_de_calais["epci"][e] for e in epci)))
    assert membres.communes_of(con, membres.check_members(con, communes + epci)) == expected


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(draw=members())
def test_perimeter_population_is_the_sum_of_its_communes(con, pas_de_calais, draw):
    from vigie_industrie.indicators import service

    communes, epci = _pick(pas_de_calais, draw)
    if not communes and not epci:
        return
    found = membres.communes_of(con, membres.check_members(con, communes + epci))
    (pop,) = [r for r in service.for_communes(con, found, ids=["population"]) if r["dimension"] is None]
    assert pop["valeur"] == sum(pas_de_calais["population"][c] for c in found)
