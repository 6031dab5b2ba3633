"""Independent readers of the raw mirror files for the eligibility tests (plain csv/json, no warehouse code)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from tests.indicators import _raw

INDUSTRIE_A38 = ("BZ", "CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "DZ", "EZ")


def _num(v: str) -> float | None:
    return float(v) if v not in ("", None) else None


@lru_cache(maxsize=None)
def ze_table(nomenclature: str, year: str) -> dict[tuple[str, str], float]:
    """(zone, sector) → URSSAF headcount of one year, from urssaf_ze_{a5,a38}.csv."""
    path = _raw.mirror() / "ptod-emploi-ze-secteurs" / f"urssaf_ze_{nomenclature}.csv"
    out = {}
    for r in _raw.rows(path):
        v = _num(r[f"eff_{year}"])
        if v is not None:
            out[(r["code_ze"], r[nomenclature])] = v
    return out


@lru_cache(maxsize=None)
def zone_population() -> dict[str, float]:
    pop = defaultdict(float)
    for code, (zone, _) in _raw.zone_of().items():
        pop[zone] += _raw.population(code) if code in _raw.cog()["current"] else 0
    return dict(pop)


def weights(communes: list[str]) -> dict[str, float]:
    """zone → share of the zone's population (COG 2026) living in these communes."""
    inside = defaultdict(float)
    for c in communes:
        inside[_raw.zone_of()[c][0]] += _raw.population(c)
    return {z: p / zone_population()[z] for z, p in inside.items()}


def estimate(communes: list[str], nomenclature: str, year: str) -> dict[str, float]:
    """Sector → headcount of the communes, each zone's figure allocated by population."""
    out = defaultdict(float)
    w = weights(communes)
    for (zone, sector), v in ze_table(nomenclature, year).items():
        if zone in w:
            out[sector] += v * w[zone]
    return dict(out)


def france(nomenclature: str, year: str) -> dict[str, float]:
    out = defaultdict(float)
    for (_, sector), v in ze_table(nomenclature, year).items():
        out[sector] += v
    return dict(out)


def specialised(communes: list[str], year: str) -> list[str]:
    """Industrial A38 sectors at least 1.5 × their French share, with at least 100 jobs."""
    e, fr = estimate(communes, "a38", year), france("a38", year)
    tot, ftot = sum(e.values()), sum(fr.values())
    return sorted(s for s in INDUSTRIE_A38 if e.get(s, 0) >= 100 and e[s] / tot >= 1.5 * fr[s] / ftot)


@lru_cache(maxsize=None)
def aav() -> dict[str, bool]:
    """commune (COG 2024) → in the pole of an aire of 200,000 inhabitants or more."""
    root = _raw.mirror() / "insee-grille-densite-aav"
    tranche = {r["AAV2020"]: int(r["TAAV2017"]) for r in _raw.rows(root / "aav2020_liste_geo2024.csv")}
    return {r["CODGEO"]: r["CATEAAV2020"] in ("11", "12", "13") and tranche[r["AAV2020"]] >= 3
            for r in _raw.rows(root / "aav2020_composition_communale_geo2024.csv.gz")}


@lru_cache(maxsize=None)
def population_2019() -> dict[str, int]:
    path = _raw.mirror() / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz"
    return {r["code_commune"]: int(r["population_municipale"]) for r in _raw.rows(path)
            if r["millesime_population"] == "2019" and r["population_municipale"]}


def hors_grands_poles(communes: list[str]) -> float:
    pops = population_2019()
    total = sum(pops[c] for c in communes)
    return 100.0 * sum(pops[c] for c in communes if not aav()[c]) / total


def groupements(phase: int) -> list[dict]:
    name = "ti_phase1_2018-2022_groupements.csv" if phase == 1 else "ti_phase2_2023-2027_groupements.csv"
    return list(_raw.rows(_raw.mirror() / "anct-territoires-industrie" / name))
