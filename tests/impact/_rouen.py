"""Independent readers of the raw mirror files for the impact tests (plain csv, no warehouse code)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from tests.indicators._raw import epci_communes, mirror, rows

ROUEN = "urssaf-commune-ape-ze-rouen/etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"


def _num(text: str) -> float:
    return float(text) if text not in ("", None) else 0.0


@lru_cache(maxsize=None)
def rouen() -> list[dict]:
    return list(rows(mirror() / ROUEN, delimiter=";"))


def is_industrie(code_ape: str) -> bool:
    """NAF sections B to E = divisions 05 to 39 (read from the code itself, not from the naf mart)."""
    return 5 <= int(code_ape[:2]) <= 39


def a38_of(row: dict) -> str:
    return row["Secteur NA38"].split(" ", 1)[0]


def communes_of(kind: str, code: str) -> set[str]:
    return {code} if kind == "commune" else set(epci_communes()[code])


def covered() -> set[str]:
    return {r["Code commune"] for r in rouen()}


def figures(kind: str, code: str, a38: str, year: int = 2022) -> dict:
    """Industrial, all-sector and sector jobs, and sector establishments, of a territory in the file."""
    communes = communes_of(kind, code)
    out = defaultdict(float)
    for r in rouen():
        if r["Code commune"] not in communes:
            continue
        jobs = _num(r[f"Effectifs salariés {year}"])
        out["total"] += jobs
        if is_industrie(r["Code APE"]):
            out["industrie"] += jobs
        if a38_of(r) == a38:
            out["secteur"] += jobs
            out["etablissements"] += _num(r[f"Nombre d'établissements {year}"])
    return dict(out)


@lru_cache(maxsize=None)
def urssaf_private(kind: str, code: str) -> dict[int, float]:
    """URSSAF private employment by year from the re-user's territory file (echelon commune / epci)."""
    echelon = {"commune": "communes", "epci": "epci", "zone_emploi": "ze"}[kind]
    out = {}
    for r in rows(mirror() / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz"):
        if r["echelon"] == echelon and r["code"] == code and r["eff_total"]:
            out[int(r["year"])] = float(r["eff_total"])
    return out
