"""Benchmark: the early warning at national size, and the backtest of the 302 zones.

Not a test: it measures and writes ``benchmarks/results/alertes.json``.

- Scoring every territory of ``emploi_industriel`` (commune × industrial A38 cells) with the
  generated national-size URSSAF commune × APE file (SYNTHETIC, benchmarks/synthetic_urssaf.py,
  never committed): the file is summed to the ``emploi_salarie_commune_secteur`` shape in a bench
  database (untimed), the other marts are read from the mirror warehouse, and
  ``alerts.scoring.score`` is timed (panel SQL, model fit on every labelled origin, scoring, explanations).
  Target ≤ 30 s on 2 cores.
- ``alerts.backtest.run`` for ``chomage_ze`` and ``emploi_ze`` (302 zones) on the mirror warehouse.
  Target ≤ 60 s each.

    python benchmarks/bench_alertes.py [--warehouse var/warehouse.duckdb] [--rows 1200000] [--workdir var/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic_urssaf  # noqa: E402

NOTE = ("wall_seconds: elapsed time on this machine at the load average shown (shared by other jobs); "
        "cpu_seconds: time the process itself ran, all threads, the figure an idle 2-core machine would approach.")
VIEWS = ("chomage_zone_emploi", "commune_zone_emploi_cog2026", "commune_densite", "commune", "naf", "territoire_commune")


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)


def national_db(warehouse: Path, csv: Path, path: Path):
    import duckdb

    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    years = synthetic_urssaf.YEARS
    nb = "Nombre d'établissements"
    pairs = ", ".join(f'("{nb} {y}", "Effectifs salariés {y}") as "{y}"'.replace("'", "''") for y in years)
    con.execute(f"""
        create table wide as select * from read_csv('{csv}', delim=';', header=true, all_varchar=true)""")
    con.execute(f"""
        create table emploi_salarie_commune_secteur as
        with long as (
            select "Code commune" as code_commune, "Code APE" as code_ape, cast(annee as integer) as annee,
                   try_cast(nombre_etablissements as integer) as etablissements,
                   try_cast(effectifs_salaries as double) as effectifs
            from (unpivot wide on {pairs.replace("''", "'")} into name annee value nombre_etablissements, effectifs_salaries)
        )
        select long.code_commune, naf.a38, long.annee, bool_or(naf.is_industrie) as is_industrie,
               sum(long.effectifs) as effectifs, sum(long.etablissements) as etablissements
        from long join wh.naf as naf on naf.code_ape = replace(long.code_ape, '.', '')
        where naf.a38 is not null
        group by all""")
    con.execute("drop table wide")
    for view in VIEWS:
        con.execute(f"create view {view} as select * from wh.{view}")
    return con


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=Path("var/warehouse.duckdb"))
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    args = parser.parse_args(argv)

    import duckdb

    from vigie_industrie.alerts import backtest, scoring, targets

    args.workdir.mkdir(parents=True, exist_ok=True)
    csv = args.workdir / "urssaf_synthetique.csv.gz"
    if not csv.exists():
        synthetic_urssaf.generate(args.rows, csv)
    con = national_db(args.warehouse, csv, args.workdir / "alertes_national.duckdb")
    cells = con.execute("select count(*), count(distinct code_commune) from emploi_salarie_commune_secteur").fetchone()
    answer, wall, cpu = timed(lambda: scoring.score(con, "emploi_industriel"))
    con.close()
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1min": round(os.getloadavg()[0], 1)},
        "note": NOTE,
        "scoring_national": {
            "file": f"{csv.name} (SYNTHETIQUE, {args.rows} lignes commune × APE)",
            "commune_a38_rows": cells[0], "communes": cells[1],
            "territoires_notes": answer["n_territoires"], "lignes_entrainement": answer["n_entrainement"],
            "wall_seconds": wall, "cpu_seconds": cpu, "target_seconds": 30,
        },
    }
    wh = duckdb.connect(str(args.warehouse), read_only=True)
    for target_id in ("chomage_ze", "emploi_ze"):
        out, wall, cpu = timed(lambda: backtest.run(wh, targets.get(target_id)))
        result[f"backtest_{target_id}"] = {"zones": 302, "origines": len(out["origines"]), "n": out["n"],
                                            "wall_seconds": wall, "cpu_seconds": cpu, "target_seconds": 60}
    wh.close()
    out_path = HERE / "results" / "alertes.json"
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
