"""Browser test harness: the real app served by uvicorn on 127.0.0.1, driven by headless Chromium.

Why this shape:

- one uvicorn server (in a thread of the test process, on a socket bound to 127.0.0.1 port 0)
  over the session's test warehouse, and one Chromium per session: launching a browser costs
  seconds, a new context per test costs milliseconds;
- Chromium is Debian's (``/usr/bin/chromium``, installed by ``scripts/chromium.sh``) and Playwright
  only drives it (``executable_path``): ``playwright install`` downloads browser builds, which
  this project never does;
- the ``page`` fixture is a guard as much as a page: every request is recorded, a request to any
  host other than 127.0.0.1 is aborted (it never leaves the machine) and, like any console error
  or uncaught page error, makes the test FAIL after its body ran (``pytest_runtest_call`` below);
- ``axe(page)`` runs axe-core (npm, ``node_modules/axe-core``) in the page and returns the
  serious and critical violations, the ones the acceptance of issue 13 forbids.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("VIGIE_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOST = "127.0.0.1"
# The contract's flags: headless, no sandbox (root in CI), nothing phoned home by Chromium itself;
# WebGL through SwiftShader (software) so that maplibre draws without a GPU.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]
# Schemes that never reach the network (inline data, the page's own blobs, the browser itself).
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-extension", "devtools")
SERIOUS = ("serious", "critical")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(items):
    """Every test of this folder is a browser test (``-m "not browser"`` skips them all), and all
    of them run on one xdist worker (``--dist loadgroup``): one server and one browser in all."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


# --- the browser --------------------------------------------------------------------------------

def ensure_chromium() -> Path:
    """``/usr/bin/chromium``, installed by scripts/chromium.sh if missing; a clear failure otherwise."""
    if not CHROMIUM.exists():
        done = subprocess.run([str(ROOT / "scripts" / "chromium.sh")], capture_output=True, text=True)
        if done.returncode != 0 or not CHROMIUM.exists():
            pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez scripts/chromium.sh "
                        f"(apt-get install chromium). {done.stderr.strip()}", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    executable = ensure_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.fail("Playwright pour Python absent : pip install -e '.[dev]'.", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --- the server ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def live_server(settings) -> str:
    """Base URL of the app (API + web) served by uvicorn over the session's test warehouse."""
    import uvicorn

    from vigie_industrie.api.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOCAL_HOST, 0))  # the port is ours from here on: no race with another worker
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("Le serveur uvicorn de test n'a pas démarré.", pytrace=False)
        time.sleep(0.05)
    yield f"http://{LOCAL_HOST}:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


# --- the guarded page ---------------------------------------------------------------------------

@dataclass
class Guard:
    """What a page did: every request, the external ones (aborted), console and page errors."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(f"{message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})")

    def page_error(self, error) -> None:
        self.console_errors.append(f"erreur JavaScript non rattrapée : {error}")

    def problems(self) -> list[str]:
        return ([f"requête hors de {LOCAL_HOST} : {u}" for u in self.external]
                + [f"erreur de console : {e}" for e in self.console_errors])

    def clear(self) -> None:
        self.external.clear()
        self.console_errors.clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme in ("http", "https", "ws", "wss")
                                             and parts.hostname == LOCAL_HOST)


@pytest.fixture()
def guard() -> Guard:
    return Guard()


@pytest.fixture()
def page(browser, live_server, guard):
    """A fresh page (own context: no cookie or cache shared between tests), guarded."""
    context = browser.new_context(base_url=live_server, locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.route("**/*", guard.route)
    page_ = context.new_page()
    page_.on("console", guard.console)
    page_.on("pageerror", guard.page_error)
    page_.set_default_timeout(15_000)
    yield page_
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test using ``page`` ran, fail it on any external request or console error."""
    result = yield
    recorded = item.funcargs.get("guard") if "page" in item.fixturenames else None
    if recorded is not None:
        verdict(recorded)
    return result


def verdict(recorded: Guard) -> None:
    found = recorded.problems()
    if found:
        pytest.fail("La page a enfreint la règle du banc de test :\n  " + "\n  ".join(found), pytrace=False)


# --- accessibility ------------------------------------------------------------------------------

def axe(page, *, impacts: tuple[str, ...] = SERIOUS) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now (``[]`` when clean).

    axe is evaluated through the DevTools protocol (not a ``<script>`` tag), so the page's own
    Content-Security-Policy stays in force for the page and is not weakened for the test.
    """
    if not AXE_JS.exists():
        pytest.fail(f"axe-core introuvable ({AXE_JS}) : lancez `make assets` (npm ci).", pytrace=False)
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate("""async () => {
        const r = await window.axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
    }""")
    return [v for v in violations if v["impact"] in impacts]


def axe_report(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} → {', '.join(v['nodes'])}" for v in violations)
