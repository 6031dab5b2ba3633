"""Benchmark: the mirror-only `vigie build` (indicator marts included), wall and CPU seconds.

Not a test: it measures and writes ``benchmarks/results/build_mirror.json`` (target ≤ 10 s wall on
2 cores). Each run builds in a fresh process (``python -m vigie_industrie.cli build``-equivalent:
``build.build``) and reports its wall seconds, its CPU seconds (user + system, every thread: on a
machine shared with other work the wall time says more about the others than about the build) and
the load average before and after, then the ten slowest models of the last run (``build_run``).
The national synthetic part lives in bench_indicators.py (20+ minutes); this one takes one build.
``--baseline-src DIR`` (a ``src`` folder of another tree, e.g. ``git archive main src``) also builds
with that code, alternating with the current one, so before and after share the machine's state.

    python benchmarks/bench_build_mirror.py [--runs 1] [--baseline-src DIR] [--workdir var/bench] [--mirror DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent

CHILD = """
import json, resource, sys, time
from pathlib import Path
from vigie_industrie.warehouse import build
started = time.perf_counter()
report = build.build(warehouse=Path(sys.argv[1]), base_dir=Path(sys.argv[2]))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "wall_seconds": round(time.perf_counter() - started, 2),
    "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
    "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
}))
"""


def one_run(warehouse: Path, mirror: Path, src: Path | None = None) -> dict:
    before = os.getloadavg()
    env = dict(os.environ, PYTHONPATH=str(src)) if src else None
    out = subprocess.run([sys.executable, "-c", CHILD, str(warehouse), str(mirror)],
                         check=True, capture_output=True, text=True, env=env).stdout
    run = json.loads(out.strip().splitlines()[-1])
    run["load_average_before"] = [round(x, 2) for x in before]
    run["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=HERE.parent / "var" / "bench")
    parser.add_argument("--mirror", type=Path, default=None)
    parser.add_argument("--baseline-src", type=Path, default=None, help="src folder of the code to compare with")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "build_mirror.json")
    args = parser.parse_args()
    from vigie_industrie.config import default_mirror

    mirror = args.mirror or default_mirror()
    args.workdir.mkdir(parents=True, exist_ok=True)
    warehouse = args.workdir / "mirror_bench.duckdb"
    runs, baseline = [], []
    for _ in range(max(1, args.runs)):
        if args.baseline_src:
            baseline.append(one_run(args.workdir / "mirror_bench_baseline.duckdb", mirror, args.baseline_src.resolve()))
        runs.append(one_run(warehouse, mirror))
    con = duckdb.connect(str(warehouse), read_only=True)
    slowest = [
        {"model": name, "seconds": seconds, "rows": rows}
        for name, seconds, rows in con.execute(
            "select model, seconds, rows from build_run order by seconds desc limit 10"
        ).fetchall()
    ]
    con.close()
    result = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "duckdb": duckdb.__version__},
        "target_wall_seconds": 10,
        "runs": runs,
        "median_wall_seconds": statistics.median(r["wall_seconds"] for r in runs),
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "slowest_models_last_run": slowest,
        **({"baseline": {"src": str(args.baseline_src), "runs": baseline,
                         "median_wall_seconds": statistics.median(r["wall_seconds"] for r in baseline),
                         "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in baseline)}}
           if baseline else {}),
        "note": "Model seconds are wall seconds with models built concurrently (they overlap). "
                "On a loaded machine read the CPU seconds and the load average, not the wall time.",
    }
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
