"""Where the mirror build spends its time: one build, then the slowest models and the checks.

Not a test. Builds WAREHOUSE from the mirror (or ``--mirror DIR``), prints the wall time, the ten
slowest models of ``build_run`` and the time of the declared checks (timed by wrapping
``runner.check_model``), with the load average so a figure can be read against the machine's state.

    python benchmarks/profile_build.py WAREHOUSE [--mirror DIR]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import duckdb

from vigie_industrie.config import default_mirror
from vigie_industrie.warehouse import build, runner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--mirror", type=Path, default=None)
    args = parser.parse_args()
    checks = {"seconds": 0.0}
    original = runner.check_model

    def timed_check(con, model):
        started = time.perf_counter()
        try:
            return original(con, model)
        finally:
            checks["seconds"] += time.perf_counter() - started

    runner.check_model = timed_check
    # CPU seconds (every thread of the process) per model: on a loaded machine the wall time of a
    # model says more about the other processes than about the model.
    cpu: dict[str, float] = {}
    run_model = runner.run_model

    def cpu_model(con, model, *args, **kwargs):
        started = time.process_time()
        try:
            return run_model(con, model, *args, **kwargs)
        finally:
            cpu[model.name] = time.process_time() - started

    runner.run_model = cpu_model
    cpu_started = time.process_time()
    load = os.getloadavg()
    report = build.build(warehouse=args.warehouse, base_dir=args.mirror or default_mirror())
    print(f"build {report.seconds:.2f} s (load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f})")
    total_cpu = time.process_time() - cpu_started
    print(f"cpu {total_cpu:.2f} s: models {sum(cpu.values()):.2f} s, the rest (raw loads, checks, checkpoint) "
          f"{total_cpu - sum(cpu.values()):.2f} s")
    print(f"checks {checks['seconds']:.2f} s")
    con = duckdb.connect(str(args.warehouse), read_only=True)
    models = con.execute("select sum(seconds) from build_run").fetchone()[0]
    print(f"models {models:.2f} s; raw loads and the rest {report.seconds - models - checks['seconds']:.2f} s")
    for name, seconds, rows in con.execute(
        "select model, seconds, rows from build_run order by seconds desc limit 10"
    ).fetchall():
        print(f"  {name:40s} {seconds:6.2f} s (cpu {cpu.get(name, 0):6.2f} s) {rows:>9} rows")
    print("most cpu:", ", ".join(f"{n} {c:.2f}" for n, c in sorted(cpu.items(), key=lambda x: -x[1])[:8]))


if __name__ == "__main__":
    main()
