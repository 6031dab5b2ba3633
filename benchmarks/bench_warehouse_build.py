"""Benchmark: warehouse build (mirror, then national-size URSSAF file) and warm fiche reads.

Not a test: it measures and writes ``benchmarks/results/warehouse_build.json``; targets
(2 cores): national build ≤ 60 s and ≤ 4 GB peak RSS, `vigie territoire` for an EPCI ≤ 200 ms warm.
The national file is SYNTHETIC (benchmarks/synthetic_urssaf.py), generated here, never committed.

    python benchmarks/bench_warehouse_build.py [--rows 1200000] [--workdir var/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic_urssaf  # noqa: E402

from vigie_industrie.config import default_mirror  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from vigie_industrie.warehouse import build
started = time.perf_counter()
report = build.build(warehouse=Path(sys.argv[1]), base_dir=Path(sys.argv[2]),
                     urssaf_file=Path(sys.argv[3]) if len(sys.argv) > 3 else None)
print(json.dumps({
    "wall_seconds": round(time.perf_counter() - started, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "emploi_salarie_rows": next(m.rows for m in report.models if m.name == "emploi_salarie"),
    "urssaf_file": report.urssaf_commune_ape,
}))
"""


def timed_build(warehouse: Path, mirror: Path, urssaf: Path | None = None) -> dict:
    args = [sys.executable, "-c", CHILD, str(warehouse), str(mirror)] + ([str(urssaf)] if urssaf else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fiche_latency(warehouse: Path, sample: int = 60) -> dict:
    """Warm resolve + fiche for EPCIs, in one process as the API serves them."""
    from vigie_industrie.fiches import service
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse)
    sirens = [s for (s,) in con.execute(f"select siren_epci from epci using sample {sample} rows (reservoir, 7)").fetchall()]
    service.fiche(con, sirens[0])  # warm-up
    timings = []
    for siren in sirens:
        started = time.perf_counter()
        service.fiche(con, siren)
        timings.append((time.perf_counter() - started) * 1000)
    con.close()
    timings.sort()
    return {
        "epci_sampled": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "max_ms": round(timings[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--workdir", type=Path, default=HERE.parent / "var" / "bench")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "warehouse_build.json")
    args = parser.parse_args()
    mirror = default_mirror()
    if mirror is None:
        sys.exit("Miroir ../shared/data introuvable.")
    args.workdir.mkdir(parents=True, exist_ok=True)

    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": {"national_build_seconds": 60, "national_peak_rss_mb": 4096, "fiche_epci_warm_ms": 200},
    }
    mirror_wh = args.workdir / "mirror.duckdb"
    results["build_mirror"] = timed_build(mirror_wh, mirror)
    print("mirror build:", results["build_mirror"], flush=True)

    synthetic = args.workdir / "urssaf_commune_ape_SYNTHETIQUE.csv.gz"
    started = time.perf_counter()
    synthetic_urssaf.generate(args.rows, synthetic, mirror=mirror)
    results["synthetic_file"] = {
        "rows": args.rows, "years": "2006-2024", "bytes": synthetic.stat().st_size,
        "generation_seconds": round(time.perf_counter() - started, 1), "label": "SYNTHETIQUE (aléatoire, graine fixe)",
    }
    national_wh = args.workdir / "national.duckdb"
    results["build_national_synthetic"] = timed_build(national_wh, mirror, synthetic)
    print("national build:", results["build_national_synthetic"], flush=True)

    results["fiche_epci_mirror"] = fiche_latency(mirror_wh)
    results["fiche_epci_national_synthetic"] = fiche_latency(national_wh)
    print("fiche latency:", results["fiche_epci_mirror"], results["fiche_epci_national_synthetic"], flush=True)
    nat = results["build_national_synthetic"]
    results["verdict"] = {
        "national_build_ok": nat["wall_seconds"] <= 60,
        "national_memory_ok": nat["peak_rss_mb"] <= 4096,
        "fiche_ok": results["fiche_epci_national_synthetic"]["p95_ms"] <= 200,
    }
    results["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
