"""Fixtures of the alert, impact and eligibility pages: the one app (API + pages) over the mirror warehouse.

Expected codes and names are read from the mirror's official files (Etalab commune × EPCI list,
INSEE zone d'emploi composition), never from the warehouse the app reads.
"""

from __future__ import annotations

import csv

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import number, parse  # noqa: F401  (re-exported for the test modules)


@pytest.fixture(scope="session")
def aei_client(settings):
    from vigie_industrie.api.app import create_app

    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="session")
def raw_communes(mirror) -> list[dict]:
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def raw_ze(mirror) -> dict[str, str]:
    """Commune (COG 2023) → zone d'emploi 2020, from INSEE's composition file."""
    path = mirror / "insee-zones-emploi-chomage" / "ze2020_composition_communale_cog2023.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return {r["CODGEO"]: r["ZE2020"] for r in csv.DictReader(f)}


def rows(tree, table_id: str) -> list[dict]:
    """The rows of an alert table: code, rank, calibrated probability (from ``<data value>``)."""
    out = []
    for tr in tree.css(f"#{table_id} tbody tr[data-code]"):
        cells = {td.attributes["data-champ"]: td for td in tr.css("td[data-champ]")}
        out.append({"code": tr.attributes["data-code"], "rang": int(cells["rang"].text(strip=True)),
                    "probabilite": number(cells["probabilite"].css_first("data").attributes["value"]),
                    "valeur": number(cells["valeur"].css_first("data").attributes["value"]),
                    "variables": [li.attributes["data-variable"] for li in cells["explication"].css("li")]})
    return out
