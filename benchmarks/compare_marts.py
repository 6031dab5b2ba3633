"""Guard for performance work: the indicator marts of a build must not change by one figure.

Not a test (it needs two builds). ``dump`` writes the marts of a warehouse to Parquet, sorted on
every column so the row order of the build (``preserve_insertion_order = false``) does not matter;
``compare`` checks a new warehouse against such a dump: first exactly (``except all`` both ways,
so duplicates count); where rows differ, it matches them on the mart's key and names the columns
that differ, doubles compared to a relative 1e-9. DuckDB sums doubles in parallel in no fixed
order, so two builds of the same code differ in the last bits of some sums: that noise is
reported as such, and a rank may then move between two values that are equal but for that noise
(reported with the two values); any other difference is a changed figure.

    python benchmarks/compare_marts.py dump WAREHOUSE DIR
    python benchmarks/compare_marts.py compare WAREHOUSE DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

MARTS = (
    "indicateur_valeur", "indicateur_comparaison", "territoire_pair", "territoire_commune",
    # the URSSAF commune × APE chain (raw loader, re-basing, A38 sums) the families read
    "emploi_salarie", "emploi_salarie_commune_secteur", "emploi_salarie_commune", "emploi_salarie_perimetre",
)


def dump(warehouse: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    for mart in MARTS:
        target = folder / f"{mart}.parquet"
        con.execute(f"copy (select * from {mart} order by all) to '{target}' (format parquet)")
        print(mart, con.execute(f"select count(*) from {mart}").fetchone()[0], "rows ->", target)


def compare(warehouse: Path, folder: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    differences = 0
    for mart in MARTS:
        ref = f"read_parquet('{folder / f'{mart}.parquet'}')"
        cols_new = [r[0] for r in con.execute(f"describe {mart}").fetchall()]
        cols_ref = [r[0] for r in con.execute(f"describe select * from {ref}").fetchall()]
        if cols_new != cols_ref:
            print(f"{mart}: columns differ: {cols_new} vs {cols_ref}")
            differences += 1
            continue
        only_new = con.execute(f"select count(*) from (from {mart} except all from {ref})").fetchone()[0]
        only_ref = con.execute(f"select count(*) from (from {ref} except all from {mart})").fetchone()[0]
        rows = con.execute(f"select count(*) from {mart}").fetchone()[0]
        status = "identical" if only_new == only_ref == 0 else "DIFFERENT"
        print(f"{mart}: {rows} rows, {only_new} only in new, {only_ref} only in reference: {status}")
        if status != "identical":
            differences += _explain(con, mart, ref)
    return differences


KEYS = {
    "indicateur_valeur": ("type", "code", "phase", "indicateur", "dimension", "periode"),
    "indicateur_comparaison": ("type", "code", "phase", "indicateur", "dimension", "periode"),
    "territoire_pair": ("type", "code", "phase", "rang"),
    "territoire_commune": ("type", "code", "phase", "code_commune"),
    "emploi_salarie": ("code_commune", "code_ape", "annee"),
    "emploi_salarie_commune_secteur": ("code_commune", "a38", "annee"),
    "emploi_salarie_commune": ("code_commune", "annee"),
    "emploi_salarie_perimetre": ("code_commune",),
}
RANKS = {"rang_france", "rang_region"}


def _explain(con, mart: str, ref: str) -> int:
    """1 when a difference is more than float noise (see the module docstring), else 0."""
    keys = KEYS[mart]
    types = dict(con.execute(f"select column_name, column_type from (describe {mart})").fetchall())
    on = " and ".join(f"n.{k} is not distinct from r.{k}" for k in keys)
    unmatched = con.execute(
        f"select count(*) from {mart} as n full join {ref} as r on {on} where n.{keys[0]} is null or r.{keys[0]} is null"
    ).fetchone()[0]
    real = unmatched
    print(f"   rows without a match on ({', '.join(keys)}): {unmatched}")
    for col in [c for c in types if c not in keys]:
        if types[col] == "DOUBLE":
            noise = f"abs(n.{col} - r.{col}) <= 1e-9 * greatest(1, abs(r.{col}))"
            exact, close = con.execute(
                f"select count(*) filter (where n.{col} is distinct from r.{col}), "
                f"count(*) filter (where n.{col} is distinct from r.{col} and {noise}) from {mart} as n join {ref} as r on {on}"
            ).fetchone()
            if exact:
                print(f"   {col}: {exact} differ, {close} of them by float noise only")
                real += exact - close
        else:
            diff = con.execute(
                f"select count(*) from {mart} as n join {ref} as r on {on} where n.{col} is distinct from r.{col}"
            ).fetchone()[0]
            if diff:
                print(f"   {col}: {diff} differ")
                if col not in RANKS:
                    real += diff
    return 1 if real else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("dump", "compare"))
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "dump":
        dump(args.warehouse, args.folder)
    else:
        sys.exit(1 if compare(args.warehouse, args.folder) else 0)


if __name__ == "__main__":
    main()
