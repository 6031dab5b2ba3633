"""Home page + default map: bytes transferred (gzip) and first render time in headless Chromium.

Serves the app (uvicorn, in this process, 127.0.0.1 free port) over a warehouse built from the
mirror (or ``--warehouse``), loads ``/`` in fresh browser contexts (empty cache each time) after
one warm-up load (server caches warm, as in steady state), and writes
benchmarks/results/carte.json:

- ``octets_transferes``: every response of the page (HTML, CSS, JS, fonts, the map's GeoJSON and
  values) as sent on the wire, i.e. gzip-encoded body + headers (Playwright ``request.sizes()``);
- ``premier_rendu_ms``: from navigation start to the first paint of the coloured map. Since the
  home page shows the server's SVG picture of the map first (``carte.apercu``, replaced by maplibre),
  that is the paint time of ``<img id="carte-apercu">`` (its Largest Contentful Paint entry: the
  picture is the page's largest element), or maplibre's first ``idle`` if that came first;
- ``carte_interactive_ms``: from navigation start to maplibre's first ``idle`` once the polygons are
  coloured (``window.vigieCarte.rendu``, set by static/js/carte.js): the previous definition of
  « premier rendu », kept so that figures stay comparable (hover and click work from then on);
- ``jalons_ms_mediane``: page milestones (HTML received, first paint, DOM ready, the performance
  marks of carte.js), to see where the time goes;
- ``cpu_s_par_chargement``: CPU seconds of Chromium (all processes) and of the server per load: on
  a shared machine the wall times follow the load average, the CPU seconds much less.

Targets (issue 13): ≤ 2 MB transferred, first render ≤ 1.5 s on loopback. The load average is
recorded: on a shared 2-core machine the render time is dominated by CPU contention.

    .venv/bin/python benchmarks/bench_carte.py [--warehouse var/warehouse.duckdb] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RESULTS = ROOT / "benchmarks" / "results" / "carte.json"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
LIMIT_BYTES = 2_000_000
LIMIT_MS = 1500
DEF_PREMIER = ("navigation → premier affichage de la carte coloriée : l'image SVG du serveur (entrée Largest "
               "Contentful Paint de <img id=carte-apercu>), ou le premier « idle » de maplibre s'il vient avant")
DEF_INTERACTIVE = ("navigation → premier « idle » de maplibre, polygones coloriés (window.vigieCarte.rendu) : "
                   "la définition de « premier rendu » de ce banc jusqu'au 2026-12-01")


def serve(warehouse: Path, store: Path):
    import uvicorn

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    settings = Settings(warehouse=warehouse, database_url=f"sqlite:///{store}", env="test")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("Le serveur n'a pas démarré.")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _cpu() -> dict[int, float]:
    """CPU seconds (user + system) of this process (server threads) and of every descendant (Chromium)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1:
            if pid == me:
                return True
            pid = parents.get(pid, 0)
        return False

    return {pid: c for pid, c in cpu.items() if mine(pid)}


def load_once(browser, base: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    before = _cpu()
    page = context.new_page()
    finished: list = []
    outside: list[str] = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("data:", "blob:", base)) else None)
    page.goto(base + "/")
    deadline = time.monotonic() + 120
    while not page.evaluate("() => window.vigieCarte && window.vigieCarte.rendu !== null"):
        if time.monotonic() > deadline:
            raise SystemExit("La carte ne s'est pas rendue en 120 s.")
        time.sleep(0.02)
    rendu = page.evaluate("() => window.vigieCarte.rendu")
    # the server's picture of the map (<img id="carte-apercu">): when it was painted, from the page's
    # Largest Contentful Paint entries (the picture is the page's largest element)
    apercu = page.evaluate("""() => new Promise((resolve) => {
        new PerformanceObserver((list) => {
            const e = list.getEntries().find((x) => x.url.includes('/carte/apercu.svg'));
            if (e) resolve(e.renderTime || e.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(null), 500);
    })""")
    after = _cpu()
    cpu = sum(c - before.get(pid, 0.0) for pid, c in after.items())
    perf = page.evaluate("""() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .map(e => [e.name, e.transferSize])""")
    features = page.evaluate("() => window.vigieCarte.nbTerritoires()")
    jalons = page.evaluate("""() => {
        const n = performance.getEntriesByType('navigation')[0];
        const out = {reponse_html: n.responseEnd, dom_pret: n.domContentLoadedEventEnd};
        for (const p of performance.getEntriesByType('paint')) out[p.name] = p.startTime;
        for (const m of performance.getEntriesByType('mark')) out[m.name] = m.startTime;
        for (const k in out) out[k] = Math.round(out[k]);
        return out; }""")
    # Bytes on the wire per URL: Playwright's sizes (body as encoded + headers), or the browser's
    # own transferSize where larger (the maplibre worker script is fetched outside page events).
    sizes: dict[str, tuple[str, int]] = {}
    for request in finished:
        s = request.sizes()
        kind = "api" if "/api/" in request.url else request.resource_type
        sizes[request.url] = (kind, s["responseBodySize"] + s["responseHeadersSize"])
    for url, transfer in perf:
        kind, size = sizes.get(url, ("script" if url.endswith((".mjs", ".js")) or ".mjs?" in url else "autre", 0))
        sizes[url] = (kind, max(size, int(transfer)))
    per_kind: dict[str, int] = {}
    for kind, size in sizes.values():
        per_kind[kind] = per_kind.get(kind, 0) + size
    context.close()
    premier = min(rendu, apercu) if apercu else rendu
    return {"rendu_ms": round(premier, 1), "interactive_ms": round(rendu, 1),
            "apercu_ms": round(apercu, 1) if apercu else None, "octets": sum(per_kind.values()), "par_type": per_kind,
            "requetes": len(sizes), "cpu_s": round(cpu, 2), "polygones": features, "hors_boucle_locale": outside,
            "jalons_ms": jalons}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--avant", type=Path, default=None,
                        help="result file of the previous tree measured in the same sitting: its figures are copied under « avant »")
    parser.add_argument("--out", type=Path, default=RESULTS, help="result file (default benchmarks/results/carte.json)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-carte-"))
    warehouse = args.warehouse
    if warehouse is None:
        from vigie_industrie.config import default_mirror
        from vigie_industrie.warehouse import build

        warehouse = tmp / "warehouse.duckdb"
        build.build(warehouse=warehouse, base_dir=default_mirror())
    server, thread, base = serve(warehouse, tmp / "store.db")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("VIGIE_CHROMIUM", "/usr/bin/chromium"),
                                                 args=ARGS)
            froid = load_once(browser, base)  # first load: server caches cold
            runs = [load_once(browser, base) for _ in range(args.runs)]
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    rendus = [r["rendu_ms"] for r in runs]
    interactives = [r["interactive_ms"] for r in runs]
    octets = max(r["octets"] for r in runs)
    result = {
        "benchmark": "carte (page d'accueil + carte par défaut : EPCI, part de l'industrie, TI phase 2)",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "loadavg_1min": round(os.getloadavg()[0], 2)},
        "entrepot": str(warehouse) if args.warehouse else "construit depuis le miroir ../shared/data",
        "octets_transferes": {"max": octets, "limite": LIMIT_BYTES, "ok": octets <= LIMIT_BYTES,
                              "par_type": runs[0]["par_type"], "requetes": runs[0]["requetes"]},
        "premier_rendu_ms": {"mediane": round(statistics.median(rendus), 1), "min": min(rendus), "max": max(rendus),
                             "essais": rendus, "limite": LIMIT_MS, "ok": statistics.median(rendus) <= LIMIT_MS,
                             "definition": DEF_PREMIER},
        "carte_interactive_ms": {"mediane": round(statistics.median(interactives), 1), "min": min(interactives),
                                 "max": max(interactives), "essais": interactives, "limite": LIMIT_MS,
                                 "ok": statistics.median(interactives) <= LIMIT_MS, "definition": DEF_INTERACTIVE},
        "cpu_s_par_chargement": {"mediane": round(statistics.median(r["cpu_s"] for r in runs), 2),
                                 "note": "secondes CPU (Chromium, WebGL logiciel SwiftShader compris, + serveur) consommées "
                                         "par un chargement ; réparties sur 2 cœurs libres, le rendu ne pourrait "
                                         "descendre sous ≈ cpu/2"},
        "jalons_ms_mediane": {k: statistics.median(r["jalons_ms"].get(k, 0) for r in runs) for k in runs[0]["jalons_ms"]},
        "chargement_a_froid": {"rendu_ms": froid["rendu_ms"], "interactive_ms": froid["interactive_ms"],
                               "octets": froid["octets"]},
        "polygones_dessines": runs[0]["polygones"],
        "requetes_hors_127_0_0_1": sorted({u for r in [froid, *runs] for u in r["hors_boucle_locale"]}),
    }
    if args.avant:
        prev = json.loads(args.avant.read_text(encoding="utf-8"))
        result["avant"] = {k: prev[k] for k in ("date", "machine", "octets_transferes", "premier_rendu_ms",
                                                "carte_interactive_ms", "cpu_s_par_chargement", "jalons_ms_mediane")
                           if k in prev}
        result["avant"]["note"] = "arbre précédent (avant ce changement) mesuré dans la même session"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
