"""Guard for performance work: the indicator marts of a build must not change by one figure.

Not a test (it needs two builds). ``dump`` writes the marts of a warehouse to Parquet, sorted on
every column so the row order of the build (``preserve_insertion_order = false``) does not matter;
``compare`` checks a new warehouse against such a dump, exactly (``except all`` both ways, so
duplicates count and a float that moved in its last bit is a difference).

    python benchmarks/compare_marts.py dump WAREHOUSE DIR
    python benchmarks/compare_marts.py compare WAREHOUSE DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

MARTS = ("indicateur_valeur", "indicateur_comparaison", "territoire_pair", "territoire_commune")


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
            differences += 1
            for row in con.execute(f"from (from {mart} except all from {ref}) limit 3").fetchall():
                print("   new:", row)
            for row in con.execute(f"from (from {ref} except all from {mart}) limit 3").fetchall():
                print("   ref:", row)
    return differences


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
