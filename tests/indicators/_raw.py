"""Independent readers of the raw mirror files (plain csv/json, no warehouse code), for the acceptance tests."""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from vigie_industrie.config import default_mirror


def mirror() -> Path:
    return default_mirror()


def rows(path, delimiter=","):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


@lru_cache(maxsize=None)
def cog() -> dict:
    """current code → {population, departement, region}; plus the old code → current code map."""
    with gzip.open(mirror() / "etalab-decoupage-administratif" / "communes_2026.json.gz", "rt", encoding="utf-8") as h:
        data = json.load(h)
    current = {c["code"]: c for c in data if c["type"] == "commune-actuelle"}
    old: dict[str, str] = {code: code for code in current}
    for c in data:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            old.setdefault(c["code"], c["chefLieu"])
        elif c["type"] == "arrondissement-municipal":
            old.setdefault(c["code"], c["commune"])
    for c in current.values():
        for a in c.get("anciensCodes") or []:
            old.setdefault(a, c["code"])
    return {"current": current, "old": old}


@lru_cache(maxsize=None)
def epci_communes() -> dict[str, list[str]]:
    out = defaultdict(list)
    for r in rows(mirror() / "etalab-decoupage-administratif" / "communes_epci_2026.csv"):
        if r["siren_epci"]:
            out[r["siren_epci"]].append(r["code_commune"])
    return dict(out)


RETABLIES = {"15031": "15141", "15035": "15141", "15047": "15141", "15171": "15141", "60694": "60054",
             "85165": "85084", "85212": "85084"}


@lru_cache(maxsize=None)
def zone_of() -> dict[str, tuple[str, str]]:
    """current commune → (zone, partie régionale '8459' form or ''), by the documented rule."""
    pop2020 = {r["code_commune"]: int(r["population_municipale"] or 0)
               for r in rows(mirror() / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz")
               if r["millesime_population"] == "2020"}
    parts = defaultdict(list)
    for r in rows(mirror() / "insee-zones-emploi-chomage" / "ze2020_composition_communale_cog2023.csv"):
        cur = cog()["old"].get(r["CODGEO"])
        if cur is None:
            continue
        partie = r["ZE2020_PARTIE_REG"]
        partie = partie.split("-")[1] + r["ZE2020"][-2:] if partie else ""
        parts[cur].append((r["CODGEO"] != cur, -pop2020.get(r["CODGEO"], -1), r["CODGEO"], r["ZE2020"], partie))
    out = {cur: min(p)[3:] for cur, p in parts.items()}
    for child, parent in RETABLIES.items():
        out.setdefault(child, out[parent])
    return out


def population(code: str) -> int:
    return int(cog()["current"][code].get("population") or 0)
