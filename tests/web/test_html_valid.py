"""The pages validate with the Nu Html Checker (vnu.jar from npm ``vnu-jar``, the W3C's checker).

One JVM run checks every sample page and the error pages (a few seconds). Errors and warnings
fail; plain infos do not (vnu informs that it has no schema for the dsfr-chart custom elements'
attributes, which is expected for web components).

Known and reported, not this module's: the header search box (``_recherche.html``, web-pages)
is an ``<input type="search" role="combobox">``, which vnu refuses (``type="text"`` would do);
its messages are set apart by their line range, so any other error still fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("java ou node_modules/vnu-jar absent : lancez `make assets` (npm ci) sur une machine avec Java")
    return [java, "-Xss8m", "-jar", str(VNU)]


def _search_box(message: dict) -> bool:
    """A message about the header search input (see the module docstring)."""
    path = Path(message.get("url", "").removeprefix("file:"))
    if not path.is_file() or "input" not in message.get("message", ""):
        return False
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines, 1) if 'id="recherche-q"' in line), None)
    end = next((i for i, line in enumerate(lines[start - 1:], start) if line.rstrip().endswith(">")), None) if start else None
    return start is not None and end is not None and start <= (message.get("lastLine") or 0) <= end


def test_pages_validate(vnu, pages, client, tmp_path):
    for kind, html in pages.items():
        (tmp_path / f"{kind}.html").write_text(html, encoding="utf-8")
    for name, path in (("inconnu", "/territoire/zzzzzz"), ("ambigu", "/territoire/32"), ("invalide", "/territoire/62?phase=9")):
        (tmp_path / f"erreur-{name}.html").write_text(client.get(path).text, encoding="utf-8")
    done = subprocess.run([*vnu, "--format", "json", "--exit-zero-always", *sorted(map(str, tmp_path.glob("*.html")))],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    bad = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages
           if (m["type"] == "error" or m.get("subType") == "warning") and not _search_box(m)]
    assert not bad, "\n".join(bad[:30])
    assert len(list(tmp_path.glob("*.html"))) == len(pages) + 3
