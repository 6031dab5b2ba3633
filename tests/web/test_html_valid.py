"""The pages validate with the Nu Html Checker (vnu.jar from npm ``vnu-jar``, the W3C's checker).

One JVM run checks every sample page and the error pages (a few seconds). Errors and warnings
fail; plain infos do not (vnu informs that it has no schema for the dsfr-chart custom elements'
attributes, which is expected for web components).

The header search box is an ``<input type="text" role="combobox">``: vnu refuses the combobox
role on ``type="search"``, so no message is set apart.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# The pages of the alerts, impact and eligibility modules (issues 15-16), checked in the same JVM run.
AEI_PAGES = {"alertes": "/alertes?cible=emploi_epci&region=32&limit=5", "alertes-territoire": "/alertes/200072460",
             "impact": "/impact", "impact-resultat": "/impact?commune=62119&naf=22.11Z&emplois=863",
             "impact-erreur": "/impact?commune=62119&naf=22.11Z&emplois=0", "eligibilite": "/eligibilite?region=32&limit=3",
             "eligibilite-territoire": "/eligibilite/200027183"}


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("java ou node_modules/vnu-jar absent : lancez `make assets` (npm ci) sur une machine avec Java")
    return [java, "-Xss8m", "-jar", str(VNU)]


def invalid(vnu: list[str], folder: Path) -> list[str]:
    """Every error or warning vnu reports on the ``*.html`` of ``folder`` (one JVM run), as
    ``file:line: message``; plain infos are not counted (see the module docstring)."""
    done = subprocess.run([*vnu, "--format", "json", "--exit-zero-always", *sorted(map(str, folder.glob("*.html")))],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages
            if (m["type"] == "error" or m.get("subType") == "warning")]


def test_pages_validate(vnu, pages, client, tmp_path):
    for kind, html in pages.items():
        (tmp_path / f"{kind}.html").write_text(html, encoding="utf-8")
    for name, path in (("inconnu", "/territoire/zzzzzz"), ("ambigu", "/territoire/32"), ("invalide", "/territoire/62?phase=9")):
        (tmp_path / f"erreur-{name}.html").write_text(client.get(path).text, encoding="utf-8")
    for name, path in AEI_PAGES.items():
        (tmp_path / f"aei-{name}.html").write_text(client.get(path).text, encoding="utf-8")
    bad = invalid(vnu, tmp_path)
    assert not bad, "\n".join(bad[:30])
    assert len(list(tmp_path.glob("*.html"))) == len(pages) + 3 + len(AEI_PAGES)
