"""Screenshots of the main pages for the README: docs/screenshots/{accueil,territoire,comparer,classements}.png.

    .venv/bin/python scripts/screenshots.py [--warehouse var/warehouse.duckdb] [--out docs/screenshots]

Serves the app on 127.0.0.1 (a free port) over the given warehouse, drives Debian's headless
Chromium (scripts/chromium.sh installs it) with Playwright, and refuses any request leaving
127.0.0.1, like the browser tests. The programme store is a throw-away SQLite file.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# name → (address, element scrolled to the top of the picture or None)
PAGES = {
    "accueil": ("/", None),
    "territoire": ("/territoire/200072460", None),
    "comparer": ("/comparer?codes=200072460,200069037,dep-62", "#titre-graphiques"),
    "classements": ("/classements?type=epci&indicateur=part_industrie&region=32", None),
}


def serve(warehouse: Path, store: Path):
    import uvicorn

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    settings = Settings(warehouse=warehouse, database_url=f"sqlite:///{store}", env="dev")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("Erreur : le serveur n'a pas démarré.")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def main() -> int:
    from tests.browser.conftest import CHROMIUM_ARGS, ensure_chromium, is_local

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "var" / "warehouse.duckdb")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not args.warehouse.exists():
        print(f"Erreur : entrepôt {args.warehouse} introuvable ; lancez `vigie build`.", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server, thread, base = serve(args.warehouse, Path(tmp) / "store.db")
        external: list[str] = []

        def route(r):
            if is_local(r.request.url):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort("blockedbyclient")

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(ensure_chromium()), args=CHROMIUM_ARGS)
                context = browser.new_context(base_url=base, locale="fr-FR", viewport={"width": 1280, "height": 1000})
                context.route("**/*", route)
                page = context.new_page()
                for name, (url, anchor) in PAGES.items():
                    page.goto(url, wait_until="networkidle")
                    if anchor:
                        page.eval_on_selector(anchor, "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 16)")
                    page.wait_for_timeout(800)  # chart and map animations
                    page.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
                    print(f"{args.out / f'{name}.png'} ← {url}")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    if external:
        print("Erreur : requêtes hors de 127.0.0.1 refusées : " + ", ".join(external), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
