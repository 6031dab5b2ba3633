"""How long a PDF fiche takes (issue 13 benchmark: ≤ 3 s), anchored on the same fiche's HTML.

Measures, in one process over a built warehouse, for a few territories of different kinds:
the HTML rendering (the anchor: fiche → comparison series → charts → template) and the PDF
rendering (the same, then WeasyPrint), each from the typed fiche the web app holds in memory
(``fiches.service.fiche_cached``), and the cold command ``vigie fiche … --format pdf`` (a new
process: imports of matplotlib and WeasyPrint included). Wall and CPU time are both recorded,
with the load average: on a shared 2-core machine the wall time follows the neighbours.
Writes benchmarks/results/fiche_pdf.json.

    .venv/bin/python benchmarks/bench_fiche_pdf.py [--warehouse var/warehouse.duckdb] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "fiche_pdf.json"
TARGET_SECONDS = 3.0
QUERIES = ("200023414", "200093201", "circo-62-08", "reg-32", "fr")


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "var" / "warehouse.duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.warehouse.exists():
        print(f"Entrepôt introuvable : {args.warehouse} (lancez vigie build).", file=sys.stderr)
        return 2

    import pypdf

    from vigie_industrie import reports
    from vigie_industrie.fiches import service
    from vigie_industrie.warehouse.connection import WarehouseReader

    load_before = os.getloadavg()
    reader = WarehouseReader(args.warehouse, shared=True)
    reports.render(service.fiche_cached(reader, "fr"), "html", con=reader.con)  # imports, fonts: once per process
    cases = []
    for query in QUERIES:
        fiche = service.fiche_cached(reader, query)
        html, pdf = [], []
        for _ in range(args.repeat):
            _, wall, cpu = _timed(lambda: reports.render(fiche, "html", con=reader.con))
            html.append((wall, cpu))
            data, wall, cpu = _timed(lambda: reports.render(fiche, "pdf", con=reader.con))
            pdf.append((wall, cpu))
        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        cases.append({
            "query": query, "type": fiche.type, "pdf_bytes": len(data), "pages": pages,
            "html_wall_s": round(statistics.median(w for w, _ in html), 3),
            "html_cpu_s": round(statistics.median(c for _, c in html), 3),
            "pdf_wall_s": round(statistics.median(w for w, _ in pdf), 3),
            "pdf_cpu_s": round(statistics.median(c for _, c in pdf), 3),
        })
    reader.close()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fiche.pdf"
        cmd = [sys.executable, "-m", "vigie_industrie", "fiche", QUERIES[0], "--format", "pdf", "--output", str(out),
               "--warehouse", str(args.warehouse)]
        started = time.perf_counter()
        usage = os.times()
        subprocess.run(cmd, check=True, capture_output=True)
        after = os.times()
        cold = {"command": " ".join(["vigie"] + cmd[3:]), "wall_s": round(time.perf_counter() - started, 3),
                "cpu_s": round((after.children_user + after.children_system) - (usage.children_user + usage.children_system), 3)}

    worst = max(c["pdf_wall_s"] for c in cases)
    worst_cpu = max(c["pdf_cpu_s"] for c in cases)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "target_seconds": TARGET_SECONDS,
        "repeat": args.repeat,
        "warm_process": cases,
        "cold_command": cold,
        "worst_pdf_wall_s": worst,
        "worst_pdf_cpu_s": worst_cpu,
        "pdf_over_html_wall": round(statistics.median(c["pdf_wall_s"] / c["html_wall_s"] for c in cases), 2),
        "met_wall": worst <= TARGET_SECONDS,
        "met_cpu": worst_cpu <= TARGET_SECONDS,
        "note": "wall time on a shared 2-core machine follows the load average (see machine); CPU time is the "
                "process's own work. The anchor is html_*: the same fiche, comparison series and charts, without WeasyPrint.",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
