"""Target outcomes of a few real territories, recomputed from the raw mirror files (plain csv).

The panels compute them in SQL from the marts; here the same figures come straight from the
publishers' files, with no warehouse code: INSEE's quarterly rates, ESTEL, the URSSAF commune
totals re-based to 2026 communes, and the URSSAF commune × APE extract of Rouen.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pytest

from tests.indicators import _raw
from vigie_industrie.alerts import datasets, targets


def _panel(con, target_id):
    frame = datasets.load(con, targets.get(target_id))
    return {(r["code"], r["origine"]): r for r in frame.to_dict("records")}


@lru_cache(maxsize=None)
def _chomage() -> dict[tuple[str, str], float]:
    out = {}
    for r in _raw.rows(_raw.mirror() / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv"):
        for k, v in r.items():
            if k and k[:4].isdigit() and v:
                out[(r["ZE2020"], k)] = float(v)
    return out


@lru_cache(maxsize=None)
def _estel() -> dict[tuple[str, int], float]:
    return {(r["code_ze"], int(r["year"])): float(r["emploi_total"])
            for r in _raw.rows(_raw.mirror() / "ptod-emploi-ze-secteurs" / "estel_emploi_total_ze_1998_2023.csv")
            if r["emploi_total"]}


@lru_cache(maxsize=None)
def _urssaf_epci() -> dict[tuple[str, int], float]:
    old = _raw.cog()["old"]
    epci_of = {c: e for e, communes in _raw.epci_communes().items() for c in communes}
    out: dict = defaultdict(float)
    path = _raw.mirror() / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz"
    for r in _raw.rows(path):
        if r["echelon"] != "communes" or not r["eff_total"]:
            continue
        epci = epci_of.get(old.get(r["code"], ""))
        if epci:
            out[(epci, int(r["year"]))] += float(r["eff_total"])
    return dict(out)


@lru_cache(maxsize=None)
def _rouen_cells() -> dict[tuple[str, str, int], float]:
    naf = {r["naf5_sans_point"]: (r["a38"], r["industrie_BE"] == "1")
           for r in _raw.rows(_raw.mirror() / "insee-naf2008-niveaux" / "naf2008_sous_classes_niveaux_agreges.csv")}
    old = _raw.cog()["old"]
    out: dict = defaultdict(float)
    path = _raw.mirror() / "urssaf-commune-ape-ze-rouen" / "etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"
    for r in _raw.rows(path, delimiter=";"):
        a38, industrial = naf[r["Code APE"]]
        commune = old.get(r["Code commune"], r["Code commune"])
        for year in range(2006, 2023):
            v = r[f"Effectifs salariés {year}"]
            if v and industrial:
                out[(commune, a38, year)] += float(v)
    return dict(out)


@pytest.fixture(scope="module")
def panels(warehouse_path):
    import duckdb

    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        yield {t: _panel(con, t) for t in targets.TARGETS}
    finally:
        con.close()


@pytest.mark.parametrize("zone,origine,futur", [("3217", "2019-T3", "2020-T3"), ("2815", "2008-T3", "2009-T3"),
                                                ("0051", "2022-T3", "2023-T3"), ("1115", "2012-T1", "2013-T1")])
def test_chomage_ze_outcome(panels, zone, origine, futur):
    now, later = _chomage()[(zone, origine)], _chomage()[(zone, futur)]
    row = panels["chomage_ze"][(zone, origine)]
    assert row["valeur"] == pytest.approx(now)
    assert row["valeur_future"] == pytest.approx(later)
    assert row["y"] == int(later - now >= 0.5 - 1e-9)


@pytest.mark.parametrize("zone,annee", [("3217", 2008), ("2815", 2012), ("0051", 2017), ("8413", 2005)])
def test_emploi_ze_outcome(panels, zone, annee):
    now, later = _estel()[(zone, annee)], _estel()[(zone, annee + 3)]
    row = panels["emploi_ze"][(zone, str(annee))]
    assert row["valeur"] == pytest.approx(now)
    assert row["y"] == int(later <= 0.97 * now)
    assert row["evol_emploi_3ans"] == pytest.approx(100 * (now / _estel()[(zone, annee - 3)] - 1))


@pytest.mark.parametrize("epci,annee", [("246200844", 2018), ("200018083", 2021), ("200023414", 2016)])
def test_emploi_epci_outcome(panels, epci, annee):
    now, later = _urssaf_epci()[(epci, annee)], _urssaf_epci()[(epci, annee + 3)]
    row = panels["emploi_epci"][(epci, str(annee))]
    assert row["valeur"] == pytest.approx(now)
    assert row["valeur_future"] == pytest.approx(later)
    assert row["y"] == int(later <= 0.97 * now)


@pytest.mark.parametrize("commune,a38,annee", [("76540", "CA", 2016), ("76540", "DZ", 2019), ("76451", "CM", 2012),
                                                 ("76319", "CL", 2018)])  # the last one: the sector leaves the commune
def test_emploi_industriel_outcome(panels, commune, a38, annee):
    cells = _rouen_cells()
    now, later = cells[(commune, a38, annee)], cells.get((commune, a38, annee + 3), 0.0)
    row = panels["emploi_industriel"][(f"{commune}-{a38}", str(annee))]
    assert row["valeur"] == pytest.approx(now)
    assert row["valeur_future"] == pytest.approx(later)
    assert row["y"] == int(later <= 0.9 * now)
