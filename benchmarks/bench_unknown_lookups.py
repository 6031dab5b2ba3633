"""Do clients sending unknown or ambiguous territory names slow down normal readers?

Issue 12 measured 40 readers of EPCI fiches going from p95 98 ms to 493 ms when 10 clients
sent unknown names: errors were not memoised, so each such request resolved again. Now
they are (territories/memo.py). This starts `vigie serve` (1 process) on a warehouse built
from the mirror, runs 40 readers alone, then 40 readers beside 10 clients cycling through
a fixed set of unknown and ambiguous names, and writes benchmarks/results/unknown_lookups.json.

    .venv/bin/python benchmarks/bench_unknown_lookups.py [--warehouse FILE] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api_load import free_port, percentile, run_load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "unknown_lookups.json"
UNKNOWN = [f"Nullepart-{i}" for i in range(12)] + ["Saint-Omer", "Saint-Denis", "Sainte-Marie", "Valence",
                                                   "Montreuil", "Saint-Martin", "Beaulieu", "Villeneuve"]


def _summary(samples: dict) -> dict:
    every = [x for v in samples.values() for x in v]
    return {"requests": len(every), "p50_ms": round(percentile(every, 50), 2), "p95_ms": round(percentile(every, 95), 2),
            "p99_ms": round(percentile(every, 99), 2)}


async def _scenario(port, readers, unknown, n_readers, n_unknown, seconds, think_ms):
    jobs = [run_load(port, readers, n_readers, seconds, 10**7, think_ms)]
    if n_unknown:
        jobs.append(run_load(port, unknown, n_unknown, seconds, 10**7, think_ms))
    results = await asyncio.gather(*jobs)
    out = {"readers": {**_summary(results[0][0]), "errors": sum(results[0][1].values())}}
    if n_unknown:
        out["unknown_clients"] = {**_summary(results[1][0]), "note": "404/409 answers, expected"}
    return out


def main() -> int:
    import duckdb

    from vigie_industrie.config import default_mirror
    from vigie_industrie.warehouse import build

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warehouse", type=Path, default=None)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--readers", type=int, default=40)
    ap.add_argument("--unknown-clients", type=int, default=10)
    ap.add_argument("--think-ms", type=float, default=100.0)
    ap.add_argument("--epci", type=int, default=100, help="EPCI fiches read (warmed up before measuring).")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vigie-bench-unknown-"))
    warehouse = args.warehouse
    if warehouse is None:
        warehouse = tmp / "warehouse.duckdb"
        build.build(warehouse=warehouse, base_dir=default_mirror())
    con = duckdb.connect(str(warehouse), read_only=True)
    # A working set the readers revisit (fiches are memoised: a cold fiche costs far more than a warm one).
    sirens = [s for (s,) in con.execute("select siren_epci from epci order by hash(siren_epci) limit ?", [args.epci]).fetchall()]
    con.close()
    port = free_port()
    env = {**os.environ, "VIGIE_DATABASE_URL": f"sqlite:///{tmp / 'vigie.db'}", "VIGIE_ENV": "dev"}
    server = subprocess.Popen([sys.executable, "-m", "vigie_industrie", "serve", "--port", str(port),
                               "--warehouse", str(warehouse)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("le serveur n'a pas démarré")
            time.sleep(0.2)
        readers = [("fiche_epci", lambda r: f"/api/v1/territoires/{r.choice(sirens)}")]
        unknown = [("unknown_or_ambiguous", lambda r: f"/api/v1/territoires/{r.choice(UNKNOWN)}")]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as warm:  # warm-up, not measured
            for name in sirens + UNKNOWN:
                warm.get(f"/api/v1/territoires/{name}")
        alone = asyncio.run(_scenario(port, readers, unknown, args.readers, 0, args.seconds, args.think_ms))
        mixed = asyncio.run(_scenario(port, readers, unknown, args.readers, args.unknown_clients, args.seconds,
                                      args.think_ms))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "what": f"{len(sirens)} EPCI fiches (warmed up) read by {args.readers} clients, alone then beside clients sending unknown/ambiguous names (fixed set of "
                f"{len(UNKNOWN)}); vigie serve, 1 process, warehouse built from the mirror; think time {args.think_ms:g} ms",
        "before_fix_issue_12": {"readers_alone_p95_ms": 98, "readers_with_unknown_p95_ms": 493},
        "readers_alone": alone, "readers_with_unknown_clients": mixed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "note": "client and server share the same cores"},
        "date": date.today().isoformat(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
