"""How long the structural check of every mirror file takes (sha256, header, rows, gzip).

Moved out of the test suite (a timing assertion there fails on a loaded machine and proves
nothing about correctness, which tests/sources/test_catalogue.py checks file by file).
Writes benchmarks/results/mirror_checks.json.

    .venv/bin/python benchmarks/bench_mirror_checks.py [--mirror DIR] [--repeat 3]

Target: the whole mirror checked in under 10 s on the 2-core CI machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "mirror_checks.json"
TARGET_SECONDS = 10.0


def check_all(mirror: Path) -> tuple[int, int]:
    from vigie_industrie.sources import catalogue, validate

    files = size = 0
    for source in catalogue.load_catalogue().values():
        for sfile in source.files:
            if sfile.in_mirror:
                result = validate.check_file(source, sfile, sfile.path(mirror, source.id))
                files += 1
                size += result.size
    return files, size


def main() -> int:
    from vigie_industrie.config import default_mirror

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=default_mirror())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.mirror is None or not Path(args.mirror).is_dir():
        print("Miroir introuvable : passez --mirror DIR.", file=sys.stderr)
        return 2
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        files, size = check_all(Path(args.mirror))
        runs.append(time.perf_counter() - started)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "target_seconds": TARGET_SECONDS,
        "files": files,
        "bytes": size,
        "runs_seconds": [round(r, 3) for r in runs],
        "median_seconds": round(statistics.median(runs), 3),
        "within_target": statistics.median(runs) < TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
