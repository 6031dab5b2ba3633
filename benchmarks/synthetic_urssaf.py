"""SYNTHETIC national-size URSSAF commune × APE file, for benchmarks only.

The header is exactly the one of the URSSAF export « Nombre d'établissements employeurs et
effectifs salariés du secteur privé, par commune x APE » (labels, ``;``-separated, one
``Nombre d'établissements YYYY`` / ``Effectifs salariés YYYY`` pair per year 2006-2024).
The values are RANDOM (fixed seed): commune codes come from the real commune list
(etalab decoupage-administratif 2026) and APE codes from the real NAF rév. 2 list, but no
figure means anything. Every label cell says « SYNTHETIQUE » so the file cannot be
mistaken for the real export.

    python benchmarks/synthetic_urssaf.py --rows 1200000 --output var/bench/urssaf_synthetique.csv.gz
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"
COMMUNES = Path("etalab-decoupage-administratif/communes_epci_2026.csv")
NAF = Path("insee-naf2008-niveaux/naf2008_sous_classes_niveaux_agreges.csv")
YEARS = tuple(range(2006, 2025))
LABEL = "SYNTHETIQUE"

ID_HEADER = [
    "Région", "Ancienne région", "Département", "Zone d'emploi", "EPCI", "Nom commune", "Commune",
    "Grand secteur d'activité", "Secteur NA17", "Secteur NA38", "Secteur NA88", "APE",
    "Code région", "Code ancienne région", "Code département", "Code zone d'emploi", "Code EPCI",
    "Code commune", "Code APE",
]  # fmt: skip


def header(years: tuple[int, ...] = YEARS) -> list[str]:
    """The export's header for ``years``."""
    out = list(ID_HEADER)
    for year in years:
        out += [f"Nombre d'établissements {year}", f"Effectifs salariés {year}"]
    return out


def _grand_secteur(a21: np.ndarray, ape: np.ndarray) -> np.ndarray:
    gs = np.full(a21.shape, "GS5 Autres services marchands hors intérim", dtype=object)
    gs[np.isin(a21, ["B", "C", "D", "E"])] = "GS1 Industrie"
    gs[a21 == "F"] = "GS2 Construction"
    gs[a21 == "G"] = "GS3 Commerce"
    gs[a21 == "I"] = "GS4 Hôtellerie-restauration"
    gs[ape == "7820Z"] = "GS6 Intérim"
    gs[np.isin(a21, ["O", "P", "Q"])] = "GS7 Services non marchands"
    return gs


def generate(rows: int, output: Path, *, mirror: Path = MIRROR, seed: int = 20240101, years: tuple[int, ...] = YEARS) -> Path:
    """Write ``rows`` synthetic rows to ``output`` (gzip when it ends with ``.gz``); return the path."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    communes = pd.read_csv(mirror / COMMUNES, dtype=str, keep_default_na=False)
    naf = pd.read_csv(mirror / NAF, dtype=str, keep_default_na=False)
    naf = naf[naf["a21_section"] != "A"]  # agriculture is outside the URSSAF field

    n_com, n_ape = len(communes), len(naf)
    rows = min(rows, n_com * n_ape)
    pair = rng.choice(n_com * n_ape, size=rows, replace=False)
    pair.sort()
    ci, ai = pair // n_ape, pair % n_ape

    com = {c: communes[c].to_numpy()[ci] for c in ("code_commune", "code_departement", "code_region", "siren_epci")}
    ape = {c: naf[c].to_numpy()[ai] for c in ("naf5_sans_point", "a21_section", "a17", "a38", "a88_division")}
    label = np.full(rows, LABEL, dtype=object)
    columns: dict[str, object] = {
        "Région": label,
        "Ancienne région": label,
        "Département": label,
        "Zone d'emploi": label,
        "EPCI": label,
        "Nom commune": label,
        "Commune": np.char.add(com["code_commune"].astype(str), " " + LABEL),
        "Grand secteur d'activité": _grand_secteur(ape["a21_section"], ape["naf5_sans_point"]),
        "Secteur NA17": np.char.add(ape["a17"].astype(str), " " + LABEL),
        "Secteur NA38": np.char.add(ape["a38"].astype(str), " " + LABEL),
        "Secteur NA88": np.char.add(ape["a88_division"].astype(str), " " + LABEL),
        "APE": np.char.add(ape["naf5_sans_point"].astype(str), " " + LABEL),
        "Code région": com["code_region"],
        "Code ancienne région": np.full(rows, "", dtype=object),
        "Code département": com["code_departement"],
        "Code zone d'emploi": np.char.zfill(rng.integers(1, 9999, rows).astype(str), 4),
        "Code EPCI": com["siren_epci"],
        "Code commune": com["code_commune"],
        "Code APE": ape["naf5_sans_point"],
    }
    # Measures: a size per row drifting year to year; ~35 % of cells empty (no establishment),
    # ~5 % of headcounts empty alone (secret).
    size = rng.lognormal(mean=1.2, sigma=1.3, size=rows)
    for year in years:
        size = size * rng.lognormal(0.0, 0.15, rows)
        active = rng.random(rows) > 0.35
        etab = np.maximum(1, np.round(size / 6)).astype(np.int64)
        eff = np.round(size).astype(np.int64)
        secret = rng.random(rows) < 0.05
        columns[f"Nombre d'établissements {year}"] = pa.array(etab, mask=~active)
        columns[f"Effectifs salariés {year}"] = pa.array(eff, mask=~active | secret)

    table = pa.table({name: columns[name] for name in header(years)})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Header written by hand: pyarrow would quote it, the export does not.
    options = pacsv.WriteOptions(delimiter=";", include_header=False, quoting_style="none")
    opener = (lambda: gzip.open(output, "wb", compresslevel=1)) if output.name.endswith(".gz") else (lambda: open(output, "wb"))
    with opener() as sink:  # gzip level 1: fast, still ~7x smaller
        sink.write((";".join(header(years)) + "\n").encode("utf-8"))
        pacsv.write_csv(table, sink, write_options=options)
    return output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="mirror folder (../shared/data)")
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = generate(args.rows, args.output, mirror=args.mirror, seed=args.seed)
    print(f"{path} : {args.rows} lignes SYNTHÉTIQUES en {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
