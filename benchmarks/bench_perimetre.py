"""Custom perimeter of 100 EPCI: members check, communes, indicators on request (issue 11).

Measures, on the warehouse given (default: var/warehouse.duckdb built from the mirror), the
three steps `vigie indicateurs perim-N` runs for a perimeter of the 100 most populous EPCI of
metropolitan France: ``membres.check_members`` (validation), ``membres.communes_of``
(resolution through ``territoire_commune``) and ``indicators.service.for_communes`` (every
indicator, same SQL as the marts). Median and max of several runs on one warm connection are
written to benchmarks/results/perimetre.json; nothing is asserted here (no timed tests).

    .venv/bin/python benchmarks/bench_perimetre.py [--warehouse PATH] [--runs 5] [--epci 100]

Target (issue 11): indicators of a 100-EPCI perimeter ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "perimetre.json"


def main() -> None:
    from vigie_industrie.config import Settings
    from vigie_industrie.indicators import service
    from vigie_industrie.observatoire import membres
    from vigie_industrie.warehouse import connection

    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=Settings().warehouse)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--epci", type=int, default=100)
    args = parser.parse_args()

    con = connection.connect(args.warehouse)
    sirens = [r[0] for r in con.execute(
        "select siren_epci from epci where code_region > '10' order by population_municipale desc limit ?", [args.epci]
    ).fetchall()]
    steps: dict[str, list[float]] = {"check_members": [], "communes_of": [], "for_communes": [], "total": []}
    # CPU seconds of the process (every DuckDB thread): on a loaded machine the wall time says more
    # about the other processes than about the query.
    cpu: list[float] = []
    load_start = os.getloadavg()
    for _ in range(args.runs + 1):  # the first run warms the connection and is not kept
        c0 = time.process_time()
        t0 = time.perf_counter()
        checked = membres.check_members(con, sirens)
        t1 = time.perf_counter()
        communes = membres.communes_of(con, checked)
        t2 = time.perf_counter()
        rows = service.for_communes(con, communes)
        t3 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        for key, value in (("check_members", t1 - t0), ("communes_of", t2 - t1), ("for_communes", t3 - t2),
                           ("total", t3 - t0)):
            steps[key].append(value)
    con.close()
    result = {
        "benchmark": "perimetre_100_epci",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.machine(), "cpus": __import__("os").cpu_count()},
        "warehouse": str(args.warehouse),
        "epci": len(sirens), "communes": len(communes), "indicateurs": len(rows), "runs": args.runs,
        "seconds": {k: {"median": round(statistics.median(v[1:]), 3), "max": round(max(v[1:]), 3),
                        "first_run": round(v[0], 3)} for k, v in steps.items()},
        "cpu_seconds_total": {"median": round(statistics.median(cpu[1:]), 3), "max": round(max(cpu[1:]), 3)},
        "load_average": {"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in os.getloadavg()]},
        "target_seconds": 1.0,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("seconds", "cpu_seconds_total", "load_average")}, indent=2))


if __name__ == "__main__":
    main()
