"""Territory page server time on the mirror warehouse, anchored against the API fiche.

Starts `vigie serve` (one uvicorn process) on a free 127.0.0.1 port over the warehouse built
from the official files of the mirror (``var/warehouse.duckdb``, built when absent), then, for a
random sample of EPCI (fixed seed), one client on loopback requests in turn:

- set A: the page first (nothing memoised: fiche, comparison lines and rendering all cold),
  then the API fiche (now memoised), then the page again (warm);
- set B: the API fiche first (cold: the anchor, same work as set A's cold page minus the web
  layer), then the page (fiche memoised, comparison lines cold).

The two sets are interleaved (one territory of each in turn), so neither meets a warmer
DuckDB buffer or a fuller memo (région and France lines) than the other.

Writes p50/p95/max per scenario to benchmarks/results/web.json. Target (issue 13): territory
page server time p95 ≤ 100 ms; the anchor tells how much of it is the fiche, which the API pays
too. One client, sequential: a server time, not a load test (bench_api_load.py is that).

    .venv/bin/python benchmarks/bench_web.py [--sample 60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "web.json"
TARGET_MS = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _warehouse() -> Path:
    path = ROOT / "var" / "warehouse.duckdb"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "vigie_industrie", "build"], check=True, cwd=ROOT)
    return path


def _sample(warehouse: Path, n: int) -> list[str]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        codes = [c for (c,) in con.execute("select code from territoire where type = 'epci' order by code").fetchall()]
    finally:
        con.close()
    return random.Random(13).sample(codes, min(n, len(codes)))


def _stats(ms: list[float]) -> dict:
    ordered = sorted(ms)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(ms), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1), "mean_ms": round(statistics.fmean(ordered), 1)}


def _get(client: httpx.Client, path: str, times: dict[str, list[float]], scenario: str) -> None:
    t0 = time.perf_counter()
    r = client.get(path)
    elapsed = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{path} : HTTP {r.status_code} {r.text[:200]}")
    times.setdefault(scenario, []).append(elapsed)


MODES = ("sans_prechauffage", "apres_prechauffage")


def _run(warehouse: Path, set_a: list[str], set_b: list[str], mode: str) -> dict[str, list[float]]:
    """One server, one mode: the five scenarios over the two sets (times in ms per scenario)."""
    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="vigie-bench-web-")
    env = {**os.environ, "VIGIE_WAREHOUSE": str(warehouse), "VIGIE_DATABASE_URL": f"sqlite:///{tmp}/vigie.db",
           "VIGIE_ENV": "test"}
    env.pop("VIGIE_WARM_FICHES", None)
    command = [sys.executable, "-m", "vigie_industrie", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if mode == "sans_prechauffage":
        command.append("--sans-prechauffage")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times: dict[str, list[float]] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            if mode == "apres_prechauffage":  # wait for the background warm-up (at most 10 min)
                started = time.perf_counter()
                while time.perf_counter() - started < 600:
                    state = (client.get("/health").json().get("fiches") or {})
                    if state.get("etat") in ("termine", "en_erreur", "desactive"):
                        break
                    time.sleep(1)
                times["_secondes"] = state.get("secondes")  # type: ignore[assignment]
            # one warm-up territory outside the sample (process start, first DuckDB open, templates)
            client.get("/territoire/fr"), client.get("/api/v1/territoires/fr")
            # interleaved, so both sets meet the same DuckDB buffer and memo state
            for a, b in zip(set_a, set_b):
                _get(client, f"/territoire/{a}", times, "page_cold")
                _get(client, f"/api/v1/territoires/{b}", times, "api_cold")
                _get(client, f"/territoire/{b}", times, "page_after_api")
                _get(client, f"/api/v1/territoires/{a}", times, "api_warm")
                _get(client, f"/territoire/{a}", times, "page_warm")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=60, help="EPCI per set (two sets)")
    args = parser.parse_args()
    warehouse = _warehouse()
    codes = _sample(warehouse, 2 * args.sample)
    set_a, set_b = codes[: len(codes) // 2], codes[len(codes) // 2:]
    runs = {mode: _run(warehouse, set_a, set_b, mode) for mode in MODES}
    per_mode = {mode: {name: _stats(ms) for name, ms in times.items() if not name.startswith("_")}
                for mode, times in runs.items()}
    scenarios = per_mode["sans_prechauffage"]
    warmed = per_mode["apres_prechauffage"]
    result = {
        "what": "territory page /territoire/{EPCI} server time on loopback, one sequential client, `vigie serve` "
                "(1 uvicorn process) over the warehouse built from the mirror; anchored against GET "
                "/api/v1/territoires/{EPCI} of comparable territories in the same run",
        "warehouse": "mirror (official files of ../shared/data), var/warehouse.duckdb",
        "sample": {"type": "epci", "seed": 13, "per_set": len(set_a)},
        "modes": {
            "sans_prechauffage": "`vigie serve --sans-prechauffage`: every fiche built on its first request (the "
                                 "worst case: a server whose background warm-up is switched off)",
            "apres_prechauffage": "`vigie serve` as `make run` starts it, measured once /health reports the "
                                  "background warm-up « termine » (the steady state users meet)",
        },
        "scenarios": {
            "page_cold": "page first: fiche, comparison lines and rendering all cold (set A)",
            "api_cold": "API fiche first: the anchor, cold fiche (set B)",
            "page_after_api": "page after the API: memoised fiche, comparison lines cold (set B)",
            "page_warm": "page again: everything memoised, rendering only (set A)",
            "api_warm": "API fiche memoised (set A)",
        },
        "results": scenarios,
        "results_apres_prechauffage": warmed,
        "prechauffage_secondes": runs["apres_prechauffage"].get("_secondes"),
        "web_layer_cold_p95_ms": round(scenarios["page_cold"]["p95_ms"] - scenarios["api_cold"]["p95_ms"], 1),
        "target": f"territory page server time p95 ≤ {TARGET_MS:.0f} ms",
        "target_met_cold": scenarios["page_cold"]["p95_ms"] <= TARGET_MS,
        "target_met_after_api": scenarios["page_after_api"]["p95_ms"] <= TARGET_MS,
        "target_met_warm": scenarios["page_warm"]["p95_ms"] <= TARGET_MS,
        "target_met_first_request_after_warm_up": warmed["page_cold"]["p95_ms"] <= TARGET_MS,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg_1min_at_end": round(os.getloadavg()[0], 2)},
        "note": "2 CPU cores shared with other jobs during the run (see loadavg): figures are upper bounds.",
    }
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"sans_prechauffage": result["results"], "apres_prechauffage": warmed}, indent=2))


if __name__ == "__main__":
    main()
