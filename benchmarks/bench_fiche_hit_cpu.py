"""CPU of one memoised fiche request inside the app (raw ASGI calls: no HTTP, no other process).

Why: under a loaded machine the load test's wall times measure the scheduler; the CPU one request
costs the application is what decides how many a core serves. Calls the app directly with an ASGI
scope, after one call that memoises the fiche, and prints CPU ms per request (time.process_time)
for a fiche and for /health (the framework's floor).

    .venv/bin/python benchmarks/bench_fiche_hit_cpu.py --warehouse var/warehouse.duckdb [--n 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path


async def call(app, path: str) -> tuple[int, int]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), (b"accept", b"application/json")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    out = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        out.append(message)

    await app(scope, receive, send)
    return out[0]["status"], sum(len(m.get("body", b"")) for m in out[1:])


async def measure(app, paths: list[str], n: int) -> None:
    for path in paths:
        status, size = await call(app, path)  # memoises the fiche
        started = time.process_time()
        for _ in range(n):
            await call(app, path)
        ms = (time.process_time() - started) * 1000 / n
        print(f"{path:<40} {status} {size:>7} octets  {ms:.3f} ms CPU/requête")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vigie-bench-"))
    os.environ.update(VIGIE_WAREHOUSE=str(args.warehouse.resolve()), VIGIE_DATABASE_URL=f"sqlite:///{tmp / 'vigie.db'}",
                      VIGIE_ENV="dev")
    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    app = create_app(Settings())
    asyncio.run(measure(app, ["/api/v1/territoires/200069037", "/api/v1/territoires/reg-32", "/health"], args.n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
