"""Web fixtures: the one FastAPI app (API + pages) over the warehouse built from the mirror.

A public custom perimeter (the Audomarois: CA du Pays de Saint-Omer + Blendecques) is created in
the test store, so the ``perim-N`` page is tested like every other kind.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser


@pytest.fixture(scope="session")
def web_app(settings):
    from vigie_industrie.api.app import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
def client(web_app):
    with TestClient(web_app, raise_server_exceptions=True) as c:
        yield c


@pytest.fixture(scope="session")
def perimetre_code(web_app, warehouse_path) -> str:
    from vigie_industrie.observatoire import membres
    from vigie_industrie.programme import perimetres
    from vigie_industrie.programme.authz import Actor
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        with web_app.state.store.transaction() as session:
            row = perimetres.create(
                session=session, actor=Actor.system("test"),
                data=perimetres.PerimetreCreate(nom="Audomarois élargi", visibilite="public",
                                                membres=["200069037", "62139"]),
                check_members=lambda codes: membres.check_members(con, codes))
            return perimetres.code_of(row.id)
    finally:
        con.close()


@pytest.fixture(scope="session")
def sample(perimetre_code) -> dict[str, str]:
    """One territory of every kind: kind → address (page path; the API path is the same code)."""
    return {
        "commune": "62139",
        "epci": "200072460",
        "ept": "200057867",
        "territoire_industrie": "ti-3212?phase=2",
        "territoire_industrie_phase1": "ti-3204?phase=1",
        "zone_emploi": "3215",
        "departement": "dep-62",
        "region": "reg-32",
        "circonscription": "circo-62-08",
        "france": "fr",
        "perimetre": perimetre_code,
    }


@pytest.fixture(scope="session")
def pages(client, sample) -> dict[str, str]:
    """The HTML of every sample page (fetched once per worker)."""
    out = {}
    for kind, address in sample.items():
        response = client.get(f"/territoire/{address}")
        assert response.status_code == 200, (kind, response.text[:500])
        out[kind] = response.text
    return out


@pytest.fixture(scope="session")
def fiches(client, sample) -> dict[str, dict]:
    """The API fiche of every sample territory."""
    out = {}
    for kind, address in sample.items():
        response = client.get(f"/api/v1/territoires/{address}")
        assert response.status_code == 200, (kind, response.text[:500])
        out[kind] = response.json()
    return out


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def number(text: str | None) -> float | None:
    """A ``<data value>`` as a number ('' = missing)."""
    return None if text in (None, "") else float(text)
